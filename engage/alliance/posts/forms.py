"""Forms of posts and what peers write on them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from engage.alliance.alliances.forms import choices
from engage.alliance.posts.models import VISIBILITY_LABELS
from engage.core.forms import VersionField, no_control_chars, strip_filter
from engage.core.vocab import FOCUS_TARGET_LABELS

F = [strip_filter]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class PostForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=F,
        validators=[DataRequired(_l("Give the post a title.")), Length(max=200), no_control_chars],
    )
    alliance_id = SelectField(_l("Alliance"), coerce=_int)
    visibility = RadioField(
        _l("Who may read it"),
        default="alliance",
        choices=choices((k.value, v) for k, v in VISIBILITY_LABELS.items()),
    )
    focus_target = SelectField(
        _l("Focus target"),
        default="",
        choices=choices(
            [("", _l("No particular focus"))]
            + [(k.value, v) for k, v in FOCUS_TARGET_LABELS.items()]
        ),
    )
    tags = StringField(
        _l("Tags"),
        filters=F,
        validators=[Length(max=400), no_control_chars],
        description=_l("Separated by commas, e.g. 动火作业, 受限空间."),
    )
    body = TextAreaField(
        _l("The practice (Markdown)"),
        filters=F,
        validators=[
            DataRequired(_l("Write the practice: what you did and why it works.")),
            Length(max=100_000),
        ],
    )
    images = MultipleFileField(_l("Images (added at the end of the text)"))
    documents = MultipleFileField(_l("Attachments (PDF)"))
    invite = HiddenField()
    version = VersionField()


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Comment"),
        filters=F,
        validators=[DataRequired(_l("Write the comment.")), Length(max=5000)],
        description=_l("Write @name to tell someone."),
    )
    parent_id = HiddenField()


class ReviewForm(FlaskForm):
    score = RadioField(
        _l("How useful is it for your company? (1-5)"),
        coerce=_int,
        choices=choices((n, str(n)) for n in range(1, 6)),
        validators=[DataRequired(_l("Give a score from 1 to 5."))],
    )
    text = TextAreaField(
        _l("Your review"),
        filters=F,
        validators=[
            DataRequired(_l("Say in a few words how useful the practice is for you.")),
            Length(min=5, max=5000),
        ],
    )
    version = VersionField()


class AdoptForm(FlaskForm):
    note = TextAreaField(
        _l("How your company adopted it"),
        filters=F,
        validators=[
            DataRequired(_l("Say in a few words how your company adopted it.")),
            Length(min=5, max=5000),
        ],
    )
    photo = FileField(_l("An after photo (optional)"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"), filters=F, validators=[DataRequired(_l("Give the reason.")), Length(max=500)]
    )
    comment_id = HiddenField(validators=[Optional()])
