"""Forms of the item library, checklists, proposals, answers and feedback."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.alliance.inspections.models import CATEGORY_LABELS
from engage.core.forms import VersionField, no_control_chars, strip_filter
from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.tracker import Severity

F = [strip_filter]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def severity_choices():
    from flask_babel import lazy_gettext

    labels = {
        Severity.MINOR: lazy_gettext("Minor"),
        Severity.MAJOR: lazy_gettext("Major"),
        Severity.CRITICAL: lazy_gettext("Critical"),
    }
    return choices((s.value, labels[s]) for s in Severity)


class ItemForm(FlaskForm):
    version = HiddenField()
    code = StringField(_l("Code"), filters=F, validators=[DataRequired(), Length(max=32)])
    category = SelectField(
        _l("Category"), choices=choices((k.value, v) for k, v in CATEGORY_LABELS.items())
    )
    requirement = TextAreaField(
        _l("Requirement (Chinese)"),
        filters=F,
        validators=[DataRequired(), Length(max=2000), no_control_chars],
    )
    requirement_en = TextAreaField(
        _l("Requirement (English)"), filters=F, validators=[Length(max=2000)]
    )
    reference = StringField(_l("Law or standard"), filters=F, validators=[Length(max=300)])
    severity = SelectField(_l("Default severity"), choices=severity_choices())
    guidance = TextAreaField(
        _l("Guidance for the inspector (Chinese)"), filters=F, validators=[Length(max=2000)]
    )
    guidance_en = TextAreaField(
        _l("Guidance for the inspector (English)"), filters=F, validators=[Length(max=2000)]
    )
    article_url = StringField(_l("Knowledge article link"), filters=F, validators=[Length(max=300)])


class ImportForm(FlaskForm):
    file = FileField(_l("Workbook (.xlsx)"))


class ChecklistForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Name"), filters=F, validators=[DataRequired(), Length(max=200)])
    focus_target = SelectField(
        _l("Focus target"), choices=choices((k.value, v) for k, v in FOCUS_TARGET_LABELS.items())
    )
    description = TextAreaField(_l("Description"), filters=F, validators=[Length(max=5000)])
    layout = TextAreaField(
        _l("Sections and items"),
        filters=F,
        validators=[DataRequired(), Length(max=50_000)],
        description=_l(
            "A line starting with # opens a section; every other line starts with an item code."
        ),
    )


class AssignForm(FlaskForm):
    checklist_id = SelectField(_l("Checklist"), coerce=_int)


class ProposalForm(FlaskForm):
    host_company_id = SelectField(_l("Host company"), coerce=_int)
    checklist_id = SelectField(_l("Checklist"), coerce=_int)
    planned_on = DateField(_l("Date"), validators=[DataRequired(_l("Give the date."))])
    team_ids = SelectMultipleField(_l("Inspecting team (the first one leads)"), coerce=_int)
    point_ids = StringField(
        _l("Point codes (optional, separated by spaces)"), filters=F, validators=[Length(max=500)]
    )
    note = TextAreaField(_l("Note for the host"), filters=F, validators=[Length(max=2000)])


class DateForm(FlaskForm):
    version = VersionField()
    day = DateField(_l("Another date"), validators=[DataRequired(_l("Give the date."))])


class VersionForm(FlaskForm):
    """A button that acts on an inspection as the page showed it."""

    version = VersionField()


class AnswerForm(FlaskForm):
    revision = HiddenField()
    # Radios drawn by the page; the service checks the value (one message for every way in).
    result = StringField(_l("Result"), validators=[Length(max=20)])
    note = TextAreaField(_l("Note"), filters=F, validators=[Length(max=2000)])
    point_id = IntegerField(_l("Point"), validators=[Optional()])
    photos = MultipleFileField(_l("Photos"))


class RatingForm(FlaskForm):
    rating = IntegerField(
        _l("Rating (1 to 5)"), validators=[DataRequired(), NumberRange(min=1, max=5)]
    )
    comment = TextAreaField(_l("Comment"), filters=F, validators=[Length(max=1000)])


class RoundForm(FlaskForm):
    name = StringField(_l("Name of the round"), filters=F, validators=[Length(max=200)])
    planned_on = DateField(_l("Date"), validators=[DataRequired(_l("Give the date."))])
    checklist_id = SelectField(_l("Checklist"), coerce=_int)
