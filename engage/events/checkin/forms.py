"""The door form: a ticket code typed or scanned."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class CheckInForm(FlaskForm):
    code = StringField(_l("Ticket code"), validators=[DataRequired(), Length(max=300)])
