"""Quiz, question and question-bank import forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from engage.core.forms import VersionField, no_control_chars
from engage.knowledge.forms import F, choices, coerce_int
from engage.knowledge.quizzes.models import KIND_LABELS, QuestionKind


class QuizForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=F,
        validators=[DataRequired(_l("Give the quiz a title.")), Length(max=200), no_control_chars],
    )
    description = TextAreaField(_l("Description"), filters=F, validators=[Length(max=1000)])
    category_id = SelectField(
        _l("Category"), coerce=coerce_int, validators=[InputRequired(_l("Choose a category."))]
    )
    published = BooleanField(_l("Published: people can take it"))
    version = VersionField()


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Question type"),
        default=QuestionKind.SINGLE.value,
        choices=choices((k.value, v) for k, v in KIND_LABELS.items()),
    )
    text = TextAreaField(
        _l("Question"),
        filters=F,
        validators=[DataRequired(_l("Write the question.")), Length(max=2000)],
    )
    choices = TextAreaField(
        _l("Choices, one per line"),
        filters=F,
        validators=[Length(max=3000)],
        description=_l("Two to six lines. Leave empty for true or false."),
    )
    answer = StringField(
        _l("Correct answer"),
        filters=F,
        validators=[DataRequired(_l("Give the correct answer.")), Length(max=20)],
        description=_l(
            "Letters of the correct choices (A, or A,C); for true or false: 对 or 错 (T or F)."
        ),
    )
    explanation = TextAreaField(_l("Explanation"), filters=F, validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField(_l("Question bank (.xlsx)"))
