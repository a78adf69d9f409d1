"""What the search service knows of posts: one document per published, shown post.

Park-wide posts carry the "members" tag; alliance posts the tags of the member
companies (and "staff"), so a company outside the alliance never finds them.
When a company joins or leaves, the alliance's posts are indexed again.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.core import search
from engage.core.markdown import to_text
from engage.extensions import db

KIND = "alliance_post"


def access_tags(post) -> list[str]:
    from engage.alliance.alliances.services import member_company_ids
    from engage.alliance.posts.models import PostVisibility

    if post.visibility == PostVisibility.PARK:
        return ["members"]
    return ["staff"] + [f"company:{c}" for c in sorted(member_company_ids(post.alliance_id))]


def document_for(post) -> search.Document:
    body = "\n".join(
        p for p in (to_text(post.body), post.tags.replace(",", " "), post.company.name) if p
    )
    return search.Document(
        kind=KIND,
        object_id=post.id,
        title=post.title,
        body=body,
        url=f"/alliance/posts/{post.id}",
        access=access_tags(post),
        facet=f"focus:{post.focus_target.value}" if post.focus_target else None,
        updated_at=post.published_at or post.updated_at,  # the date its page shows
    )


def sync(post) -> None:
    """Index a published, shown post; remove anything else. In the current transaction."""
    if post.is_published and not post.is_hidden:
        search.index(document_for(post))
    else:
        search.remove(KIND, post.id)


def _shown():
    from engage.alliance.posts.models import Post, PostStatus

    return select(Post).where(Post.status == PostStatus.PUBLISHED, Post.hidden_at.is_(None))


def iter_documents() -> Iterator[search.Document]:
    from engage.alliance.posts.models import Post

    for post in db.session.scalars(_shown().order_by(Post.id).execution_options(yield_per=200)):
        yield document_for(post)


def reindex_alliance(alliance) -> None:
    """Who may find an alliance's posts changed: index them again."""
    from engage.alliance.posts.models import Post, PostVisibility

    stmt = _shown().where(
        Post.alliance_id == alliance.id, Post.visibility == PostVisibility.ALLIANCE
    )
    for post in db.session.scalars(stmt):
        search.index(document_for(post))


def focus_facets() -> Iterator[tuple[str, str]]:
    from engage.core.vocab import FOCUS_TARGET_LABELS

    for key, label in FOCUS_TARGET_LABELS.items():
        yield f"focus:{key.value}", str(label)


search.register_kind(
    KIND,
    label=_l("Best practices"),
    reindex=iter_documents,
    facets=focus_facets,
    facet_label=_l("Focus target"),
)
