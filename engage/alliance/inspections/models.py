"""Items (versioned), checklists, the point a checklist is given to, rounds, inspections
and their answers, one row per item answered."""

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

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker import ProblemCategory, Severity

__all__ = [
    "Answer",
    "AnswerPhoto",
    "AnswerResult",
    "Checklist",
    "ChecklistEntry",
    "ChecklistSection",
    "Inspection",
    "InspectionPoint",
    "InspectionRound",
    "InspectionStatus",
    "Item",
    "ItemCategory",
    "PointChecklist",
    "TeamMember",
]


class ItemCategory(enum.StrEnum):
    FIRE_SAFETY = "fire_safety"
    ELECTRICAL = "electrical"
    CHEMICALS = "hazardous_chemicals"
    SPECIAL_EQUIPMENT = "special_equipment"
    CONFINED_SPACES = "confined_spaces"
    DUST = "dust"
    HIGH_RISE = "high_rise"
    WAREHOUSES = "warehouses"
    BIOMEDICINE_LABS = "biomedicine_labs"
    MANAGEMENT = "management"


CATEGORY_LABELS = {
    ItemCategory.FIRE_SAFETY: _l("Fire safety"),
    ItemCategory.ELECTRICAL: _l("Electrical"),
    ItemCategory.CHEMICALS: _l("Hazardous chemicals"),
    ItemCategory.SPECIAL_EQUIPMENT: _l("Special equipment"),
    ItemCategory.CONFINED_SPACES: _l("Confined spaces"),
    ItemCategory.DUST: _l("Combustible dust"),
    ItemCategory.HIGH_RISE: _l("High-rise buildings"),
    ItemCategory.WAREHOUSES: _l("Warehouses"),
    ItemCategory.BIOMEDICINE_LABS: _l("Biomedicine labs"),
    ItemCategory.MANAGEMENT: _l("Safety management"),
}

#: The tracker's category a hazard of this item is filed under.
PROBLEM_CATEGORY = {
    ItemCategory.FIRE_SAFETY: ProblemCategory.FIRE,
    ItemCategory.ELECTRICAL: ProblemCategory.ELECTRICAL,
    ItemCategory.CHEMICALS: ProblemCategory.CHEMICALS,
    ItemCategory.SPECIAL_EQUIPMENT: ProblemCategory.SPECIAL_EQUIPMENT,
    ItemCategory.CONFINED_SPACES: ProblemCategory.CONFINED_SPACE,
    ItemCategory.DUST: ProblemCategory.HOUSEKEEPING,
    ItemCategory.HIGH_RISE: ProblemCategory.EVACUATION,
    ItemCategory.WAREHOUSES: ProblemCategory.STORAGE,
    ItemCategory.BIOMEDICINE_LABS: ProblemCategory.CHEMICALS,
    ItemCategory.MANAGEMENT: ProblemCategory.MANAGEMENT,
}


class Item(db.Model):
    """One version of an inspection item. `code` names the item across its versions;
    the current version is the one checklists use. A used version is never edited:
    editing it adds the next version, so answers keep the text they were given to."""

    __tablename__ = "inspection_items"
    __table_args__ = (
        UniqueConstraint("code", "version"),
        Index(
            "uq_inspection_items_current",
            "code",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    category: Mapped[ItemCategory] = mapped_column(
        enum_column(ItemCategory, "inspection_item_category"), index=True
    )
    requirement: Mapped[str] = mapped_column(Text)
    requirement_en: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(300), default="")
    guidance: Mapped[str] = mapped_column(Text, default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[Severity] = mapped_column(
        enum_column(Severity, "inspection_item_severity"), default=Severity.MAJOR
    )
    article_url: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def text_in(self, locale: str) -> str:
        return (
            self.requirement_en
            if locale.startswith("en") and self.requirement_en
            else self.requirement
        )

    def guidance_in(self, locale: str) -> str:
        return self.guidance_en if locale.startswith("en") and self.guidance_en else self.guidance


class Checklist(TimestampMixin, VersionedMixin, db.Model):
    """A template built from items, grouped in sections, for one focus target."""

    __tablename__ = "inspection_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    focus_target: Mapped[FocusTarget] = mapped_column(
        enum_column(FocusTarget, "checklist_focus_target"), default=FocusTarget.OTHER, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    sections: Mapped[list[ChecklistSection]] = relationship(
        order_by="ChecklistSection.position",
        cascade="all, delete-orphan",
        back_populates="checklist",
    )


class ChecklistSection(db.Model):
    __tablename__ = "inspection_checklist_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_checklists.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))

    checklist: Mapped[Checklist] = relationship(back_populates="sections")
    entries: Mapped[list[ChecklistEntry]] = relationship(
        order_by="ChecklistEntry.position", cascade="all, delete-orphan", back_populates="section"
    )


class ChecklistEntry(db.Model):
    """An item on a checklist; it follows the item's current version."""

    __tablename__ = "inspection_checklist_entries"
    __table_args__ = (UniqueConstraint("checklist_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_checklists.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_checklist_sections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"), index=True)

    section: Mapped[ChecklistSection] = relationship(back_populates="entries")
    item: Mapped[Item] = relationship()


class PointChecklist(db.Model):
    """One point, one code, one checklist: the checklist a point is given."""

    __tablename__ = "inspection_point_checklists"

    point_id: Mapped[int] = mapped_column(
        ForeignKey("points.id", ondelete="CASCADE"), primary_key=True
    )
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_checklists.id", ondelete="CASCADE"), index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    checklist: Mapped[Checklist] = relationship(lazy="joined", innerjoin=True)


class InspectionRound(db.Model):
    """A pairing round of an alliance: every member inspects one other."""

    __tablename__ = "inspection_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    planned_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InspectionStatus(enum.StrEnum):
    PROPOSED = "proposed"  # waiting for the host (or, after a new date, the proposer)
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    InspectionStatus.PROPOSED: _l("Proposed"),
    InspectionStatus.ACCEPTED: _l("Accepted"),
    InspectionStatus.IN_PROGRESS: _l("In progress"),
    InspectionStatus.SUBMITTED: _l("Report submitted"),
    InspectionStatus.ACKNOWLEDGED: _l("Report acknowledged"),
    InspectionStatus.CANCELLED: _l("Cancelled"),
}
STATUS_TONES = {
    InspectionStatus.PROPOSED: "warning",
    InspectionStatus.ACCEPTED: "info",
    InspectionStatus.IN_PROGRESS: "primary",
    InspectionStatus.SUBMITTED: "success",
    InspectionStatus.ACKNOWLEDGED: "success",
    InspectionStatus.CANCELLED: "secondary",
}
OPEN_STATUSES = (InspectionStatus.PROPOSED, InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS)
DONE_STATUSES = (InspectionStatus.SUBMITTED, InspectionStatus.ACKNOWLEDGED)


class Inspection(TimestampMixin, VersionedMixin, db.Model):
    """A peer inspection of a host company by a team from another member company."""

    __tablename__ = "inspections"
    __table_args__ = (
        Index("ix_inspections_alliance_planned", "alliance_id", "planned_on"),
        Index("ix_inspections_host", "host_company_id", "status"),
        Index("ix_inspections_inspecting", "inspecting_company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspection_rounds.id", ondelete="SET NULL"), index=True
    )
    host_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    inspecting_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE")
    )
    checklist_id: Mapped[int] = mapped_column(ForeignKey("inspection_checklists.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    counter_date: Mapped[date | None] = mapped_column(Date)
    awaiting_host: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[InspectionStatus] = mapped_column(
        enum_column(InspectionStatus, "inspection_status"), default=InspectionStatus.PROPOSED
    )
    note: Mapped[str] = mapped_column(Text, default="")
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    host_rating: Mapped[int | None] = mapped_column(Integer)
    host_comment: Mapped[str] = mapped_column(String(1000), default="")
    team_rating: Mapped[int | None] = mapped_column(Integer)
    team_comment: Mapped[str] = mapped_column(String(1000), default="")
    reminded_on: Mapped[date | None] = mapped_column(Date)

    host_company: Mapped[Company] = relationship(
        foreign_keys=[host_company_id], lazy="joined", innerjoin=True
    )
    inspecting_company: Mapped[Company | None] = relationship(
        foreign_keys=[inspecting_company_id], lazy="joined"
    )
    checklist: Mapped[Checklist] = relationship(lazy="joined", innerjoin=True)
    team: Mapped[list[TeamMember]] = relationship(
        cascade="all, delete-orphan", order_by="TeamMember.position"
    )
    points: Mapped[list[InspectionPoint]] = relationship(cascade="all, delete-orphan")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    acknowledged_by: Mapped[User | None] = relationship(foreign_keys=[acknowledged_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES


class TeamMember(db.Model):
    __tablename__ = "inspection_team_members"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class InspectionPoint(db.Model):
    __tablename__ = "inspection_points"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), primary_key=True
    )
    point_id: Mapped[int] = mapped_column(
        ForeignKey("points.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AnswerResult(enum.StrEnum):
    CONFORMS = "conforms"
    HAZARD = "hazard"
    NOT_APPLICABLE = "not_applicable"


RESULT_LABELS = {
    AnswerResult.CONFORMS: _l("Conforms"),
    AnswerResult.HAZARD: _l("Hazard"),
    AnswerResult.NOT_APPLICABLE: _l("Not applicable"),
}


class Answer(db.Model):
    """One item answered in one inspection: saved on its own, so two inspectors on
    different sections never overwrite each other. `item_id` is the version answered."""

    __tablename__ = "inspection_answers"
    __table_args__ = (UniqueConstraint("inspection_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_checklist_entries.id", ondelete="CASCADE")
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"), index=True)
    point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id", ondelete="SET NULL"))
    result: Mapped[AnswerResult] = mapped_column(enum_column(AnswerResult, "answer_result"))
    note: Mapped[str] = mapped_column(String(2000), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    problem_id: Mapped[int | None] = mapped_column(Integer, index=True)
    problem_number: Mapped[str] = mapped_column(String(40), default="")
    problem_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    peer_verified: Mapped[bool] = mapped_column(Boolean, default=False)

    item: Mapped[Item] = relationship(lazy="joined", innerjoin=True)
    answered_by: Mapped[User | None] = relationship()
    photos: Mapped[list[AnswerPhoto]] = relationship(cascade="all, delete-orphan")


class AnswerPhoto(db.Model):
    __tablename__ = "inspection_answer_photos"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("inspection_answers.id", ondelete="CASCADE"), primary_key=True
    )
    media_id: Mapped[int] = mapped_column(
        ForeignKey("media_files.id", ondelete="CASCADE"), primary_key=True
    )

    media: Mapped[MediaFile] = relationship(lazy="joined", innerjoin=True)
