"""What companies can lend in an emergency, aid requests and the offers that answer them."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.extensions import db

__all__ = [
    "AidOffer",
    "AidRequest",
    "AidStatus",
    "Resource",
    "ResourceKind",
    "Urgency",
    "RESOURCE_LABELS",
    "URGENCY_LABELS",
    "STALE_AFTER",
]

#: A resource list entry not confirmed for this long is flagged stale.
STALE_AFTER = timedelta(days=183)


class ResourceKind(enum.StrEnum):
    FIRE_PUMP = "fire_pump"
    SPILL_KIT = "spill_kit"
    BREATHING_APPARATUS = "breathing_apparatus"
    GENERATOR = "generator"
    FIRST_AIDERS = "first_aiders"
    OTHER = "other"


RESOURCE_LABELS = {
    ResourceKind.FIRE_PUMP: _l("Fire pump"),
    ResourceKind.SPILL_KIT: _l("Spill kit"),
    ResourceKind.BREATHING_APPARATUS: _l("Breathing apparatus"),
    ResourceKind.GENERATOR: _l("Generator"),
    ResourceKind.FIRST_AIDERS: _l("Trained first-aiders"),
    ResourceKind.OTHER: _l("Other"),
}


class Urgency(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"


URGENCY_LABELS = {
    Urgency.CRITICAL: _l("Critical: now"),
    Urgency.HIGH: _l("High: within hours"),
    Urgency.NORMAL: _l("Normal: within a day"),
}


class Resource(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "alliance_aid_resources"
    __table_args__ = (Index("ix_alliance_aid_resources_company_kind", "company_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind, "alliance_resource_kind"))
    name: Mapped[str] = mapped_column(String(120))
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20), default="")
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(String(500), default="")
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)

    def is_stale(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) - self.confirmed_at > STALE_AFTER


class AidStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AidRequest(TimestampMixin, db.Model):
    __tablename__ = "alliance_aid_requests"
    __table_args__ = (Index("ix_alliance_aid_requests_alliance_status", "alliance_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    what: Mapped[str] = mapped_column(String(300))
    where: Mapped[str] = mapped_column(String(300))
    urgency: Mapped[Urgency] = mapped_column(
        enum_column(Urgency, "alliance_aid_urgency", length=16)
    )
    status: Mapped[AidStatus] = mapped_column(
        enum_column(AidStatus, "alliance_aid_status", length=16), default=AidStatus.OPEN
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    after_action: Mapped[str] = mapped_column(Text, default="")

    company: Mapped[Company | None] = relationship(lazy="joined")
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id], lazy="joined")
    offers: Mapped[list[AidOffer]] = relationship(lazy="selectin", order_by="AidOffer.id")

    @property
    def is_open(self) -> bool:
        return self.status == AidStatus.OPEN


class AidOffer(db.Model):
    """One company's offer of help, with the quantity it can send."""

    __tablename__ = "alliance_aid_offers"
    __table_args__ = (UniqueConstraint("request_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_aid_requests.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    quantity: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    user: Mapped[User | None] = relationship(lazy="joined")
