"""Forms of awards: a category with its voting window."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from engage.core.forms import no_control_chars
from engage.events.awards.models import METHOD_LABELS
from engage.events.fields import LocalDateTimeField


class CategoryForm(FlaskForm):
    name = StringField(_l("Award"), validators=[DataRequired(), Length(max=200), no_control_chars])
    method = SelectField(
        _l("Decided by"),
        choices=[SelectChoice(m.value, label) for m, label in METHOD_LABELS.items()],
    )
    voting_opens_at = LocalDateTimeField(_l("Voting opens"), validators=[DataRequired()])
    voting_closes_at = LocalDateTimeField(_l("Voting closes"), validators=[DataRequired()])
