"""Saving the photos of a form: all prepared first, then recorded; refusals beside the field.

A form that can be refused after its photos were chosen (a public form's question
against spam, a missing field) keeps them: `HeldPhotos` prepares what was chosen,
holds it when the form is refused (see uploads.hold_pending) and records it all
when the form is finally sent."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from engage.core.database import release_write_lock
from engage.core.uploads import (
    MediaFile,
    PreparedFile,
    UploadRejected,
    hold_pending,
    pending_file,
    pixel_limit,
    prepare_image,
    record_file,
    record_pending,
)
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


@dataclass(frozen=True)
class HeldPhoto:
    """A photo of a refused form, kept for the next try: its token and its file."""

    token: str
    file: PreparedFile


class HeldPhotos:
    """The photos a form sends: those held from an earlier try (hidden `held`
    tokens, less any the person removed) and those chosen this time.

        photos = HeldPhotos(request.form.getlist("held"), drop=request.form.get("drop"))
        ok = photos.prepare(form.photos, actor=actor)   # refusals beside the field
        ... if the whole form is fine: media = photos.record(actor=actor)
        ... else: photos.hold() and show photos.held as thumbnails
    """

    def __init__(self, tokens: list[str], *, drop: str | None = None, limit: int = MAX_PHOTOS):
        self.limit = limit
        self.held: list[HeldPhoto] = []
        self.expired = False
        self.new: list[PreparedFile] = []
        seen: set[str] = set()
        for token in tokens[:limit]:
            if token == drop:
                continue
            prepared = pending_file(token)
            if prepared is None:
                self.expired = True
            elif prepared.key not in seen:
                seen.add(prepared.key)
                self.held.append(HeldPhoto(token, prepared))

    def prepare(self, field, *, actor) -> bool:
        """Verify and store the files chosen in `field` (not recorded yet). False,
        with the reason beside the field, when one is refused or there are too many;
        the good ones are kept all the same."""
        files = chosen_files(field)
        if len(files) + len(self.held) > self.limit:
            field.errors = [*field.errors, _("At most %(n)s photos at a time.", n=self.limit)]
            files = files[: max(self.limit - len(self.held), 0)]
        release_write_lock(db.session)
        max_pixels = pixel_limit(anonymous=actor is None)
        for file in files:
            try:
                self.new.append(prepare_image(file, max_pixels=max_pixels))
            except UploadRejected as exc:
                field.errors = [
                    *field.errors,
                    _("%(name)s: %(reason)s", name=file.filename[-80:], reason=str(exc)),
                ]
        return not field.errors

    def hold(self) -> None:
        """The form was refused: hold this try's photos too, for the next one."""
        known = {h.file.key for h in self.held}
        for prepared in self.new:
            if prepared.key not in known:
                known.add(prepared.key)
                self.held.append(HeldPhoto(hold_pending(prepared), prepared))
        self.new = []

    def record(self, *, actor) -> list[MediaFile]:
        """The form is sent: every photo, held and new, recorded. Flushes nothing itself."""
        media = [record_pending(h.file, actor=actor) for h in self.held]
        known = {m.key for m in media}
        for prepared in self.new:
            if prepared.key not in known:
                known.add(prepared.key)
                media.append(record_file(prepared, actor=actor))
        return media
