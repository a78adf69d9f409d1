"""Article tables: articles, tags, their revisions, attachments and helpfulness votes."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.audit import append_only
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.knowledge.categories.models import Category


class Audience(enum.StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    MEMBERS = "members"  # every signed-in user of the park
    COMPANY = "company"  # the people of one company (and park staff)


class ArticleStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DELETED = "deleted"  # kept with its history, shown to nobody


AUDIENCE_LABELS = {
    Audience.PUBLIC: _l("Everyone (no sign-in needed)"),
    Audience.MEMBERS: _l("Park members (signed in)"),
    Audience.COMPANY: _l("One company only"),
}
STATUS_LABELS = {
    ArticleStatus.DRAFT: _l("Draft"),
    ArticleStatus.PUBLISHED: _l("Published"),
    ArticleStatus.DELETED: _l("Deleted"),
}


article_tags = Table(
    "knowledge_article_tags",
    db.metadata,
    Column("article_id", ForeignKey("knowledge_articles.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "tag_id", ForeignKey("knowledge_tags.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Tag(db.Model):
    __tablename__ = "knowledge_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Article(TimestampMixin, VersionedMixin, db.Model):
    """A knowledge article. English readers see title_en/summary_en/body_en when given."""

    __tablename__ = "knowledge_articles"
    __table_args__ = (
        Index("ix_knowledge_articles_status_published", "status", "published_at"),
        Index("ix_knowledge_articles_status_reads", "status", "read_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(String(500), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_categories.id", ondelete="RESTRICT"), index=True
    )
    # None: no particular focus target.
    focus_target: Mapped[FocusTarget | None] = mapped_column(
        enum_column(FocusTarget, "knowledge_focus_target", length=20), index=True
    )
    # None: written by the park's safety committee office.
    author_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    audience: Mapped[Audience] = mapped_column(
        enum_column(Audience, "knowledge_audience", length=20), default=Audience.MEMBERS
    )
    audience_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ArticleStatus] = mapped_column(
        enum_column(ArticleStatus, "knowledge_article_status", length=20),
        default=ArticleStatus.DRAFT,
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    featured: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    read_count: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    author_company = relationship("Company", foreign_keys=[author_company_id], lazy="joined")
    audience_company = relationship("Company", foreign_keys=[audience_company_id], lazy="joined")
    tags: Mapped[list[Tag]] = relationship(
        secondary=article_tags, lazy="selectin", order_by=Tag.name
    )
    attachments: Mapped[list[ArticleAttachment]] = relationship(
        lazy="selectin", order_by="ArticleAttachment.id", cascade="all, delete-orphan"
    )

    @property
    def company_id(self) -> int | None:
        """The company whose private data this is (audit log, tenancy)."""
        return self.audience_company_id if self.audience == Audience.COMPANY else None

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    def localized(self, locale: str) -> tuple[str, str, str]:
        """(title, summary, body) in the reader's language when a translation exists."""
        if locale == "en" and self.title_en and self.body_en:
            return self.title_en, self.summary_en or self.summary, self.body_en
        return self.title, self.summary, self.body

    def display_title(self, locale: str) -> str:
        return self.title_en if locale == "en" and self.title_en else self.title


class ArticleAttachment(db.Model):
    __tablename__ = "knowledge_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id", ondelete="CASCADE"), index=True
    )
    media_id: Mapped[int] = mapped_column(ForeignKey("media_files.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    media = relationship("MediaFile", lazy="joined", innerjoin=True)


@append_only
class ArticleRevision(db.Model):
    """What an article said after one save. Never changed: a restore adds a new one."""

    __tablename__ = "knowledge_revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(String(500), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("knowledge_categories.id", ondelete="SET NULL")
    )
    tags: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    created_by = relationship("User", lazy="joined")


class HelpfulVote(db.Model):
    """One "was this helpful" answer per person and article."""

    __tablename__ = "knowledge_votes"
    __table_args__ = (UniqueConstraint("article_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
