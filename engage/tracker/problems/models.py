"""Problems (问题库): the problem, its append-only timeline, photos, watchers, links,
the due rules and the reminder log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.core.audit import append_only
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.points.models import Point


class ProblemStatus(enum.StrEnum):
    REPORTED = "reported"
    ASSIGNED = "assigned"
    RECTIFYING = "rectifying"
    AWAITING_VERIFICATION = "awaiting_verification"
    CLOSED = "closed"
    REJECTED = "rejected"
    REOPENED = "reopened"


OPEN_STATUSES = (
    ProblemStatus.REPORTED,
    ProblemStatus.ASSIGNED,
    ProblemStatus.RECTIFYING,
    ProblemStatus.AWAITING_VERIFICATION,
    ProblemStatus.REOPENED,
)


class Severity(enum.StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class ProblemSource(enum.StrEnum):
    PEER_INSPECTION = "peer_inspection"
    SUPERVISOR_VISIT = "supervisor_visit"
    WHISTLE = "whistle"
    SELF_CHECK = "self_check"
    EVENT = "event"


class ProblemCategory(enum.StrEnum):
    FIRE = "fire"
    ELECTRICAL = "electrical"
    CHEMICALS = "chemicals"
    SPECIAL_EQUIPMENT = "special_equipment"
    CONFINED_SPACE = "confined_space"
    WORK_AT_HEIGHT = "work_at_height"
    STRUCTURE = "structure"
    STORAGE = "storage"
    EVACUATION = "evacuation"
    HOUSEKEEPING = "housekeeping"
    MANAGEMENT = "management"
    OTHER = "other"


class Problem(TimestampMixin, VersionedMixin, db.Model):
    """A hazard in the problem library, flowing found -> ... -> verified -> closed."""

    __tablename__ = "problems"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        # Overdue counts by company and department read this index alone.
        Index("ix_problems_status_due", "status", "due_at", "company_id", "department_id"),
        Index("ix_problems_status_created", "status", "created_at"),
        # What awaits verification, counted for park staff (My work, home) from the index alone.
        Index("ix_problems_status_rectified_by", "status", "rectified_by_id"),
        Index("ix_problems_status_close_days", "status", "days_to_close"),
        # The same figures for one functional area's dashboard.
        Index("ix_problems_area_status_created", "area_id", "status", "created_at"),
        Index(
            "ix_problems_area_status_due",
            "area_id",
            "status",
            "due_at",
            "company_id",
            "department_id",
        ),
        Index(
            "ix_problems_area_status_close_days", "area_id", "status", "days_to_close", "closed_at"
        ),
        # A filter with "open" reads one index: (filter column, status).
        Index("ix_problems_severity_status", "severity", "status"),
        Index("ix_problems_source_status", "source", "status"),
        Index("ix_problems_category_status", "category", "status"),
        Index("ix_problems_department_status", "department_id", "status"),
        # Unacknowledged whistles by department: a small partial index.
        Index(
            "ix_problems_unacknowledged",
            "department_id",
            "status",
            sqlite_where=text("department_id IS NOT NULL AND acknowledged_at IS NULL"),
            postgresql_where=text("department_id IS NOT NULL AND acknowledged_at IS NULL"),
        ),
        Index("ix_problems_company_status", "company_id", "status"),
        # Keyset-friendly orders of the list: newest first, and by due date.
        Index("ix_problems_created_id", "created_at", "id"),
        Index("ix_problems_due_id", "due_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # P-2026-00042: year and a sequence within it, said aloud on site.
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[ProblemCategory] = mapped_column(
        enum_column(ProblemCategory, "problem_category")
    )
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"))
    source: Mapped[ProblemSource] = mapped_column(enum_column(ProblemSource, "problem_source"))
    status: Mapped[ProblemStatus] = mapped_column(
        enum_column(ProblemStatus, "problem_status"), default=ProblemStatus.REPORTED, index=True
    )

    # Where, and who must rectify. A whistle may come in before a company is known.
    point_id: Mapped[int | None] = mapped_column(
        ForeignKey("points.id", ondelete="SET NULL"), index=True
    )
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("functional_areas.id", ondelete="SET NULL")
    )
    location_text: Mapped[str] = mapped_column(String(300), default="")

    # Who found it.
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reporter_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    reporter_name: Mapped[str] = mapped_column(String(100), default="")
    reporter_phone: Mapped[str] = mapped_column(String(40), default="")
    # The anonymous reporter's private link to follow their whistle.
    follow_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Report-in (基层吹哨、部门报到): routed to a department, which must acknowledge.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    routed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ack_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    escalation_stage: Mapped[int] = mapped_column(Integer, default=0)
    # Once reported in, the department acts by this time: gives the work to the company,
    # takes it on or passes it on; else the escalation stages run again.
    act_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The department took the rectification on itself (else it oversees and verifies).
    department_rectifies: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    # The loop's last steps.
    rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rectified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # Days from report to close, kept when closing so the median is an index walk.
    days_to_close: Mapped[float | None] = mapped_column(Float)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("problems.id", ondelete="SET NULL")
    )

    point: Mapped[Point | None] = relationship()
    company: Mapped[Company | None] = relationship(foreign_keys=[company_id])
    reporter_company: Mapped[Company | None] = relationship(foreign_keys=[reporter_company_id])
    area: Mapped[FunctionalArea | None] = relationship()
    department: Mapped[Department | None] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    rectified_by: Mapped[User | None] = relationship(foreign_keys=[rectified_by_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])
    duplicate_of: Mapped[Problem | None] = relationship(remote_side=[id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProblemCounter(db.Model):
    """The last sequence number given out per year (numbers never repeat)."""

    __tablename__ = "problem_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class EventKind(enum.StrEnum):
    CREATED = "created"
    TRANSITION = "transition"
    COMMENT = "comment"
    ASSIGNED = "assigned"
    DUE_CHANGED = "due_changed"
    ROUTED = "routed"
    ACKNOWLEDGED = "acknowledged"
    REROUTED = "rerouted"
    ESCALATED = "escalated"
    PHOTO = "photo"
    LINKED = "linked"
    WATCH = "watch"
    NOT_FIXED = "not_fixed"  # the reporter says the rectification did not fix it


@append_only
class ProblemEvent(db.Model):
    """One line of a problem's timeline: who, when, from, to, note, photos."""

    __tablename__ = "problem_events"
    __table_args__ = (Index("ix_problem_events_problem_time", "problem_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(100), default="")  # anonymous reporters
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "problem_event_kind"))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
    photos: Mapped[list[ProblemPhoto]] = relationship(
        primaryjoin="ProblemEvent.id == foreign(ProblemPhoto.event_id)",
        viewonly=True,
        order_by="ProblemPhoto.id",
    )


class PhotoStage(enum.StrEnum):
    BEFORE = "before"
    AFTER = "after"
    OTHER = "other"


@append_only
class ProblemPhoto(db.Model):
    __tablename__ = "problem_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("problems.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("problem_events.id", ondelete="CASCADE"), index=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id", ondelete="CASCADE"))
    stage: Mapped[PhotoStage] = mapped_column(enum_column(PhotoStage, "photo_stage"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    media: Mapped[MediaFile] = relationship(lazy="joined", innerjoin=True)


class ProblemWatcher(db.Model):
    __tablename__ = "problem_watchers"
    __table_args__ = (UniqueConstraint("problem_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class ProblemLink(db.Model):
    """A link from a problem to another object: an inspection, a post, an article."""

    __tablename__ = "problem_links"
    __table_args__ = (UniqueConstraint("problem_id", "target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        ForeignKey("problems.id", ondelete="CASCADE"), index=True
    )
    target_kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DueRule(db.Model):
    """Days to rectify by severity (admins edit), and the report-in deadline in hours."""

    __tablename__ = "tracker_due_rules"

    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)


class ReminderLog(db.Model):
    """What `tracker remind` already sent, so running it twice sends nothing twice."""

    __tablename__ = "tracker_reminders"
    __table_args__ = (UniqueConstraint("problem_id", "kind", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problems.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # due_soon, overdue, ack_overdue
    stage: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
