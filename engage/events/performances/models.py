"""Performances companies submit, their review, and the jury of an event."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.extensions import db


class Genre(enum.StrEnum):
    SKIT = "skit"
    SONG = "song"
    CROSSTALK = "crosstalk"
    DANCE = "dance"
    RECITATION = "recitation"
    OTHER = "other"


GENRE_LABELS = {
    Genre.SKIT: _l("Skit (小品)"),
    Genre.SONG: _l("Song"),
    Genre.CROSSTALK: _l("Cross-talk (相声)"),
    Genre.DANCE: _l("Dance"),
    Genre.RECITATION: _l("Recitation (朗诵)"),
    Genre.OTHER: _l("Other"),
}


class PerformanceStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


PERFORMANCE_STATUS_LABELS = {
    PerformanceStatus.SUBMITTED: _l("Submitted"),
    PerformanceStatus.CHANGES_REQUESTED: _l("Changes requested"),
    PerformanceStatus.ACCEPTED: _l("Accepted"),
    PerformanceStatus.REJECTED: _l("Rejected"),
    PerformanceStatus.WITHDRAWN: _l("Withdrawn"),
}


class Performance(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "performances"
    __table_args__ = (
        Index("ix_performances_event_status_order", "event_id", "status", "running_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    genre: Mapped[Genre] = mapped_column(enum_column(Genre, "performance_genre"))
    duration_minutes: Mapped[int] = mapped_column(Integer)
    performers: Mapped[str] = mapped_column(String(1000), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # A rehearsal video (a media.Video), optional.
    rehearsal_video_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_videos.id", ondelete="SET NULL")
    )
    status: Mapped[PerformanceStatus] = mapped_column(
        enum_column(PerformanceStatus, "performance_status"), default=PerformanceStatus.SUBMITTED
    )
    review_note: Mapped[str] = mapped_column(String(1000), default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    running_order: Mapped[int | None] = mapped_column(Integer)
    # Why the company took it back (told to the organisers; kept with the performance).
    withdraw_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company: Mapped[Company] = relationship(lazy="joined")

    @property
    def genre_label(self) -> str:
        return str(GENRE_LABELS[self.genre])

    @property
    def status_label(self) -> str:
        return str(PERFORMANCE_STATUS_LABELS[self.status])


class EventJuror(db.Model):
    """A member of an event's jury: reviews performances and scores awards."""

    __tablename__ = "event_jurors"
    __table_args__ = (UniqueConstraint("event_id", "user_id", name="uq_event_jurors_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship(lazy="joined")
