"""What peers do with a post: comment (one level of replies, @mentions), review, adopt, flag.

Flushes, never commits.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.accounts.models import CompanyRole, User
from engage.alliance.posts.models import (
    Adoption,
    Post,
    PostComment,
    PostFlag,
    Review,
    ReviewRevision,
)
from engage.alliance.posts.permissions import (
    can_adopt_post,
    can_comment_post,
    can_review_post,
    can_view_post,
)
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.notifications import notify, notify_many, register_kind
from engage.core.timeutil import utcnow
from engage.extensions import db

register_kind("alliance.mention", _l("%(name)s mentioned you on the post “%(title)s”."))
register_kind("alliance.comment", _l("%(name)s commented on your post “%(title)s”."))
register_kind("alliance.review", _l("%(company)s reviewed your post “%(title)s” (%(score)s/5)."))
register_kind("alliance.adopted", _l("%(company)s adopted your practice “%(title)s”."))
register_kind("alliance.flagged", _l("Someone asked for a look at “%(title)s”: %(reason)s"))

MENTION = re.compile(r"@([^\s@,，。:：;；!！?？]{1,40})")


class FeedbackError(DomainError):
    """A refusal about comments, reviews, adoptions or flags."""


def _post_url(post: Post) -> str:
    return f"/alliance/posts/{post.id}"


# ---------------------------------------------------------------- comments


def add_comment(post: Post, body: str, *, actor, parent: PostComment | None = None) -> PostComment:
    """Comment on a post, or reply to a comment (replies to a reply join its thread:
    one level only). People named with @name who can read the post are told."""
    if not can_comment_post(actor, post):
        raise NotAllowed(_l("You cannot comment on this post."))
    body = (body or "").strip()
    if not body:
        raise FeedbackError(_l("Write the comment."), field="body")
    if len(body) > 5000:
        raise FeedbackError(_l("A comment is at most 5,000 characters."), field="body")
    if parent is not None:
        if parent.post_id != post.id:
            raise FeedbackError(_l("That comment belongs to another post."))
        if parent.parent_id is not None:
            parent = db.session.get(PostComment, parent.parent_id)
    comment = PostComment(
        post_id=post.id,
        parent_id=parent.id if parent else None,
        author_id=actor.id,
        body=body,
        created_at=utcnow(),
    )
    db.session.add(comment)
    db.session.flush()
    names = sorted(set(MENTION.findall(body)))[:10]
    told: set[int] = set()
    if names:
        for person in db.session.scalars(
            select(User).where(User.name.in_(names), User.active.is_(True))
        ):
            if person.id != actor.id and can_view_post(person, post):
                notify(
                    person,
                    "alliance.mention",
                    url=_post_url(post) + f"#c{comment.id}",
                    name=actor.name,
                    title=post.title,
                )
                told.add(person.id)
    if post.author_id and post.author_id not in told and post.author_id != actor.id:
        notify(
            post.author_id,
            "alliance.comment",
            url=_post_url(post) + f"#c{comment.id}",
            name=actor.name,
            title=post.title,
        )
    return comment


def comments(post: Post, *, include_hidden: bool = False) -> list[tuple[PostComment, list]]:
    """Top-level comments, oldest first, each with its replies (two queries' worth)."""
    rows = list(
        db.session.scalars(
            select(PostComment)
            .where(PostComment.post_id == post.id)
            .order_by(PostComment.created_at, PostComment.id)
        )
    )
    replies: dict[int, list[PostComment]] = {}
    tops = []
    for c in rows:
        if c.hidden_at is not None and not include_hidden:
            continue
        if c.parent_id is None:
            tops.append(c)
        else:
            replies.setdefault(c.parent_id, []).append(c)
    return [(c, replies.get(c.id, [])) for c in tops]


# ---------------------------------------------------------------- reviews


def _check_review(score, text) -> tuple[int, str]:
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise FeedbackError(_l("Give a score from 1 to 5."), field="score")
    text = (text or "").strip()
    if len(text) < 5:
        raise FeedbackError(
            _l("Say in a few words how useful the practice is for you."), field="text"
        )
    return score, text[:5000]


def _recount(post: Post) -> None:
    count, total = db.session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.score), 0)).where(
            Review.post_id == post.id
        )
    ).one()
    post.review_count, post.review_score_total = count, int(total)
    post.adoption_count = (
        db.session.scalar(select(func.count(Adoption.id)).where(Adoption.post_id == post.id)) or 0
    )


def review_of(post: Post, company_id: int | None) -> Review | None:
    if company_id is None:
        return None
    return db.session.scalar(
        select(Review).where(Review.post_id == post.id, Review.company_id == company_id)
    )


def review_post(post: Post, score, text: str, *, actor) -> Review:
    """Another member company's peer review (one per company): promote (联促) for it.
    Raises FeedbackError for one's own company's post or a second review."""
    if actor.company_id == post.company_id:
        raise FeedbackError(_l("A company does not review its own post."))
    if not can_review_post(actor, post):
        raise NotAllowed(
            _l("Only safety managers of the alliance's other member companies review posts.")
        )
    if review_of(post, actor.company_id) is not None:
        raise FeedbackError(
            _l("Your company has already reviewed this post; edit that review instead.")
        )
    score, text = _check_review(score, text)
    review = Review(
        post_id=post.id, company_id=actor.company_id, author_id=actor.id, score=score, text=text
    )
    db.session.add(review)
    db.session.flush()
    _recount(post)
    record(
        post.alliance_id,
        Link.PROMOTE,
        [actor.company_id],
        SourceKind.REVIEW,
        review.id,
        post.title,
        review.created_at,
        actor,
    )
    audit.record(actor, "alliance.post_reviewed", review, summary=post.title, score=score)
    if post.author_id:
        notify(
            post.author_id,
            "alliance.review",
            url=_post_url(post),
            company=actor.company,
            title=post.title,
            score=score,
        )
    return review


def can_edit_review(user, review: Review) -> bool:
    return getattr(user, "id", None) == review.author_id


def edit_review(review: Review, score, text: str, *, actor, version) -> Review:
    """Its author changes a review; the earlier text is kept."""
    if not can_edit_review(actor, review):
        raise NotAllowed(_l("Only whoever wrote the review edits it."))
    if str(version) != str(review.version):
        raise StaleVersion(
            _l("The review changed since you opened it; here it is now."), current=review
        )
    score, text = _check_review(score, text)
    db.session.add(
        ReviewRevision(
            review_id=review.id,
            score=review.score,
            text=review.text,
            editor_id=actor.id,
            created_at=utcnow(),
        )
    )
    review.score, review.text = score, text
    db.session.flush()
    post = db.session.get(Post, review.post_id)
    assert post is not None  # a review's post exists (foreign key)
    _recount(post)
    audit.record(actor, "alliance.review_edited", review, summary=post.title, score=score)
    return review


def reviews(post: Post) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review).where(Review.post_id == post.id).order_by(Review.created_at)
        )
    )


def review_history(review: Review) -> list[ReviewRevision]:
    return list(
        db.session.scalars(
            select(ReviewRevision)
            .where(ReviewRevision.review_id == review.id)
            .order_by(ReviewRevision.id.desc())
        )
    )


# ---------------------------------------------------------------- adoptions


def adopt(post: Post, note: str, *, actor, photo=None) -> Adoption:
    """Another company says it adopted the practice, how, and may show an after photo."""
    if actor.company_id == post.company_id:
        raise FeedbackError(_l("A company does not adopt its own practice."))
    if not can_adopt_post(actor, post):
        raise NotAllowed(_l("Only a company's safety manager says it adopted a practice."))
    if db.session.scalar(
        select(Adoption.id).where(
            Adoption.post_id == post.id, Adoption.company_id == actor.company_id
        )
    ):
        raise FeedbackError(_l("Your company has already said it adopted this practice."))
    note = (note or "").strip()
    if len(note) < 5:
        raise FeedbackError(_l("Say in a few words how your company adopted it."), field="note")
    adoption = Adoption(
        post_id=post.id,
        company_id=actor.company_id,
        user_id=actor.id,
        note=note[:5000],
        photo_key=photo.key if photo else None,
        photo_thumb_key=photo.thumb_key if photo else None,
        created_at=utcnow(),
    )
    db.session.add(adoption)
    db.session.flush()
    _recount(post)
    audit.record(actor, "alliance.post_adopted", adoption, summary=post.title)
    if post.author_id:
        notify(
            post.author_id,
            "alliance.adopted",
            url=_post_url(post),
            company=actor.company,
            title=post.title,
        )
    return adoption


def adoptions(post: Post) -> list[Adoption]:
    return list(
        db.session.scalars(
            select(Adoption).where(Adoption.post_id == post.id).order_by(Adoption.created_at)
        )
    )


# ---------------------------------------------------------------- flags


def flag(post: Post, reason: str, *, actor, comment: PostComment | None = None) -> PostFlag:
    """A reader asks the moderators to look at a post or a comment, with a reason."""
    if not can_view_post(actor, post):
        raise NotAllowed(_l("You cannot see this post."))
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise FeedbackError(_l("Say why this needs a moderator's look."), field="reason")
    if comment is not None and comment.post_id != post.id:
        raise FeedbackError(_l("That comment belongs to another post."))
    item = PostFlag(
        post_id=post.id,
        comment_id=comment.id if comment else None,
        user_id=actor.id,
        reason=reason[:500],
        created_at=utcnow(),
    )
    db.session.add(item)
    db.session.flush()
    from engage.alliance.alliances.models import Alliance

    alliance = db.session.get(Alliance, post.alliance_id)
    assert alliance is not None  # a post's alliance exists (foreign key)
    leads = db.session.scalars(
        select(User.id).where(
            User.company_id == alliance.lead_company_id,
            User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
        )
    )
    notify_many(
        leads,
        "alliance.flagged",
        exclude=actor.id,
        url="/alliance/posts/flags",
        title=post.title,
        reason=item.reason,
    )
    return item
