"""Saving the photos of a form: all prepared first, then recorded; refusals beside the field."""

from __future__ import annotations

from flask_babel import gettext as _

from engage.core.database import release_write_lock
from engage.core.uploads import MediaFile, UploadRejected, pixel_limit, prepare_image, record_file
from engage.extensions import db

MAX_PHOTOS = 6


def chosen_files(field) -> list:
    """The files actually chosen in a (Multiple)FileField, empty parts left out."""
    data: list = field.data if isinstance(field.data, list) else [field.data]
    return [f for f in data if f is not None and getattr(f, "filename", None)]


def save_photos(field, *, actor, limit: int = MAX_PHOTOS) -> list[MediaFile] | None:
    """Save every image chosen in `field`. On the first refusal, the reason (naming
    the file) goes beside the field and the result is None; the caller rolls back.

    Every file is verified, re-encoded and stored before the first row is written,
    with the write lock given up if the transaction has only read, so seconds of
    decoding never hold up another request's write. `actor` None (an anonymous
    whistle) gets the tighter pixel limit."""
    files = chosen_files(field)
    if len(files) > limit:
        field.errors = [*field.errors, _("At most %(n)s photos at a time.", n=limit)]
        return None
    release_write_lock(db.session)
    max_pixels = pixel_limit(anonymous=actor is None)
    prepared = []
    for file in files:
        try:
            prepared.append(prepare_image(file, max_pixels=max_pixels))
        except UploadRejected as exc:
            field.errors = [
                *field.errors,
                _("%(name)s: %(reason)s", name=file.filename[-80:], reason=str(exc)),
            ]
            return None
    return [record_file(item, actor=actor) for item in prepared]
