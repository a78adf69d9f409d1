"""Point forms: validate input, never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from engage.core.forms import VersionField, strip_filter
from engage.core.vocab import FOCUS_TARGET_LABELS, FocusTarget


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class PointForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: Plant 2, Building B, Chemicals store."),
    )
    location = StringField(
        _l("Address or location"), filters=[strip_filter], validators=[Optional(), Length(max=300)]
    )
    focus_target = SelectField(
        _l("Focus target"),
        validators=[DataRequired()],
        choices=[SelectChoice(t.value, label) for t, label in FOCUS_TARGET_LABELS.items()],
        default=FocusTarget.OTHER.value,
    )
    responsible_id = SelectField(
        _l("Responsible person"), coerce=_int_or_zero, validate_choice=True
    )
    notes = TextAreaField(
        _l("Notes"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=2000)],
        description=_l("Seen only by your company and park staff."),
    )
    version = VersionField()

    def set_people(self, people) -> None:
        self.responsible_id.choices = [SelectChoice(0, _l("Nobody yet"))] + [
            SelectChoice(u.id, u.name) for u in people
        ]


class RevokeCodeForm(FlaskForm):
    reason = StringField(
        _l("Why is the code replaced?"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=300)],
        description=_l("For example: the label was torn off."),
    )
