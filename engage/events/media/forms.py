"""Forms of media: an album, a batch of photos, a caption, a video."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from engage.core.forms import no_control_chars


class AlbumForm(FlaskForm):
    title = StringField(
        _l("Album title"), validators=[DataRequired(), Length(max=200), no_control_chars]
    )


class PhotosForm(FlaskForm):
    photos = MultipleFileField(_l("Photos (JPEG, PNG, WebP or GIF; choose many)"))


class CaptionForm(FlaskForm):
    caption = StringField(_l("Caption"), validators=[Optional(), Length(max=300), no_control_chars])


class VideoForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_chars])
    video = FileField(_l("Video (MP4 or WebM)"))
