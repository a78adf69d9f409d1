"""Uploads: images verified and re-encoded, documents checked, stored by content hash.

Uploads are hostile until proven not. An image is opened by Pillow only as
JPEG, PNG, WebP or GIF; its pixel count is checked from the header before any
pixel is decoded; it is re-encoded (which drops EXIF and GPS) and a thumbnail
is made. Files are stored under instance/media/ by the SHA-256 of their bytes,
never by the uploaded name.

A photo chosen on a form that is refused (a wrong answer, a missing field) is
held: stored like any other, not yet recorded, with a mark under `pending/`,
and named in the form by a signed token, so the person need not choose it
again. A held file nobody sends within PENDING_MAX_AGE is discarded, by
`discard_stale_pending()` (run by `flask tracker remind` and whenever a photo
is held).

A file is served only at a signed address (`media_url`): the page that shows
it has checked that its reader may see what holds it (a company's problem, a
company-only article), and signs the address for a day or two. Someone who
learns a file's key from elsewhere, or keeps an old address, gets nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from PIL import Image, ImageOps
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import FileStorage

from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.extensions import db

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
DOCUMENT_TYPES = {"pdf": "application/pdf"}
THUMB_SIZE = (480, 480)
MAX_EDGE = 4096
DECODE_WAIT_SECONDS = 60  # how long an upload waits for a free decoder before it is refused
# What a stored file's key looks like: the SHA-256 of its bytes and an extension.
KEY_PATTERN = re.compile(r"[0-9a-f]{64}\.(jpg|png|webp|gif|pdf|mp4|webm)")
# Image metadata kept through re-encoding: only what the pixels need to look right.
_KEPT_INFO = {"transparency", "duration", "loop", "background"}

# The pixel limits (ENGAGE_MAX_IMAGE_PIXELS, ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS) are
# checked from the header in prepare_image before any pixel is decoded; Pillow's
# own global check would only warn below twice its default.
Image.MAX_IMAGE_PIXELS = None


class UploadRejected(ValueError):
    """The file is not what it claims, too large, or of a kind we do not take."""


class MediaFile(db.Model):
    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # sha256 + extension
    thumb_key: Mapped[str | None] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    width: Mapped[int | None]
    height: Mapped[int | None]
    original_name: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class LocalStorage:
    """Files in a folder; the one interface a shared store would implement."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not is_valid_key(key):
            raise ValueError("bad media key")
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes) -> None:
        target = self.path(key)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)

    def exists(self, key: str) -> bool:
        return self.path(key).exists()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    # Held files (see hold_pending): a mark per file, named by its key, holding
    # its thumbnail's key; its time is when the file was last held.

    def _mark(self, key: str) -> Path:
        if not is_valid_key(key):
            raise ValueError("bad media key")
        return self.root / "pending" / key

    def hold(self, key: str, thumb_key: str | None) -> None:
        mark = self._mark(key)
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text(thumb_key or "")
        # Its time is the site's clock (the one discard_stale_pending reads), which the
        # file system's need not be (a clock fixed in tests, a mounted volume).
        now = time.time()
        os.utime(mark, (now, now))

    def release(self, key: str) -> None:
        self._mark(key).unlink(missing_ok=True)

    def held_before(self, cutoff: float) -> list[tuple[str, str | None]]:
        """(key, thumbnail key) of the files last held before `cutoff` (a Unix time)."""
        folder = self.root / "pending"
        if not folder.is_dir():
            return []
        found = []
        for mark in folder.iterdir():
            try:
                if is_valid_key(mark.name) and mark.stat().st_mtime < cutoff:
                    thumb = mark.read_text().strip()
                    found.append((mark.name, thumb if is_valid_key(thumb) else None))
            except OSError:  # released meanwhile by another process
                continue
        return found


def is_valid_key(key: str) -> bool:
    """True for keys this module makes; anything else (../, NUL, other names) is not ours."""
    return isinstance(key, str) and KEY_PATTERN.fullmatch(key) is not None


# A signed media address lasts the rest of the day it was made and the next one
# (UTC days): long enough for a page left open, short enough that an address
# copied out of a page stops working.
_SIGNATURE_DAY = 86_400
_SIGNATURE_LENGTH = 32


def _signature(key: str, day: int) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    message = f"media:{key}:{day}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:_SIGNATURE_LENGTH]


def media_url(key: str) -> str:
    """The signed address of a stored file, for a page whose reader may see it."""
    signature = _signature(key, int(time.time() // _SIGNATURE_DAY))
    if has_request_context():
        return url_for("core.media", key=key, s=signature)
    return f"/media/{key}?s={signature}"


def signature_valid(key: str, signature: object) -> bool:
    """True when `signature` was made for `key` today or yesterday (UTC)."""
    if not isinstance(signature, str) or len(signature) != _SIGNATURE_LENGTH:
        return False
    today = int(time.time() // _SIGNATURE_DAY)
    return any(hmac.compare_digest(signature, _signature(key, day)) for day in (today, today - 1))


def storage() -> LocalStorage:
    return LocalStorage(current_app.config["ENGAGE_MEDIA_DIR"])


def _read_limited(file: FileStorage) -> bytes:
    limit = current_app.config["ENGAGE_MAX_UPLOAD_MB"] * 1024 * 1024
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(
            _("The file is larger than %(mb)s MB.", mb=current_app.config["ENGAGE_MAX_UPLOAD_MB"])
        )
    if not data:
        raise UploadRejected(_("The file is empty."))
    return data


def _original_name(file: FileStorage) -> str:
    return (file.filename or "")[-200:].replace("\x00", "")


@dataclass(frozen=True)
class PreparedFile:
    """A file checked and written to storage by its hash, not yet recorded in the database."""

    key: str
    content_type: str
    size: int
    original_name: str
    thumb_key: str | None = None
    width: int | None = None
    height: int | None = None


_decoders: dict[int, threading.BoundedSemaphore] = {}
_decoders_lock = threading.Lock()


def _decoding_slot() -> threading.BoundedSemaphore:
    """The process-wide limit on images decoded at once (ENGAGE_IMAGE_DECODERS), shared
    by every thread of a worker process."""
    n = max(1, int(current_app.config.get("ENGAGE_IMAGE_DECODERS", 1)))
    with _decoders_lock:
        return _decoders.setdefault(n, threading.BoundedSemaphore(n))


def pixel_limit(*, anonymous: bool) -> int:
    """How many pixels an upload may decode to: fewer for people without an account."""
    if anonymous:
        return current_app.config["ENGAGE_MAX_ANONYMOUS_IMAGE_PIXELS"]
    return current_app.config["ENGAGE_MAX_IMAGE_PIXELS"]


def prepare_image(file: FileStorage, *, max_pixels: int | None = None) -> PreparedFile:
    """Verify, re-encode and thumbnail an uploaded image and store both by hash.
    Touches no database: call it before the write transaction. Raises UploadRejected.

    Memory is bounded: the pixel count is checked from the header before any
    pixel is decoded (a JPEG counts at the reduced scale it is decoded at), a
    large JPEG is decoded at 1/2 to 1/8 scale, and only ENGAGE_IMAGE_DECODERS
    images are decoded at once in a worker process.
    """
    data = _read_limited(file)
    if max_pixels is None:
        max_pixels = pixel_limit(anonymous=False)
    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
            fmt = probe.format
            assert fmt is not None  # opened with a list of formats: one of them
            _check_pixels(_decoded_size(probe), max_pixels)
            probe.verify()
        slot = _decoding_slot()
        if not slot.acquire(timeout=DECODE_WAIT_SECONDS):
            raise UploadRejected(
                _("The server is busy with other photos. Send the form again in a minute.")
            )
        try:
            encoded, thumb_bytes, fmt_out, (width, height) = _decode_and_encode(data, fmt)
        finally:
            slot.release()
    except UploadRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile file can break a decoder in any way
        raise UploadRejected(
            _("This file is not a JPEG, PNG, WebP or GIF image we can read.")
        ) from exc
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt_out]
    key = f"{hashlib.sha256(encoded).hexdigest()}.{ext}"
    thumb_key = f"{hashlib.sha256(thumb_bytes).hexdigest()}.{ext}"
    store = storage()
    store.put(key, encoded)
    store.put(thumb_key, thumb_bytes)
    return PreparedFile(
        key=key,
        thumb_key=thumb_key,
        content_type=IMAGE_FORMATS[fmt_out],
        size=len(encoded),
        width=width,
        height=height,
        original_name=_original_name(file),
    )


def _decoded_size(img: Image.Image) -> tuple[int, int]:
    """The size `img` will decode at: a JPEG larger than needed decodes reduced (draft)."""
    if img.format == "JPEG" and max(img.size) > MAX_EDGE:
        img.draft("RGB", _draft_box(img.size))
    return img.size


def _draft_box(size: tuple[int, int]) -> tuple[int, int]:
    # Pillow's draft never goes below the box asked for; half the stored edge lets it
    # reduce a 48 Mpx photo to 12 Mpx while decoding, then thumbnail to MAX_EDGE.
    ratio = (MAX_EDGE / 2) / max(size)
    return max(1, int(size[0] * ratio)), max(1, int(size[1] * ratio))


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    if size[0] * size[1] > max_pixels:
        raise UploadRejected(
            _("The image has too many pixels (at most %(n)s).", n=f"{max_pixels:,}")
        )


def _decode_and_encode(data: bytes, fmt: str):
    """Decode once, shrink in place before anything is copied, re-encode and thumbnail."""
    with Image.open(io.BytesIO(data), formats=[fmt]) as img:
        _decoded_size(img)
        img.load()
        if max(img.size) > MAX_EDGE:
            # Bilinear is a third of Lanczos's cost at these scales and looks the same
            # on a photo; the thumbnail below is drawn from the smaller image.
            img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.BILINEAR)
        ImageOps.exif_transpose(img, in_place=True)
        encoded, fmt_out, size = _reencode(img, fmt)
        img.thumbnail(THUMB_SIZE)
        thumb_bytes, _fmt, _size = _reencode(img, fmt)
    return encoded, thumb_bytes, fmt_out, size


def record_file(prepared: PreparedFile, *, actor=None) -> MediaFile:
    """The MediaFile row of a prepared file, added once: storing a file that is already
    stored (the same photo twice, even at the same moment) returns the stored one."""
    values = {
        "key": prepared.key,
        "thumb_key": prepared.thumb_key,
        "content_type": prepared.content_type,
        "size": prepared.size,
        "width": prepared.width,
        "height": prepared.height,
        "original_name": prepared.original_name,
        "uploaded_by_id": getattr(actor, "id", None),
        "created_at": utcnow(),
    }
    existing = db.session.scalar(select(MediaFile).where(MediaFile.key == prepared.key))
    if existing is not None:
        return existing
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(MediaFile).values(**values).on_conflict_do_nothing(index_elements=["key"])
    )
    return db.session.scalars(
        select(MediaFile)
        .where(MediaFile.key == prepared.key)
        .execution_options(populate_existing=True)
    ).one()


# How long a photo of a refused form is held for the person to send it again.
PENDING_MAX_AGE = 3600
_PENDING_SALT = "engage.pending-upload"
_PENDING_FIELDS = ("key", "thumb_key", "content_type", "size", "width", "height", "original_name")


def _pending_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_PENDING_SALT)


def hold_pending(prepared: PreparedFile) -> str:
    """Hold a prepared (stored, unrecorded) file for PENDING_MAX_AGE; returns the
    signed token a form carries to name it. Touches no database row; also
    discards what was held too long ago."""
    discard_stale_pending()
    storage().hold(prepared.key, prepared.thumb_key)
    return _pending_serializer().dumps([getattr(prepared, f) for f in _PENDING_FIELDS])


def pending_file(token: object) -> PreparedFile | None:
    """The held file a token names; None when the token is forged, expired or
    its file is gone."""
    if not isinstance(token, str) or len(token) > 2000:
        return None
    try:
        values = _pending_serializer().loads(token, max_age=PENDING_MAX_AGE)
        prepared = PreparedFile(**dict(zip(_PENDING_FIELDS, values, strict=True)))
    except (BadSignature, TypeError, ValueError):
        return None
    store = storage()
    if not (is_valid_key(prepared.key) and store.exists(prepared.key)):
        return None
    return prepared


def record_pending(prepared: PreparedFile, *, actor=None) -> MediaFile:
    """Record a held file (the form was sent at last) and stop holding it."""
    media = record_file(prepared, actor=actor)
    storage().release(prepared.key)
    return media


def discard_stale_pending(now: float | None = None) -> int:
    """Delete the files held longer than PENDING_MAX_AGE that nothing recorded
    meanwhile. Returns how many were discarded. Safe to run at any time."""
    store = storage()
    stale = store.held_before((now if now is not None else time.time()) - PENDING_MAX_AGE)
    if not stale:
        return 0
    keys = {k for pair in stale for k in pair if k}
    recorded = set(db.session.scalars(select(MediaFile.key).where(MediaFile.key.in_(keys)))) | set(
        db.session.scalars(select(MediaFile.thumb_key).where(MediaFile.thumb_key.in_(keys)))
    )
    for key, thumb_key in stale:
        store.release(key)
        for name in (key, thumb_key):
            if name and name not in recorded:
                store.delete(name)
    return len(stale)


def save_image(file: FileStorage, *, actor=None) -> MediaFile:
    """Prepare and record one image. Raises UploadRejected. Several files: prepare
    them all first (core.photos.save_photos does), so no write waits on decoding."""
    prepared = prepare_image(file, max_pixels=pixel_limit(anonymous=actor is None))
    return record_file(prepared, actor=actor)


def _reencode(img: Image.Image, fmt: str) -> tuple[bytes, str, tuple[int, int]]:
    """Re-encode from pixels only: no EXIF, no GPS, no comments survive."""
    img.info = {k: v for k, v in img.info.items() if k in _KEPT_INFO}
    out = io.BytesIO()
    if fmt == "JPEG":
        (img if img.mode == "RGB" else img.convert("RGB")).save(out, "JPEG", quality=85)
    elif fmt == "GIF":
        img.save(out, "GIF")
    elif fmt == "WEBP":
        img.save(out, "WEBP", quality=85)
    else:
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        img.save(out, "PNG", compress_level=6)
    return out.getvalue(), fmt, img.size


def prepare_document(file: FileStorage) -> PreparedFile:
    """Check that an upload is a PDF and store it by hash. Raises UploadRejected."""
    data = _read_limited(file)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        raise UploadRejected(_("This file is not a PDF document."))
    key = f"{hashlib.sha256(data).hexdigest()}.pdf"
    storage().put(key, data)
    return PreparedFile(
        key=key,
        content_type=DOCUMENT_TYPES["pdf"],
        size=len(data),
        original_name=_original_name(file),
    )


def save_document(file: FileStorage, *, actor=None) -> MediaFile:
    """Store a PDF after checking that it is one. Raises UploadRejected."""
    return record_file(prepare_document(file), actor=actor)


def content_type_for(key: str) -> str | None:
    """The type a stored key is served as; None for anything that is not a valid key."""
    if not is_valid_key(key):
        return None
    ext = key.rsplit(".", 1)[-1]
    return {
        "jpg": "image/jpeg",
        "png": "image/png",
        "webp": "image/webp",
        "gif": "image/gif",
        "pdf": "application/pdf",
        "mp4": "video/mp4",
        "webm": "video/webm",
    }.get(ext)
