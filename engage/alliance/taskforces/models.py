"""Party-member task forces (党员攻坚突击队): force, goals, roster, work, activity log."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.core.audit import append_only
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db

__all__ = [
    "ACTIVITY_LABELS",
    "ActivityKind",
    "ForceStatus",
    "GoalMeasure",
    "MEASURE_LABELS",
    "MemberRole",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "TaskForce",
    "TaskForceActivity",
    "TaskForceAlliance",
    "TaskForceGoal",
    "TaskForceMember",
    "TaskForcePoint",
    "TaskForceProblem",
]


class ForceStatus(enum.StrEnum):
    ACTIVE = "active"
    FINISHED = "finished"


STATUS_LABELS = {ForceStatus.ACTIVE: _l("Under way"), ForceStatus.FINISHED: _l("Finished")}


class MemberRole(enum.StrEnum):
    SUPERVISOR = "supervisor"  # 监管员
    GRID_OFFICER = "grid_officer"  # 网格员
    SAFETY_MANAGER = "safety_manager"  # 企业安全管理员
    OTHER = "other"


ROLE_LABELS = {
    MemberRole.SUPERVISOR: _l("Supervisor"),
    MemberRole.GRID_OFFICER: _l("Grid officer"),
    MemberRole.SAFETY_MANAGER: _l("Company safety manager"),
    MemberRole.OTHER: _l("Other"),
}


class GoalMeasure(enum.StrEnum):
    """What a goal's number counts, so its bar is drawn from what was really done."""

    AREA_RECTIFIED = "area_rectified"  # problems of the focus target in the area closed
    FORCE_CLOSED = "force_closed"  # the force's own problems closed
    VISITS = "visits"
    MEETINGS = "meetings"
    HELPED = "helped"  # rectifications helped
    POINTS = "points"  # points taken in charge


MEASURE_LABELS = {
    GoalMeasure.AREA_RECTIFIED: _l(
        "Problems of the focus target rectified in the area since the start"
    ),
    GoalMeasure.FORCE_CLOSED: _l("Problems assigned to the force closed"),
    GoalMeasure.VISITS: _l("Site visits made"),
    GoalMeasure.MEETINGS: _l("Meetings held"),
    GoalMeasure.HELPED: _l("Rectifications helped"),
    GoalMeasure.POINTS: _l("Points taken in charge"),
}


class ActivityKind(enum.StrEnum):
    VISIT = "visit"
    MEETING = "meeting"
    HELPED = "helped"  # a rectification helped


ACTIVITY_LABELS = {
    ActivityKind.VISIT: _l("Site visit"),
    ActivityKind.MEETING: _l("Meeting"),
    ActivityKind.HELPED: _l("Rectification helped"),
}


class TaskForce(TimestampMixin, VersionedMixin, db.Model):
    """One force, set on one focus target in one functional area, for a period."""

    __tablename__ = "taskforces"
    __table_args__ = (Index("ix_taskforces_area_focus", "area_id", "focus_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("functional_areas.id"))
    focus_target: Mapped[FocusTarget] = mapped_column(
        enum_column(FocusTarget, "taskforce_focus_target", length=24)
    )
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    goals_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ForceStatus] = mapped_column(
        enum_column(ForceStatus, "taskforce_status", length=16),
        default=ForceStatus.ACTIVE,
        index=True,
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    area: Mapped[FunctionalArea] = relationship(lazy="joined", innerjoin=True)
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id], lazy="joined")
    goals: Mapped[list[TaskForceGoal]] = relationship(
        lazy="selectin", order_by="TaskForceGoal.id", cascade="all, delete-orphan"
    )
    alliance_links: Mapped[list[TaskForceAlliance]] = relationship(
        lazy="selectin", order_by="TaskForceAlliance.id", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.status == ForceStatus.ACTIVE


class TaskForceAlliance(db.Model):
    """A force linked to an alliance: its work counts in that alliance's six links."""

    __tablename__ = "taskforce_alliances"
    __table_args__ = (UniqueConstraint("taskforce_id", "alliance_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(ForeignKey("taskforces.id", ondelete="CASCADE"))
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), index=True
    )


class TaskForceGoal(db.Model):
    """A measurable goal: reach `target` `unit` of `measure`, by `due_on` if given."""

    __tablename__ = "taskforce_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(
        ForeignKey("taskforces.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    measure: Mapped[GoalMeasure] = mapped_column(
        enum_column(GoalMeasure, "taskforce_measure", length=24)
    )
    target: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(30), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TaskForceMember(db.Model):
    """One stint of a person on a force's roster: current while `left_on` is empty.

    A person is an Engage user, or someone without an account known by name and
    company or department. Members leave; the row stays, so the roster keeps its history.
    """

    __tablename__ = "taskforce_members"
    __table_args__ = (
        Index("ix_taskforce_members_force_left", "taskforce_id", "left_on"),
        Index(
            "uq_taskforce_members_current_user",
            "taskforce_id",
            "user_id",
            unique=True,
            sqlite_where=text("left_on IS NULL AND user_id IS NOT NULL"),
            postgresql_where=text("left_on IS NULL AND user_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(ForeignKey("taskforces.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    role: Mapped[MemberRole] = mapped_column(
        enum_column(MemberRole, "taskforce_member_role", length=24)
    )
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(40), default="")
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_note: Mapped[str] = mapped_column(String(300), default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")
    company: Mapped[Company | None] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    @property
    def display_name(self) -> str:
        return self.user.name if self.user is not None else self.name

    @property
    def unit_name(self) -> str:
        """The company or department the member comes from."""
        if self.company is not None:
            return self.company.display_name()
        if self.department is not None:
            return self.department.display_name()
        return ""


class TaskForceProblem(db.Model):
    """A problem of the tracker in the force's charge (by id: the tracker owns problems)."""

    __tablename__ = "taskforce_problems"
    __table_args__ = (
        UniqueConstraint("taskforce_id", "problem_id"),
        Index("ix_taskforce_problems_problem", "problem_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(ForeignKey("taskforces.id", ondelete="CASCADE"))
    problem_id: Mapped[int] = mapped_column(Integer)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    picked_in_bulk: Mapped[bool] = mapped_column(Boolean, default=False)


class TaskForcePoint(db.Model):
    """A point (site, building) the force looks after."""

    __tablename__ = "taskforce_points"
    __table_args__ = (
        UniqueConstraint("taskforce_id", "point_id"),
        Index("ix_taskforce_points_point", "point_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(ForeignKey("taskforces.id", ondelete="CASCADE"))
    point_id: Mapped[int] = mapped_column(Integer)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@append_only
class TaskForceActivity(db.Model):
    """One line of the force's activity log: a visit, a meeting, a rectification helped.
    Append-only: the log is history, and its lines are counted in the six links."""

    __tablename__ = "taskforce_activities"
    __table_args__ = (Index("ix_taskforce_activities_force_day", "taskforce_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taskforce_id: Mapped[int] = mapped_column(ForeignKey("taskforces.id", ondelete="CASCADE"))
    kind: Mapped[ActivityKind] = mapped_column(
        enum_column(ActivityKind, "taskforce_activity_kind", length=16)
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    problem_id: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company | None] = relationship(lazy="joined")
    recorded_by: Mapped[User | None] = relationship(lazy="joined")
