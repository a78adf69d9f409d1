"""Alliances, their member companies (each stint a row) and requests to join."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, FunctionalArea, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.extensions import db

__all__ = ["Alliance", "JoinStatus", "AllianceJoinRequest", "Membership"]


class Alliance(TimestampMixin, VersionedMixin, db.Model):
    """A group of companies that help each other; park-wide when it has no area."""

    __tablename__ = "alliances"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    charter: Mapped[str] = mapped_column(Text, default="")
    lead_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("functional_areas.id"), index=True)
    logo_key: Mapped[str | None] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    lead_company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    area: Mapped[FunctionalArea | None] = relationship(lazy="joined")

    @property
    def is_park_wide(self) -> bool:
        return self.area_id is None


class Membership(db.Model):
    """One stint of a company in an alliance: current while `left_at` is empty.
    Leaving closes the stint; rejoining opens a new one, so the rows are the history."""

    __tablename__ = "alliance_memberships"
    __table_args__ = (
        Index(
            "uq_alliance_memberships_current",
            "alliance_id",
            "company_id",
            unique=True,
            sqlite_where=text("left_at IS NULL"),
            postgresql_where=text("left_at IS NULL"),
        ),
        Index("ix_alliance_memberships_company", "company_id", "left_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    left_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    left_note: Mapped[str] = mapped_column(String(500), default="")

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])
    left_by: Mapped[User | None] = relationship(foreign_keys=[left_by_id])

    @property
    def is_current(self) -> bool:
        return self.left_at is None


class JoinStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class AllianceJoinRequest(TimestampMixin, db.Model):
    """A company's request to join, with its statement and the lead's decision."""

    __tablename__ = "alliance_join_requests"
    __table_args__ = (
        Index(
            "uq_alliance_join_requests_pending",
            "alliance_id",
            "company_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    statement: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[JoinStatus] = mapped_column(
        enum_column(JoinStatus, "alliance_join_status"), default=JoinStatus.PENDING, index=True
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(500), default="")

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
