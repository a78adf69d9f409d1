"""Hiding and restoring posts and comments: the reason is logged and the author told."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from engage.alliance.posts import search_index
from engage.alliance.posts.models import ModerationEntry, Post, PostComment, PostFlag
from engage.alliance.posts.permissions import can_moderate_post
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import forget, record
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.notifications import notify, register_kind
from engage.core.timeutil import utcnow
from engage.extensions import db

register_kind("alliance.post_hidden", _l("Your post “%(title)s” was hidden: %(reason)s"))
register_kind("alliance.post_restored", _l("Your post “%(title)s” is shown again."))
register_kind("alliance.comment_hidden", _l("Your comment on “%(title)s” was hidden: %(reason)s"))


class ModerationError(DomainError):
    """A refusal about moderation."""


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ModerationError(_l("Give the reason; the author reads it."), field="reason")
    return reason[:500]


def _log(post: Post, action: str, reason: str, actor, comment: PostComment | None = None) -> None:
    db.session.add(
        ModerationEntry(
            post_id=post.id,
            comment_id=comment.id if comment else None,
            actor_id=actor.id,
            action=action,
            reason=reason,
            created_at=utcnow(),
        )
    )
    audit.record(
        actor,
        f"alliance.{'comment' if comment else 'post'}_{action}",
        comment or post,
        summary=post.title,
        reason=reason,
        company_id=post.company_id,
    )


def _resolve_flags(post: Post, comment: PostComment | None) -> None:
    stmt = update(PostFlag).where(PostFlag.post_id == post.id, PostFlag.resolved_at.is_(None))
    if comment is not None:
        stmt = stmt.where(PostFlag.comment_id == comment.id)
    db.session.execute(stmt.values(resolved_at=utcnow()))


def hide_post(post: Post, reason: str, *, actor) -> None:
    """The lead or the office hides a post: out of lists and search, its share no longer
    counts; the author is told why."""
    if not can_moderate_post(actor, post):
        raise NotAllowed(_l("Only the alliance's lead or the office moderates posts."))
    if post.is_hidden:
        raise ModerationError(_l("This post is already hidden."))
    reason = _reason(reason)
    post.hidden_at = utcnow()
    post.hidden_reason = reason
    db.session.flush()
    _log(post, "hide", reason, actor)
    _resolve_flags(post, None)
    forget(SourceKind.POST, post.id, Link.SHARE)
    search_index.sync(post)
    if post.author_id:
        notify(
            post.author_id,
            "alliance.post_hidden",
            url=f"/alliance/posts/{post.id}",
            title=post.title,
            reason=reason,
        )


def restore_post(post: Post, reason: str, *, actor) -> None:
    if not can_moderate_post(actor, post):
        raise NotAllowed(_l("Only the alliance's lead or the office moderates posts."))
    if not post.is_hidden:
        raise ModerationError(_l("This post is not hidden."))
    reason = _reason(reason)
    post.hidden_at = None
    post.hidden_reason = ""
    db.session.flush()
    _log(post, "restore", reason, actor)
    if post.is_published:
        record(
            post.alliance_id,
            Link.SHARE,
            [post.company_id],
            SourceKind.POST,
            post.id,
            post.title,
            post.published_at,
            actor,
        )
    search_index.sync(post)
    if post.author_id:
        notify(
            post.author_id,
            "alliance.post_restored",
            url=f"/alliance/posts/{post.id}",
            title=post.title,
        )


def set_comment_hidden(
    post: Post, comment: PostComment, hidden: bool, reason: str, *, actor
) -> None:
    if not can_moderate_post(actor, post):
        raise NotAllowed(_l("Only the alliance's lead or the office moderates posts."))
    if comment.post_id != post.id:
        raise ModerationError(_l("That comment belongs to another post."))
    if (comment.hidden_at is not None) == hidden:
        raise ModerationError(_l("The comment is already in that state."))
    reason = _reason(reason)
    comment.hidden_at = utcnow() if hidden else None
    comment.hidden_reason = reason if hidden else ""
    db.session.flush()
    _log(post, "hide" if hidden else "restore", reason, actor, comment)
    if hidden:
        _resolve_flags(post, comment)
        if comment.author_id:
            notify(
                comment.author_id,
                "alliance.comment_hidden",
                url=f"/alliance/posts/{post.id}",
                title=post.title,
                reason=reason,
            )


def log(post: Post) -> list[ModerationEntry]:
    return list(
        db.session.scalars(
            select(ModerationEntry)
            .where(ModerationEntry.post_id == post.id)
            .order_by(ModerationEntry.id.desc())
        )
    )


def open_flags(alliance_ids: list[int] | None):
    """Unresolved flags on posts of these alliances (None: every alliance), newest first."""
    stmt = (
        select(PostFlag)
        .join(Post, Post.id == PostFlag.post_id)
        .where(PostFlag.resolved_at.is_(None))
        .order_by(PostFlag.created_at.desc())
    )
    if alliance_ids is not None:
        stmt = stmt.where(Post.alliance_id.in_(alliance_ids or [0]))
    return stmt
