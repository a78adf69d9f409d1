"""The category editor's form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.core.forms import no_control_chars
from engage.knowledge.forms import F, coerce_int


class CategoryForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=F,
        validators=[
            DataRequired(_l("Give the category a name.")),
            Length(max=80),
            no_control_chars,
        ],
    )
    name_en = StringField(
        _l("English name"), filters=F, validators=[Length(max=80), no_control_chars]
    )
    description = StringField(
        _l("Description"), filters=F, validators=[Length(max=300), no_control_chars]
    )
    parent_id = SelectField(_l("Parent category"), coerce=coerce_int, validators=[Optional()])
    position = IntegerField(
        _l("Order"), default=0, validators=[Optional(), NumberRange(min=0, max=9999)]
    )
