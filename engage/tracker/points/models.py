"""Points (点位): inspectable places with their public codes, and their scans."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db


class PointKind(enum.StrEnum):
    SITE = "site"  # level 1
    BUILDING = "building"  # level 2
    AREA = "area"  # level 3: a workshop, a floor, a store room


class Point(TimestampMixin, VersionedMixin, db.Model):
    """An inspectable place of a company, with its public code (一点一码一清单)."""

    __tablename__ = "points"
    __table_args__ = (Index("ix_points_company_parent", "company_id", "parent_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("points.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PointKind] = mapped_column(enum_column(PointKind, "point_kind"))
    name: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(300), default="")
    focus_target: Mapped[FocusTarget] = mapped_column(
        enum_column(FocusTarget, "focus_target"), default=FocusTarget.OTHER, index=True
    )
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The code printed on the label now; earlier codes stay in point_codes.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    scan_count: Mapped[int] = mapped_column(Integer, default=0)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    parent: Mapped[Point | None] = relationship(remote_side=[id])
    responsible: Mapped[User | None] = relationship()


class PointCode(db.Model):
    """Every code a point has had; a revoked code's page says it was replaced."""

    __tablename__ = "point_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(String(300), default="")

    point: Mapped[Point] = relationship()


class PointScan(db.Model):
    """One opening of a point's page through its code."""

    __tablename__ = "point_scans"
    __table_args__ = (Index("ix_point_scans_point_time", "point_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
