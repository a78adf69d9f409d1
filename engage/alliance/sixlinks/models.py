"""Six-links activities recorded by people, and the link events counted per company and month."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.models import TimestampMixin, UTCDateTime, enum_column
from engage.core.timeutil import utcnow
from engage.extensions import db

__all__ = [
    "Activity",
    "ActivityCompany",
    "ActivityFile",
    "ActivityPerson",
    "Link",
    "LinkEvent",
    "AllianceLinkMonth",
    "CompanyLinkMonth",
    "MemberLinkMonth",
    "MemberLinkYear",
    "LINK_LABELS",
    "LINK_SHORT",
    "SourceKind",
]


class Link(enum.StrEnum):
    STUDY = "study"  # 联学
    SHARE = "share"  # 联享
    HANDLE = "handle"  # 联办
    BUILD = "build"  # 联建
    PROMOTE = "promote"  # 联促
    MANAGE = "manage"  # 联管


LINK_LABELS = {
    Link.STUDY: _l("Study together"),
    Link.SHARE: _lp("six links", "Share"),
    Link.HANDLE: _l("Handle together"),
    Link.BUILD: _l("Build together"),
    Link.PROMOTE: _lp("six links", "Promote"),
    Link.MANAGE: _l("Manage together"),
}

#: The one-character names the heat map's columns use (联学 → 学).
LINK_SHORT = {
    Link.STUDY: _lp("six links", "Study"),
    Link.SHARE: _lp("six links", "Share"),
    Link.HANDLE: _lp("six links", "Handle"),
    Link.BUILD: _lp("six links", "Build"),
    Link.PROMOTE: _lp("six links", "Promote"),
    Link.MANAGE: _lp("six links", "Manage"),
}


class SourceKind(enum.StrEnum):
    """What a link event points back to."""

    ACTIVITY = "activity"  # recorded by hand
    POST = "post"  # a published best-practice post (share)
    REVIEW = "review"  # a peer review (promote)
    PROBLEM = "problem"  # a problem closed with a peer's verification (manage)
    EVENT = "event"  # an event organised by members (handle, study)
    INSPECTION = "inspection"  # a finished peer inspection (manage)
    TASKFORCE = "taskforce"  # a task force formed (build)
    TASKFORCE_ACTIVITY = "tf_activity"  # a task force's visit, meeting or help (build, promote)
    ARTICLE = "article"  # a knowledge article written from a post (share)


class Activity(TimestampMixin, db.Model):
    """A piece of joint work members record by hand."""

    __tablename__ = "alliance_activities"
    __table_args__ = (Index("ix_alliance_activities_alliance_day", "alliance_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    occurred_on: Mapped[date] = mapped_column(Date)
    links: Mapped[str] = mapped_column(String(100))  # comma-separated Link values
    description: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_for_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL")
    )

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
    companies: Mapped[list[ActivityCompany]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityCompany.id"
    )
    people: Mapped[list[ActivityPerson]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityPerson.id"
    )
    files: Mapped[list[ActivityFile]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityFile.id"
    )

    @property
    def link_list(self) -> list[Link]:
        return [Link(v) for v in self.links.split(",") if v in Link._value2member_map_]


class ActivityCompany(db.Model):
    __tablename__ = "alliance_activity_companies"
    __table_args__ = (UniqueConstraint("activity_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_activities.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


class ActivityPerson(db.Model):
    __tablename__ = "alliance_activity_people"
    __table_args__ = (UniqueConstraint("activity_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_activities.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class ActivityFile(db.Model):
    """A photo or a document (PDF) of an activity, by its upload key."""

    __tablename__ = "alliance_activity_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_activities.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    thumb_key: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), default="")
    is_image: Mapped[bool] = mapped_column(default=True)


class LinkEvent(db.Model):
    """One link counted for one company in one alliance, pointing back to its source.

    (alliance, company, link, source kind, source id) is unique, so a source
    announced twice (a signal heard again, a post republished) counts once.
    `month` is yyyymm of `occurred_on`, so the heat map groups on a plain column.
    """

    __tablename__ = "alliance_link_events"
    __table_args__ = (
        UniqueConstraint(
            "alliance_id",
            "company_id",
            "link",
            "source_kind",
            "source_id",
            name="uq_alliance_link_events_source",
        ),
        # Covers the heat map, the totals per member and the quiet members (index-only).
        Index(
            "ix_alliance_link_events_alliance_month", "alliance_id", "month", "link", "company_id"
        ),
        Index("ix_alliance_link_events_alliance_day", "alliance_id", "occurred_on"),
        Index("ix_alliance_link_events_company_month", "company_id", "month", "link"),
        Index("ix_alliance_link_events_source", "source_kind", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    link: Mapped[Link] = mapped_column(enum_column(Link, "alliance_link", length=16))
    source_kind: Mapped[SourceKind] = mapped_column(
        enum_column(SourceKind, "alliance_link_source", length=16)
    )
    source_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    month: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


# ---------------------------------------------------------------- monthly roll-ups
#
# The dashboards read these, never the events: each is kept equal to a recount of
# `alliance_link_events` by sixlinks.rollup, in the transaction that changes the events.
# A cell whose count falls to zero is deleted, so a row always means "something happened".


class MemberLinkMonth(db.Model):
    """How many link events one member company has in one alliance, month and link."""

    __tablename__ = "alliance_link_months"
    __table_args__ = (
        Index("ix_alliance_link_months_company", "company_id", "month"),
        {"sqlite_with_rowid": False},
    )

    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    link: Mapped[Link] = mapped_column(
        enum_column(Link, "alliance_link", length=16), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[int] = mapped_column(Integer, default=0)


class MemberLinkYear(db.Model):
    """The same per whole calendar year, so totals over five years read 5 rows a member
    and link rather than 60."""

    __tablename__ = "alliance_link_years"
    __table_args__ = ({"sqlite_with_rowid": False},)

    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    link: Mapped[Link] = mapped_column(
        enum_column(Link, "alliance_link", length=16), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[int] = mapped_column(Integer, default=0)


class AllianceLinkMonth(db.Model):
    """How many link events an alliance has in one month and link (the heat map's cell)."""

    __tablename__ = "alliance_link_month_totals"
    __table_args__ = ({"sqlite_with_rowid": False},)

    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    link: Mapped[Link] = mapped_column(
        enum_column(Link, "alliance_link", length=16), primary_key=True
    )
    total: Mapped[int] = mapped_column(Integer, default=0)


class CompanyLinkMonth(db.Model):
    """How many sources count for one company in one month and link, across all its
    alliances: a source counted in two alliances counts once here."""

    __tablename__ = "alliance_company_link_months"
    __table_args__ = ({"sqlite_with_rowid": False},)

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[int] = mapped_column(Integer, primary_key=True)
    link: Mapped[Link] = mapped_column(
        enum_column(Link, "alliance_link", length=16), primary_key=True
    )
    total: Mapped[int] = mapped_column(Integer, default=0)
