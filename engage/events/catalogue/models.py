"""Events: what, when, where, for whom, how many seats, who organises them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.uploads import MediaFile
from engage.extensions import db


class EventKind(enum.StrEnum):
    SHOWCASE = "showcase"
    DRILL = "drill"
    TRAINING = "training"
    COMPETITION = "competition"
    LECTURE = "lecture"


KIND_LABELS = {
    EventKind.SHOWCASE: _l("Showcase"),
    EventKind.DRILL: _l("Drill"),
    EventKind.TRAINING: _l("Training"),
    EventKind.COMPETITION: _l("Competition"),
    EventKind.LECTURE: _l("Lecture"),
}


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
    EventStatus.CANCELLED: _l("Cancelled"),
}


class Audience(enum.StrEnum):
    PARK = "park"
    COMPANY = "company"
    ALLIANCE = "alliance"  # the people of one alliance's member companies


AUDIENCE_LABELS = {
    Audience.PARK: _l("Everyone in the park"),
    Audience.COMPANY: _l("One company"),
    Audience.ALLIANCE: _l("An alliance"),
}


class Event(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= capacity", name="seats_within_capacity"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        Index("ix_events_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    cover_id: Mapped[int | None] = mapped_column(ForeignKey("media_files.id", ondelete="SET NULL"))
    venue: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    # Seats held (confirmed or offered to someone promoted from the waiting list).
    # Changed only by the conditional UPDATEs in registration.seats.
    taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submissions_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirm_hours: Mapped[int] = mapped_column(Integer, default=24)
    changeover_minutes: Mapped[int] = mapped_column(Integer, default=2)
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    audience: Mapped[Audience] = mapped_column(
        enum_column(Audience, "event_audience"), default=Audience.PARK
    )
    audience_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    # The alliance domain owns that table; events name it by id and reach it only
    # through the alliance's public face.
    audience_alliance_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliances.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")

    cover: Mapped[MediaFile | None] = relationship(lazy="joined")
    audience_company: Mapped[Company | None] = relationship(lazy="joined")
    organisers: Mapped[list[EventOrganiser]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="EventOrganiser.id",
    )

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def organiser_ids(self) -> set[int]:
        return {o.user_id for o in self.organisers}


class EventOrganiser(db.Model):
    __tablename__ = "event_organisers"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_organisers_event_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    event: Mapped[Event] = relationship(back_populates="organisers")
    user: Mapped[User] = relationship(lazy="joined")
