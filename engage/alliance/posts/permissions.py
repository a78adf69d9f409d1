"""Who may read, write, review, adopt and moderate best-practice posts, and the SQL twin."""

from __future__ import annotations

from sqlalchemy import false, or_, true

from engage.alliance.alliances.permissions import can_act_for_company, can_lead, is_member
from engage.alliance.posts.models import Post, PostStatus, PostVisibility
from engage.core.permissions import is_admin, is_park_staff, manages_company, signed_in


def _alliance(post: Post):
    from engage.alliance.alliances.models import Alliance
    from engage.extensions import db

    return db.session.get(Alliance, post.alliance_id)


def can_edit_post(user, post: Post) -> bool:
    """The author, and the safety managers of the author's company."""
    return signed_in(user) and (user.id == post.author_id or manages_company(user, post.company_id))


def can_moderate_post(user, post: Post) -> bool:
    """The alliance's lead (and supervisors) or the office."""
    return is_admin(user) or can_lead(user, _alliance(post))


def can_view_post(user, post: Post) -> bool:
    """Drafts: their writers. Hidden posts: their writers and moderators. Published posts:
    everyone signed in when park-wide, else the alliance's members and park staff."""
    if not signed_in(user):
        return False
    if not post.is_published:
        return can_edit_post(user, post)
    if post.is_hidden:
        return can_edit_post(user, post) or can_moderate_post(user, post)
    if post.visibility == PostVisibility.PARK or is_park_staff(user):
        return True
    return is_member(user, _alliance(post))


def visible_posts_filter(user, alliance_ids: list[int]):
    """The SQL twin of can_view_post for lists of published posts (`alliance_ids`: the
    alliances of the user's company)."""
    if not signed_in(user):
        return false()
    shown = (Post.status == PostStatus.PUBLISHED) & Post.hidden_at.is_(None)
    if is_park_staff(user):
        return shown & true()
    return shown & or_(Post.visibility == PostVisibility.PARK, Post.alliance_id.in_(alliance_ids))


def can_write_post(user) -> bool:
    """Safety managers of a company in at least one alliance (checked by the service)."""
    return can_act_for_company(user)


def can_review_post(user, post: Post) -> bool:
    """Another member company's safety manager, on a published post it can see."""
    return (
        post.is_published
        and not post.is_hidden
        and can_act_for_company(user)
        and user.company_id != post.company_id
        and is_member(user, _alliance(post))
    )


def can_adopt_post(user, post: Post) -> bool:
    """Another company's safety manager that can read the post."""
    return (
        post.is_published
        and not post.is_hidden
        and can_act_for_company(user)
        and user.company_id != post.company_id
        and can_view_post(user, post)
    )


def can_comment_post(user, post: Post) -> bool:
    return post.is_published and not post.is_hidden and can_view_post(user, post)


def can_promote_post(user, post: Post) -> bool:
    """The office turns a well-reviewed post into a knowledge article."""
    return is_admin(user) and post.is_published and not post.is_hidden
