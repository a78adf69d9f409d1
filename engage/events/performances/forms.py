"""Forms of performances: a submission, a review, a jury member."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from engage.core.forms import VersionField, no_control_chars
from engage.events.performances.models import GENRE_LABELS


class PerformanceForm(FlaskForm):
    version = VersionField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_chars])
    genre = SelectField(
        _l("Genre"), choices=[SelectChoice(g.value, label) for g, label in GENRE_LABELS.items()]
    )
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), validators=[DataRequired(), NumberRange(min=1, max=60)]
    )
    performers = TextAreaField(
        _l("Performers"), validators=[DataRequired(), Length(max=1000), no_control_chars]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    rehearsal = FileField(_l("Rehearsal video (optional)"), validators=[Optional()])


class ReviewForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("accepted", _l("Accept")),
            SelectChoice("changes_requested", _l("Ask for changes")),
            SelectChoice("rejected", _l("Reject")),
        ],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Note to the company"), validators=[Optional(), Length(max=1000), no_control_chars]
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you withdraw it? The organisers are told."),
        validators=[DataRequired(), Length(min=4, max=500), no_control_chars],
    )


class JurorForm(FlaskForm):
    email = StringField(
        _l("Juror's e-mail address"), validators=[DataRequired(), Email(), Length(max=254)]
    )
