"""Writing best-practice posts: drafts, publishing, edits kept as revisions, lists, diffs.

Flushes, never commits. Comments, reviews and adoptions live in feedback.py,
hiding and restoring in moderation.py, lessons from problems in lessons.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.alliance.alliances.services import alliance_ids_of_company, on_membership_change
from engage.alliance.posts import search_index
from engage.alliance.posts.models import (
    Post,
    PostFile,
    PostRevision,
    PostStatus,
    PostVisibility,
)
from engage.alliance.posts.permissions import (
    can_edit_post,
    can_write_post,
    visible_posts_filter,
)
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.core import audit
from engage.core.diff import diff_lines
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db

on_membership_change(search_index.reindex_alliance)

SORTS = ("newest", "best", "adopted")


class PostError(DomainError):
    """A refusal about a post."""


@dataclass
class PostData:
    title: str
    body: str
    alliance_id: int
    visibility: str = PostVisibility.ALLIANCE.value
    focus_target: str | None = None
    tags: str = ""


def parse_tags(text: str | None) -> list[str]:
    """Comma (or 、，) separated; trimmed, at most 10 of at most 30 characters, no repeats."""
    found: list[str] = []
    for raw in re.split(r"[,，、;；]", text or ""):
        tag = raw.strip()[:30]
        if tag and tag.lower() not in {t.lower() for t in found}:
            found.append(tag)
    return found[:10]


def _check(data: PostData, actor) -> None:
    if not data.title.strip():
        raise PostError(_l("Give the post a title."), field="title")
    if not data.body.strip():
        raise PostError(_l("Write the practice: what you did and why it works."), field="body")
    if data.alliance_id not in alliance_ids_of_company(actor.company_id):
        raise PostError(_l("Choose an alliance your company belongs to."), field="alliance_id")
    if data.visibility not in PostVisibility._value2member_map_:
        raise PostError(_l("Choose who may read the post."), field="visibility")
    if data.focus_target and data.focus_target not in FocusTarget._value2member_map_:
        raise PostError(_l("Choose a focus target from the list."), field="focus_target")


def _apply(post: Post, data: PostData) -> None:
    post.title = data.title.strip()[:200]
    post.body = data.body
    post.alliance_id = data.alliance_id
    post.visibility = PostVisibility(data.visibility)
    post.focus_target = FocusTarget(data.focus_target) if data.focus_target else None
    post.tags = ",".join(parse_tags(data.tags))


def _snapshot(post: Post, actor) -> PostRevision:
    last = (
        db.session.scalar(
            select(func.max(PostRevision.number)).where(PostRevision.post_id == post.id)
        )
        or 0
    )
    revision = PostRevision(
        post_id=post.id,
        number=last + 1,
        title=post.title,
        body=post.body,
        tags=post.tags,
        editor_id=getattr(actor, "id", None),
        created_at=utcnow(),
    )
    db.session.add(revision)
    return revision


def attach(post: Post, images=(), documents=()) -> None:
    """Add saved images (shown at the end of the body) and PDFs to the post."""
    for media in images:
        alt = re.sub(r"[\[\]()\n!]", "", (media.original_name or "").rsplit(".", 1)[0])[:60]
        post.body = f"{post.body.rstrip()}\n\n![{alt}](/media/{media.key})\n"
        post.files.append(PostFile(key=media.key, name=media.original_name, is_image=True))
    for media in documents:
        post.files.append(PostFile(key=media.key, name=media.original_name, is_image=False))


def create_post(
    data: PostData,
    *,
    actor,
    publish: bool = False,
    images=(),
    documents=(),
    source_problem_id: int | None = None,
) -> Post:
    """A safety manager of a member company writes a post (a draft, or published at once).
    Raises NotAllowed, PostError."""
    if not can_write_post(actor):
        raise NotAllowed(_l("Only a company's safety manager or admin writes posts."))
    _check(data, actor)
    post = Post(
        company_id=actor.company_id,
        author_id=actor.id,
        source_problem_id=source_problem_id,
        files=[],
    )
    _apply(post, data)
    attach(post, images, documents)
    db.session.add(post)
    db.session.flush()
    _snapshot(post, actor)
    audit.record(actor, "alliance.post_created", post, summary=post.title)
    if publish:
        publish_post(post, actor=actor)
    return post


def update_post(
    post: Post, data: PostData, *, actor, version, publish: bool = False, images=(), documents=()
) -> Post:
    """Save an edit as a new revision. A form loaded before someone else's save is refused
    (StaleVersion, with the newer post). Raises NotAllowed, PostError, StaleVersion."""
    if not can_edit_post(actor, post):
        raise NotAllowed(_l("Only the author's company edits this post."))
    if str(version) != str(post.version):
        raise StaleVersion(
            _l(
                "Someone else saved this post while you were editing. Their "
                "version is shown below; make your change again."
            ),
            current=post,
        )
    _check(data, actor)
    _apply(post, data)
    attach(post, images, documents)
    post.updated_at = utcnow()
    db.session.flush()
    _snapshot(post, actor)
    audit.record(actor, "alliance.post_edited", post, summary=post.title)
    if publish and not post.is_published:
        publish_post(post, actor=actor)
    else:
        search_index.sync(post)
    return post


def publish_post(post: Post, *, actor) -> None:
    """Publish a draft: the author's company shares (联享) in the post's alliance."""
    if not can_edit_post(actor, post):
        raise NotAllowed(_l("Only the author's company publishes this post."))
    if post.is_published:
        return
    post.status = PostStatus.PUBLISHED
    post.published_at = utcnow()
    db.session.flush()
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
    audit.record(actor, "alliance.post_published", post, summary=post.title)
    search_index.sync(post)
    from engage.alliance.posts.lessons import mark_written

    mark_written(post)


def media_keys(post: Post) -> set[str]:
    """The stored images the post's body may show (those uploaded with the post)."""
    return {f.key for f in post.files if f.is_image}


# ---------------------------------------------------------------- lists


def list_posts(
    user, *, alliance_id: int | None = None, focus: str = "", tag: str = "", sort: str = "newest"
):
    """The published posts `user` may read, filtered and sorted."""
    mine = alliance_ids_of_company(getattr(user, "company_id", None))
    stmt = select(Post).where(visible_posts_filter(user, mine))
    if alliance_id:
        stmt = stmt.where(Post.alliance_id == alliance_id)
    if focus in FocusTarget._value2member_map_:
        stmt = stmt.where(Post.focus_target == FocusTarget(focus))
    if tag:
        from engage.core.sql import like_pattern

        stmt = stmt.where(("," + Post.tags + ",").like(like_pattern(f",{tag},"), escape="\\"))
    if sort == "best":
        average = Post.review_score_total * 1.0 / func.nullif(Post.review_count, 0)
        stmt = stmt.order_by(
            func.coalesce(average, 0).desc(), Post.review_count.desc(), Post.published_at.desc()
        )
    elif sort == "adopted":
        stmt = stmt.order_by(Post.adoption_count.desc(), Post.published_at.desc())
    else:
        stmt = stmt.order_by(Post.published_at.desc(), Post.id.desc())
    return stmt


def my_drafts(user) -> list[Post]:
    if not getattr(user, "company_id", None):
        return []
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.company_id == user.company_id, Post.status == PostStatus.DRAFT)
            .order_by(Post.updated_at.desc())
            .limit(20)
        )
    )


def revisions(post: Post) -> list[PostRevision]:
    return list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post.id)
            .order_by(PostRevision.number.desc())
        )
    )


def get_revision(post: Post, number: int | None) -> PostRevision | None:
    if number is None:
        return None
    return db.session.scalar(
        select(PostRevision).where(PostRevision.post_id == post.id, PostRevision.number == number)
    )


def diff(old: PostRevision, new: PostRevision) -> list[tuple[str, list]]:
    """(field label, rows) for each field that changed, by knowledge's line-and-character diff."""
    fields = []
    for name, label in (("title", _l("Title")), ("tags", _l("Tags")), ("body", _l("Body"))):
        rows = diff_lines(getattr(old, name) or "", getattr(new, name) or "")
        if any(r.kind != "equal" for r in rows):
            fields.append((label, rows))
    return fields
