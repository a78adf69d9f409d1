"""From a fixed problem to a lesson: invitations to write a post, and promoting a
well-reviewed post into the knowledge base."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.accounts.models import CompanyRole, User
from engage.alliance.alliances.services import alliance_ids_of_company, shared_alliance_ids
from engage.alliance.posts.models import LessonInvite, LessonStatus, Post
from engage.alliance.posts.permissions import can_promote_post
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.notifications import notify_many, register_kind
from engage.core.permissions import manages_company
from engage.extensions import db

register_kind(
    "alliance.lesson_invite",
    _l(
        "Problem %(number)s was fixed and verified by a peer: share the fix with "
        "the alliance as a best-practice post?"
    ),
)

#: A post is well reviewed with at least this many reviews averaging at least PROMOTE_SCORE.
PROMOTE_REVIEWS = 2
PROMOTE_SCORE = 4.0


class LessonError(DomainError):
    """A refusal about lessons."""


def invite_after_peer_fix(payload) -> LessonInvite | None:
    """A problem closed with a peer's verification: invite the company that fixed it
    (once per problem) to turn the fix into a post, in an alliance it shares with the peer."""
    company_id = payload.company_id
    if company_id is None:
        return None
    shared = shared_alliance_ids([company_id, payload.verifier_company_id])
    alliance_ids = shared or alliance_ids_of_company(company_id)
    if not alliance_ids:
        return None
    if db.session.scalar(
        select(LessonInvite.id).where(
            LessonInvite.problem_id == payload.problem_id, LessonInvite.company_id == company_id
        )
    ):
        return None
    invite = LessonInvite(
        company_id=company_id,
        alliance_id=alliance_ids[0],
        problem_id=payload.problem_id,
        problem_number=payload.number[:40],
    )
    db.session.add(invite)
    db.session.flush()
    managers = db.session.scalars(
        select(User.id).where(
            User.company_id == company_id,
            User.active.is_(True),
            User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
        )
    )
    notify_many(
        managers,
        "alliance.lesson_invite",
        url=f"/alliance/posts/lessons/{invite.id}/write",
        number=payload.number,
    )
    return invite


def open_invites(user) -> list[LessonInvite]:
    if not manages_company(user, getattr(user, "company_id", None)):
        return []
    return list(
        db.session.scalars(
            select(LessonInvite)
            .where(
                LessonInvite.company_id == user.company_id, LessonInvite.status == LessonStatus.OPEN
            )
            .order_by(LessonInvite.created_at.desc())
            .limit(10)
        )
    )


def load_invite(invite_id: int, user) -> LessonInvite | None:
    """The invitation, if it is the user's company's (else None: the view answers 404)."""
    invite = db.session.get(LessonInvite, invite_id)
    if invite is None or not manages_company(user, invite.company_id):
        return None
    return invite


def decline(invite: LessonInvite, *, actor) -> None:
    if not manages_company(actor, invite.company_id):
        raise NotAllowed(_l("Only the company's safety managers answer this invitation."))
    if invite.status != LessonStatus.OPEN:
        raise LessonError(_l("This invitation has already been answered."))
    invite.status = LessonStatus.DECLINED
    audit.record(actor, "alliance.lesson_declined", invite, summary=invite.problem_number)
    db.session.flush()


def prefill(invite: LessonInvite) -> dict:
    """What the new post starts with: the problem's own words, what was done and what the
    peer verified. Its photos before and after join the post when it is saved."""
    from engage import tracker

    story = tracker.problem_story(invite.problem_id)
    found = (
        story.title + ("\n\n" + story.description if story and story.description else "")
        if story
        else ""
    )
    return {
        "title": str(_l("How we fixed %(number)s", number=invite.problem_number)),
        "body": str(
            _l(
                "## What was found\n\nProblem %(number)s was found and verified by a "
                "peer company.\n\n%(found)s\n\n## What we changed\n\n%(done)s\n\n"
                "## What the peer verified\n\n%(verified)s\n\n## What others can reuse\n",
                number=invite.problem_number,
                found=found,
                done=story.rectification if story else "",
                verified=story.verification if story else "",
            )
        ),
        "alliance_id": invite.alliance_id,
    }


def invite_photos(invite: LessonInvite) -> list:
    """The problem's photos before and after, added to the post written from `invite`."""
    from engage import tracker

    story = tracker.problem_story(invite.problem_id)
    return [*story.before, *story.after] if story else []


def link_post(invite: LessonInvite, post: Post) -> None:
    invite.post_id = post.id
    post.source_problem_id = invite.problem_id


def mark_written(post: Post) -> None:
    """A post written from an invitation was published: the invitation is done."""
    invite = db.session.scalar(select(LessonInvite).where(LessonInvite.post_id == post.id))
    if invite is not None and invite.status == LessonStatus.OPEN:
        invite.status = LessonStatus.WRITTEN


def is_well_reviewed(post: Post) -> bool:
    return post.review_count >= PROMOTE_REVIEWS and (post.average_score or 0) >= PROMOTE_SCORE


def promote_to_knowledge(post: Post, *, actor, reviews) -> int:
    """The office publishes a well-reviewed post as a knowledge article that links back to
    the post and its reviews; the author's company shares (联享) it again, to the park."""
    if not can_promote_post(actor, post):
        raise NotAllowed(_l("Only the office promotes posts into the knowledge base."))
    if post.article_id is not None:
        raise LessonError(_l("This post is already in the knowledge base."))
    if not is_well_reviewed(post):
        raise LessonError(
            _l(
                "A post needs at least %(n)s reviews averaging %(score)s or more.",
                n=PROMOTE_REVIEWS,
                score=PROMOTE_SCORE,
            )
        )
    from engage import knowledge

    lines = [
        post.body.rstrip(),
        "",
        "---",
        "",
        str(
            _l(
                "From the alliance's best practice [%(title)s](/alliance/posts/%(id)s), "
                "written by %(company)s.",
                title=post.title,
                id=post.id,
                company=post.company.name,
            )
        ),
        "",
    ]
    lines.append(
        str(
            _l(
                "Peer reviews (%(n)s, average %(score)s/5):",
                n=post.review_count,
                score=post.average_score,
            )
        )
    )
    for review in reviews:
        lines.append(
            f"- {review.company.name} ({review.score}/5): "
            f"{review.text.splitlines()[0][:200] if review.text else ''}"
        )
    try:
        article_id = knowledge.publish_article(
            title=post.title,
            body="\n".join(lines),
            actor=actor,
            tags=post.tag_list,
            focus_target=post.focus_target,
            summary=str(
                _l("A best practice of %(company)s, reviewed by peers.", company=post.company.name)
            ),
        ).id
    except knowledge.KnowledgeError as exc:
        raise LessonError(str(exc)) from exc
    post.article_id = article_id
    record(
        post.alliance_id,
        Link.SHARE,
        [post.company_id],
        SourceKind.ARTICLE,
        article_id,
        post.title,
        None,
        actor,
    )
    audit.record(actor, "alliance.post_promoted", post, summary=post.title, article_id=article_id)
    db.session.flush()
    return article_id
