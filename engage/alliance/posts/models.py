"""Best-practice posts with their revisions, files, comments, peer reviews, adoptions,
flags, the moderation log, and invitations to turn a fix into a post."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Company, User
from engage.core.audit import append_only
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db

__all__ = [
    "Adoption",
    "LessonInvite",
    "LessonStatus",
    "ModerationEntry",
    "Post",
    "PostComment",
    "PostFile",
    "PostFlag",
    "PostRevision",
    "PostStatus",
    "PostVisibility",
    "Review",
    "ReviewRevision",
    "VISIBILITY_LABELS",
]


class PostVisibility(enum.StrEnum):
    ALLIANCE = "alliance"
    PARK = "park"


VISIBILITY_LABELS = {
    PostVisibility.ALLIANCE: _l("The alliance's members"),
    PostVisibility.PARK: _l("Everyone in the park"),
}


class PostStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Post(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "alliance_posts"
    __table_args__ = (
        Index("ix_alliance_posts_list", "status", "alliance_id", "published_at"),
        Index("ix_alliance_posts_company", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    focus_target: Mapped[FocusTarget | None] = mapped_column(
        enum_column(FocusTarget, "alliance_post_focus"), index=True
    )
    tags: Mapped[str] = mapped_column(String(400), default="")  # comma-separated, normalised
    visibility: Mapped[PostVisibility] = mapped_column(
        enum_column(PostVisibility, "alliance_post_visibility", length=16),
        default=PostVisibility.ALLIANCE,
    )
    status: Mapped[PostStatus] = mapped_column(
        enum_column(PostStatus, "alliance_post_status", length=16), default=PostStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    review_count: Mapped[int] = mapped_column(Integer, default=0)
    review_score_total: Mapped[int] = mapped_column(Integer, default=0)
    adoption_count: Mapped[int] = mapped_column(Integer, default=0, index=True)
    source_problem_id: Mapped[int | None] = mapped_column(Integer)
    article_id: Mapped[int | None] = mapped_column(Integer)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User | None] = relationship(lazy="joined")
    files: Mapped[list[PostFile]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PostFile.id"
    )

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @property
    def average_score(self) -> float | None:
        return round(self.review_score_total / self.review_count, 1) if self.review_count else None


@append_only
class PostRevision(db.Model):
    """The post as it was after each save; never changed afterwards."""

    __tablename__ = "alliance_post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(400), default="")
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="joined")


class PostFile(db.Model):
    """An image shown in the body or a PDF attached to the post."""

    __tablename__ = "alliance_post_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200), default="")
    is_image: Mapped[bool] = mapped_column(Boolean, default=True)


class PostComment(db.Model):
    __tablename__ = "alliance_post_comments"
    __table_args__ = (Index("ix_alliance_post_comments_post", "post_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("alliance_posts.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliance_post_comments.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")

    author: Mapped[User | None] = relationship(lazy="joined")


class Review(TimestampMixin, VersionedMixin, db.Model):
    """One member company's peer review of a post: a 1-5 usefulness score and a text."""

    __tablename__ = "alliance_post_reviews"
    __table_args__ = (UniqueConstraint("post_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User | None] = relationship(lazy="joined")


@append_only
class ReviewRevision(db.Model):
    """A review as it was before each edit."""

    __tablename__ = "alliance_post_review_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_post_reviews.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="joined")


class Adoption(db.Model):
    """ "We adopted this": another company took up the practice."""

    __tablename__ = "alliance_post_adoptions"
    __table_args__ = (UniqueConstraint("post_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    photo_key: Mapped[str | None] = mapped_column(String(100))
    photo_thumb_key: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    company: Mapped[Company] = relationship(lazy="joined", innerjoin=True)


class PostFlag(db.Model):
    """A member asks the moderators to look at a post or a comment."""

    __tablename__ = "alliance_post_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliance_post_comments.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    user: Mapped[User | None] = relationship(lazy="joined")
    post: Mapped[Post] = relationship(lazy="joined", innerjoin=True)


@append_only
class ModerationEntry(db.Model):
    """Who hid or restored what, and why."""

    __tablename__ = "alliance_post_moderation"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliance_post_comments.id", ondelete="CASCADE")
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))  # hide / restore
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")


class LessonStatus(enum.StrEnum):
    OPEN = "open"
    DECLINED = "declined"
    WRITTEN = "written"


class LessonInvite(db.Model):
    """After a peer-found problem closes, its company is invited to share the fix."""

    __tablename__ = "alliance_lesson_invites"
    __table_args__ = (UniqueConstraint("problem_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    problem_id: Mapped[int] = mapped_column(Integer)
    problem_number: Mapped[str] = mapped_column(String(40))
    status: Mapped[LessonStatus] = mapped_column(
        enum_column(LessonStatus, "alliance_lesson_status", length=16), default=LessonStatus.OPEN
    )
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("alliance_posts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
