"""Saving the photos of a form: each through the upload service, refusals beside the field."""

from __future__ import annotations

from flask_babel import gettext as _

from engage.core.uploads import MediaFile, UploadRejected, save_image

MAX_PHOTOS = 6


def chosen_files(field) -> list:
    """The files actually chosen in a (Multiple)FileField, empty parts left out."""
    data = field.data if isinstance(field.data, list) else [field.data]
    return [f for f in data if f is not None and getattr(f, "filename", "")]


def save_photos(field, *, actor, limit: int = MAX_PHOTOS) -> list[MediaFile] | None:
    """Save every image chosen in `field`. On the first refusal, the reason (naming
    the file) goes beside the field and the result is None; the caller rolls back."""
    files = chosen_files(field)
    if len(files) > limit:
        field.errors = [*field.errors, _("At most %(n)s photos at a time.", n=limit)]
        return None
    saved = []
    for file in files:
        try:
            saved.append(save_image(file, actor=actor))
        except UploadRejected as exc:
            field.errors = [*field.errors, _("%(name)s: %(reason)s", name=file.filename[-80:],
                                             reason=str(exc))]
            return None
    return saved
