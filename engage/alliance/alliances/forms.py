"""Forms of alliances: create/edit, ask to join, answer a request, leave."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from engage.core.forms import VersionField, no_control_chars, strip_filter

F = [strip_filter]


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def coerce_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class AllianceForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=F,
        validators=[
            DataRequired(_l("Give the alliance a name.")),
            Length(max=120),
            no_control_chars,
        ],
    )
    lead_company_id = SelectField(_l("Lead company"), coerce=coerce_int)
    area_id = SelectField(
        _l("Functional area"),
        coerce=coerce_int,
        description=_l("Park-wide alliances take companies from every area."),
    )
    charter = TextAreaField(_l("Charter (Markdown)"), filters=F, validators=[Length(max=50_000)])
    logo = FileField(_l("Logo (image)"))
    version = VersionField()


class JoinRequestForm(FlaskForm):
    statement = TextAreaField(
        _l("Why your company wants to join"),
        filters=F,
        validators=[
            DataRequired(_l("Say in a sentence or two why your company wants to join.")),
            Length(min=10, max=2000),
            no_control_chars,
        ],
    )


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (required to refuse)"), filters=F, validators=[Length(max=500), no_control_chars]
    )


class LeaveForm(FlaskForm):
    note = TextAreaField(
        _l("Why your company leaves (optional)"),
        filters=F,
        validators=[Length(max=500), no_control_chars],
    )
