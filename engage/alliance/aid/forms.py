"""Forms of mutual aid."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from engage.alliance.aid.models import RESOURCE_LABELS, URGENCY_LABELS
from engage.alliance.alliances.forms import choices
from engage.core.forms import VersionField, no_control_chars, strip_filter

F = [strip_filter]
QUANTITY = [
    InputRequired(_l("Give a quantity from 1 to 100,000.")),
    NumberRange(1, 100_000, _l("Give a quantity from 1 to 100,000.")),
]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ResourceForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=choices((k.value, v) for k, v in RESOURCE_LABELS.items())
    )
    name = StringField(
        _l("What it is"),
        filters=F,
        validators=[DataRequired(_l("Name the resource.")), Length(max=120), no_control_chars],
    )
    quantity = IntegerField(_l("Quantity"), validators=QUANTITY)
    unit = StringField(_l("Unit"), filters=F, validators=[Length(max=20), no_control_chars])
    contact_name = StringField(
        _l("Who to call"),
        filters=F,
        validators=[
            DataRequired(_l("Give who to call for it.")),
            Length(max=100),
            no_control_chars,
        ],
    )
    contact_phone = StringField(
        _l("Phone"),
        filters=F,
        validators=[DataRequired(_l("Give a phone number.")), Length(max=40), no_control_chars],
    )
    notes = TextAreaField(_l("Notes"), filters=F, validators=[Length(max=500)])
    version = VersionField()


class AidRequestForm(FlaskForm):
    alliance_id = SelectField(_l("Alliance to ask"), coerce=_int)
    what = StringField(
        _l("What is needed"),
        filters=F,
        validators=[DataRequired(_l("Say what is needed.")), Length(max=300), no_control_chars],
    )
    where = StringField(
        _l("Where"),
        filters=F,
        validators=[DataRequired(_l("Say where help must go.")), Length(max=300), no_control_chars],
    )
    urgency = SelectField(
        _l("How urgent"),
        default="high",
        choices=choices((k.value, v) for k, v in URGENCY_LABELS.items()),
    )


class OfferForm(FlaskForm):
    quantity = IntegerField(_l("How many you can send"), validators=QUANTITY)
    note = StringField(
        _l("Note (who comes, when)"), filters=F, validators=[Length(max=500), no_control_chars]
    )


class CloseForm(FlaskForm):
    after_action = TextAreaField(
        _l("After-action note"),
        filters=F,
        validators=[
            DataRequired(_l("Write a short after-action note: what happened, what helped.")),
            Length(max=5000),
        ],
    )
