"""Albums of photos and the videos of an event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db


class Album(db.Model):
    __tablename__ = "event_albums"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    cover_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "event_photos.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_event_albums_cover_photo_id_event_photos",
        )
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Photo(db.Model):
    __tablename__ = "event_photos"
    __table_args__ = (
        Index("ix_event_photos_album_id_id", "album_id", "id"),
        Index("ix_event_photos_event_id_id", "event_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(ForeignKey("event_albums.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id", ondelete="CASCADE"))
    caption: Mapped[str] = mapped_column(String(300), default="")
    performance_id: Mapped[int | None] = mapped_column(
        ForeignKey("performances.id", ondelete="SET NULL"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    media: Mapped[MediaFile] = relationship(lazy="joined", innerjoin=True)


class Video(db.Model):
    __tablename__ = "event_videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    key: Mapped[str] = mapped_column(String(80))  # sha256 + extension, in the upload storage
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    poster_id: Mapped[int | None] = mapped_column(ForeignKey("media_files.id", ondelete="SET NULL"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    poster: Mapped[MediaFile | None] = relationship(lazy="joined")
