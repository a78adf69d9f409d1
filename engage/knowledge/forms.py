"""Knowledge forms: articles, categories, uploads, quizzes and the question bank import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from engage.core.forms import VersionField, no_control_chars, strip_filter
from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.knowledge.models import AUDIENCE_LABELS, Audience
from engage.knowledge.quiz_models import KIND_LABELS, QuestionKind

F = [strip_filter]


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice_values(field) -> set:
    return {c.value for c in field.choices}


def _coerce_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ArticleForm(FlaskForm):
    title = StringField(_l("Title"), filters=F,
                        validators=[DataRequired(_l("Give the article a title.")),
                                    Length(max=200), no_control_chars])
    summary = TextAreaField(_l("Summary"), filters=F, validators=[Length(max=500)],
                            description=_l("One or two sentences shown in lists."))
    body = TextAreaField(_l("Body (Markdown)"), filters=F,
                         validators=[DataRequired(_l("Write the article.")),
                                     Length(max=100_000)],
                         description=_l("Headings (## …) build the table of contents. "
                                        "Tables: | a | b | lines."))
    category_id = SelectField(_l("Category"), coerce=_coerce_int,
                              validators=[InputRequired(_l("Choose a category."))])
    tags = StringField(_l("Tags"), filters=F, validators=[Length(max=400), no_control_chars],
                       description=_l("Separated by commas, e.g. 灭火器, 消防器材."))
    focus_target = SelectField(_l("Focus target"), default="",
                               choices=choices([("", _l("No particular focus"))]
                                               + [(k.value, v) for k, v in
                                                  FOCUS_TARGET_LABELS.items()]))
    audience = SelectField(_l("Who may read it"), default=Audience.MEMBERS.value,
                           choices=choices((k.value, v) for k, v in AUDIENCE_LABELS.items()))
    audience_company_id = SelectField(_l("Company (for one company only)"),
                                      coerce=_coerce_int, validators=[Optional()])
    featured = BooleanField(_l("Featured on the knowledge home"))
    title_en = StringField(_l("English title"), filters=F,
                           validators=[Length(max=200), no_control_chars])
    summary_en = TextAreaField(_l("English summary"), filters=F, validators=[Length(max=500)])
    body_en = TextAreaField(_l("English body (Markdown)"), filters=F,
                            validators=[Length(max=100_000)],
                            description=_l("English readers see the English version when "
                                           "both its title and body are given."))
    images = MultipleFileField(_l("Images to insert"),
                               description=_l("JPEG, PNG, WebP or GIF. Each is added at the "
                                              "end of the body as a Markdown image; move the "
                                              "line where it belongs."))
    attachments = MultipleFileField(_l("Attachments"),
                                    description=_l("PDF documents or images."))
    version = VersionField()

    def validate_category_id(self, field):
        if field.data not in choice_values(field):
            from wtforms.validators import ValidationError

            raise ValidationError(_l("Choose a category."))


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), filters=F,
                       validators=[DataRequired(_l("Give the category a name.")),
                                   Length(max=80), no_control_chars])
    name_en = StringField(_l("English name"), filters=F,
                          validators=[Length(max=80), no_control_chars])
    description = StringField(_l("Description"), filters=F,
                              validators=[Length(max=300), no_control_chars])
    parent_id = SelectField(_l("Parent category"), coerce=_coerce_int, validators=[Optional()])
    position = IntegerField(_l("Order"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=9999)])


class QuizForm(FlaskForm):
    title = StringField(_l("Title"), filters=F,
                        validators=[DataRequired(_l("Give the quiz a title.")), Length(max=200),
                                    no_control_chars])
    description = TextAreaField(_l("Description"), filters=F, validators=[Length(max=1000)])
    category_id = SelectField(_l("Category"), coerce=_coerce_int,
                              validators=[InputRequired(_l("Choose a category."))])
    published = BooleanField(_l("Published: people can take it"))
    version = VersionField()


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Question type"), default=QuestionKind.SINGLE.value,
                       choices=choices((k.value, v) for k, v in KIND_LABELS.items()))
    text = TextAreaField(_l("Question"), filters=F,
                         validators=[DataRequired(_l("Write the question.")), Length(max=2000)])
    choices = TextAreaField(_l("Choices, one per line"), filters=F,
                            validators=[Length(max=3000)],
                            description=_l("Two to six lines. Leave empty for true or false."))
    answer = StringField(_l("Correct answer"), filters=F,
                         validators=[DataRequired(_l("Give the correct answer.")),
                                     Length(max=20)],
                         description=_l("Letters of the correct choices (A, or A,C); "
                                        "for true or false: 对 or 错 (T or F)."))
    explanation = TextAreaField(_l("Explanation"), filters=F, validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField(_l("Question bank (.xlsx)"))
