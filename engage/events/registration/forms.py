"""Forms of registration: a group of colleagues, a reorder with its reason."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from engage.core.forms import no_control_chars


class GroupForm(FlaskForm):
    members = SelectMultipleField(
        _l("Colleagues (each holds one seat)"), coerce=int, validators=[DataRequired()]
    )

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members.choices = [SelectChoice(u.id, f"{u.name} <{u.email}>") for u in colleagues]


class ReorderForm(FlaskForm):
    position = IntegerField(
        _l("New place"), validators=[DataRequired(), NumberRange(min=1, max=100000)]
    )
    reason = TextAreaField(
        _l("Why (kept in the log)"),
        validators=[DataRequired(), Length(min=4, max=300), no_control_chars],
    )
