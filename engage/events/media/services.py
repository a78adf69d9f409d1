"""Albums, photos (a batch, each through the upload service) and videos of an event.

Functions take `actor=`, flush and never commit.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import extract, select

from engage.accounts.models import User
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.uploads import UploadRejected, save_image
from engage.events.catalogue.models import Event, EventKind, EventStatus
from engage.events.catalogue.permissions import visible_events
from engage.events.media.models import Album, Photo, Video
from engage.events.media.permissions import can_add_media
from engage.events.media.video import save_video
from engage.extensions import db

MAX_BATCH = 200


def create_album(event: Event, title: str, *, actor: User) -> Album:
    if not can_add_media(actor, event):
        raise NotAllowed(_("Only the organisers add albums."))
    album = Album(event_id=event.id, title=title.strip()[:200], created_by_id=actor.id)
    db.session.add(album)
    db.session.flush()
    audit.record(actor, "album.created", album, summary=album.title)
    return album


def add_photos(
    event: Event, album: Album, files: list, *, actor: User
) -> tuple[list[Photo], list[tuple[str, str]]]:
    """Save each file of a batch through the upload service. A file that is not an image
    is refused on its own (its name and reason returned) and the others are kept."""
    if not can_add_media(actor, event):
        raise NotAllowed(_("Only the organisers add photos."))
    if album.event_id != event.id:
        raise DomainError(_("This album belongs to another event."))
    if len(files) > MAX_BATCH:
        raise DomainError(_("At most %(n)s photos at a time.", n=MAX_BATCH), field="photos")
    saved, refused = [], []
    for file in files:
        name = (file.filename or "")[-80:]
        try:
            with db.session.begin_nested():
                media = save_image(file, actor=actor)
                photo = Photo(
                    album_id=album.id, event_id=event.id, media=media, uploaded_by_id=actor.id
                )
                db.session.add(photo)
                db.session.flush()
        except UploadRejected as exc:
            refused.append((name, str(exc)))
            continue
        saved.append(photo)
    if saved and album.cover_photo_id is None:
        album.cover_photo_id = saved[0].id
    db.session.flush()
    if saved:
        audit.record(actor, "album.photos_added", album, summary=album.title, count=len(saved))
    return saved, refused


def set_caption(event: Event, photo: Photo, caption: str, *, actor: User) -> None:
    if not can_add_media(actor, event):
        raise NotAllowed(_("Only the organisers caption photos."))
    photo.caption = (caption or "").strip()[:300]


def set_cover(event: Event, album: Album, photo: Photo, *, actor: User) -> None:
    if not can_add_media(actor, event):
        raise NotAllowed(_("Only the organisers choose covers."))
    if photo.album_id != album.id:
        raise DomainError(_("The cover must be a photo of this album."))
    album.cover_photo_id = photo.id


def add_video(event: Event, file, title: str, *, actor: User, check: bool = True) -> Video:
    """Verify (by its container), store and poster a video. Raises UploadRejected."""
    if check and not can_add_media(actor, event):
        raise NotAllowed(_("Only the organisers add videos."))
    info = save_video(file, actor=actor)
    video = Video(
        event_id=event.id,
        title=(title or "").strip()[:200],
        key=info.key,
        content_type=info.content_type,
        size=info.size,
        duration_seconds=info.duration,
        width=info.width,
        height=info.height,
        poster=info.poster,
        uploaded_by_id=actor.id,
    )
    db.session.add(video)
    db.session.flush()
    audit.record(actor, "video.added", video, summary=video.title)
    return video


def albums(event: Event) -> list[Album]:
    return list(
        db.session.scalars(select(Album).where(Album.event_id == event.id).order_by(Album.id))
    )


def covers(album_list: list[Album]) -> dict[int, Photo]:
    ids = [a.cover_photo_id for a in album_list if a.cover_photo_id]
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Photo).where(Photo.id.in_(ids)))}


def photos_of(event: Event, album: Album | None = None):
    stmt = select(Photo).where(Photo.event_id == event.id)
    if album is not None:
        stmt = stmt.where(Photo.album_id == album.id)
    return stmt.order_by(Photo.id.desc())


def latest_photos(event: Event, limit: int = 8) -> list[Photo]:
    return list(db.session.scalars(photos_of(event).limit(limit)))


def photos_of_performances(performance_ids) -> dict[int, Photo]:
    """One photo (the latest) of each performance that has any: for award winners."""
    ids = sorted(set(performance_ids))
    if not ids:
        return {}
    found: dict[int, Photo] = {}
    for photo in db.session.scalars(
        select(Photo).where(Photo.performance_id.in_(ids)).order_by(Photo.id.desc()).limit(500)
    ):
        assert photo.performance_id is not None  # chosen by its performance
        found.setdefault(photo.performance_id, photo)
    return found


def videos(event: Event) -> list[Video]:
    return list(
        db.session.scalars(
            select(Video).where(Video.event_id == event.id).order_by(Video.id).limit(100)
        )
    )


def park_gallery(actor, year: int):
    """Photos of the year's showcases (Shanghai years) that actor may see, newest first."""
    start = datetime(year, 1, 1, tzinfo=UTC) - timedelta(hours=8)
    end = datetime(year + 1, 1, 1, tzinfo=UTC) - timedelta(hours=8)
    return (
        select(Photo)
        .join(Event, Event.id == Photo.event_id)
        .where(
            visible_events(actor),
            Event.kind == EventKind.SHOWCASE,
            Event.status != EventStatus.DRAFT,
            Event.starts_at >= start,
            Event.starts_at < end,
        )
        .order_by(Photo.id.desc())
    )


def gallery_years(actor) -> list[int]:
    year = extract("year", Event.starts_at)
    rows = db.session.scalars(
        select(year)
        .join(Photo, Photo.event_id == Event.id)
        .where(visible_events(actor))
        .distinct()
        .order_by(year.desc())
        .limit(20)
    )
    return [int(y) for y in rows]


def events_by_id(ids) -> dict[int, Event]:
    ids = set(ids)
    if not ids:
        return {}
    return {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))}
