"""The article editor's form: validates input, never writes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from engage.core.forms import VersionField, no_control_chars
from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.knowledge.articles.models import AUDIENCE_LABELS, Audience
from engage.knowledge.forms import F, choice_values, choices, coerce_int


class ArticleForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=F,
        validators=[
            DataRequired(_l("Give the article a title.")),
            Length(max=200),
            no_control_chars,
        ],
    )
    summary = TextAreaField(
        _l("Summary"),
        filters=F,
        validators=[Length(max=500)],
        description=_l("One or two sentences shown in lists."),
    )
    body = TextAreaField(
        _l("Body (Markdown)"),
        filters=F,
        validators=[DataRequired(_l("Write the article.")), Length(max=100_000)],
        description=_l("Headings (## …) build the table of contents. Tables: | a | b | lines."),
    )
    category_id = SelectField(
        _l("Category"), coerce=coerce_int, validators=[InputRequired(_l("Choose a category."))]
    )
    tags = StringField(
        _l("Tags"),
        filters=F,
        validators=[Length(max=400), no_control_chars],
        description=_l("Separated by commas, e.g. 灭火器, 消防器材."),
    )
    focus_target = SelectField(
        _l("Focus target"),
        default="",
        choices=choices(
            [("", _l("No particular focus"))]
            + [(k.value, v) for k, v in FOCUS_TARGET_LABELS.items()]
        ),
    )
    audience = SelectField(
        _l("Who may read it"),
        default=Audience.MEMBERS.value,
        choices=choices((k.value, v) for k, v in AUDIENCE_LABELS.items()),
    )
    audience_company_id = SelectField(
        _l("Company (for one company only)"), coerce=coerce_int, validators=[Optional()]
    )
    featured = BooleanField(_l("Featured on the knowledge home"))
    title_en = StringField(
        _l("English title"), filters=F, validators=[Length(max=200), no_control_chars]
    )
    summary_en = TextAreaField(_l("English summary"), filters=F, validators=[Length(max=500)])
    body_en = TextAreaField(
        _l("English body (Markdown)"),
        filters=F,
        validators=[Length(max=100_000)],
        description=_l(
            "English readers see the English version when both its title and body are given."
        ),
    )
    images = MultipleFileField(
        _l("Images to insert"),
        description=_l(
            "JPEG, PNG, WebP or GIF. Each is added at the "
            "end of the body as a Markdown image; move the "
            "line where it belongs."
        ),
    )
    attachments = MultipleFileField(_l("Attachments"), description=_l("PDF documents or images."))
    version = VersionField()

    def validate_category_id(self, field):
        if field.data not in choice_values(field):
            from wtforms.validators import ValidationError

            raise ValidationError(_l("Choose a category."))
