"""The form of a six-links activity."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

from engage.alliance.alliances.forms import choices
from engage.alliance.sixlinks.models import LINK_LABELS
from engage.core.forms import no_control_chars, strip_filter

F = [strip_filter]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ActivityForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=F,
        validators=[
            DataRequired(_l("Give the activity a title.")),
            Length(max=200),
            no_control_chars,
        ],
    )
    occurred_on = DateField(
        _l("Date"), validators=[DataRequired(_l("Give the date of the activity."))]
    )
    links = CheckboxesField(
        _l("Links"), choices=choices((k.value, v) for k, v in LINK_LABELS.items())
    )
    company_ids = CheckboxesField(_l("Companies that took part"), coerce=_int)
    person_ids = SelectMultipleField(
        _l("People who took part"), coerce=_int, validators=[Optional()]
    )
    description = TextAreaField(
        _l("What was done (Markdown)"), filters=F, validators=[Length(max=20_000)]
    )
    photos = MultipleFileField(_l("Photos"))
    documents = MultipleFileField(_l("Attachments (PDF)"))
