"""Registrations (one seat each), groups registered together, and the waiting list."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import UTCDateTime, enum_column
from engage.core.timeutil import utcnow
from engage.extensions import db


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    OFFERED = "offered"  # promoted from the waiting list, holds a seat until confirm_by
    WAITING = "waiting"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # an offer not confirmed in time


ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.WAITING)
HOLDS_SEAT = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)

STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.OFFERED: _l("Seat offered, please confirm"),
    RegistrationStatus.WAITING: _l("On the waiting list"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
    RegistrationStatus.EXPIRED: _l("Offer expired"),
}

_ACTIVE_SQL = "status IN ('confirmed', 'offered', 'waiting')"


def new_ticket_code() -> str:
    """12 characters from an unambiguous alphabet: typed by hand at the door when needed."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class RegistrationGroup(db.Model):
    """Colleagues a company admin registered in one request: they hold seats, or wait, together."""

    __tablename__ = "registration_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company | None] = relationship(lazy="joined")


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        # One active registration per person per event, whatever races happen.
        Index(
            "uq_registrations_one_active",
            "event_id",
            "user_id",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
        Index("ix_registrations_event_status_queue", "event_id", "status", "queue_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration_groups.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status")
    )
    # Arrival order on the waiting list (a group shares its first member's); organisers
    # may change it, with a reason in the audit log.
    queue_position: Mapped[int | None] = mapped_column(Integer)
    ticket_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_ticket_code)
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirm_by: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    checked_in_by: Mapped[User | None] = relationship(foreign_keys=[checked_in_by_id])
    group: Mapped[RegistrationGroup | None] = relationship(lazy="joined")

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def holds_seat(self) -> bool:
        return self.status in HOLDS_SEAT
