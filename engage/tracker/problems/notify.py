"""Who hears of a problem's move, in the app and by mail, each in their own language."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, or_, select

from engage.accounts.models import CompanyRole, PlatformRole, User
from engage.core.mail import queue_mail
from engage.core.notifications import notify, register_kind
from engage.extensions import db
from engage.tracker.problems.models import Problem, ProblemSource, ProblemWatcher
from engage.tracker.problems.permissions import can_see_reporter, department_rectifies, is_whistle

KINDS = {
    "tracker.assigned": _l("Problem %(number)s “%(title)s” was assigned to your side."),
    "tracker.rectifying": _l("Rectification of problem %(number)s “%(title)s” has started."),
    "tracker.submitted": _l(
        "Problem %(number)s “%(title)s” was rectified and awaits verification."
    ),
    "tracker.closed": _l("Problem %(number)s “%(title)s” was verified and closed."),
    "tracker.sent_back": _l("Problem %(number)s “%(title)s” was sent back for more rectification."),
    "tracker.rejected": _l("Problem %(number)s “%(title)s” was rejected."),
    "tracker.reopened": _l("Problem %(number)s “%(title)s” was reopened."),
    "tracker.reassigned": _l("Problem %(number)s “%(title)s” is now assigned to %(name)s."),
    "tracker.comment": _l("%(name)s commented on problem %(number)s “%(title)s”."),
    "tracker.comment_by_reporter": _l(
        "The whistleblower commented on problem %(number)s “%(title)s”."
    ),
    "tracker.due_soon": _l("Problem %(number)s “%(title)s” is due on %(due)s."),
    "tracker.overdue": _l("Problem %(number)s “%(title)s” is overdue (due %(due)s)."),
    "tracker.not_fixed": _l(
        "The reporter says problem %(number)s “%(title)s” is not fixed; it awaits "
        "verification again."
    ),
}
for _kind, _message in KINDS.items():
    register_kind(_kind, _message)

MOVE_KINDS = {
    "assign": "tracker.assigned",
    "start": "tracker.rectifying",
    "submit": "tracker.submitted",
    "verify": "tracker.closed",
    "send_back": "tracker.sent_back",
    "reject": "tracker.rejected",
    "reopen": "tracker.reopened",
}


def problem_path(problem: Problem) -> str:
    return f"/problems/{problem.number}"


def responsible_ids(problem: Problem) -> set[int]:
    """The assignee, the responsible company's safety managers and admins, and the
    routed department's members when it rectifies itself (one query). A department
    that gave the work to a company is not told the work is theirs."""
    ids = {problem.assignee_id} if problem.assignee_id else set()
    clauses: list[ColumnElement[bool]] = []
    if problem.company_id is not None:
        clauses.append(
            (User.company_id == problem.company_id)
            & User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER])
        )
    if department_rectifies(problem):
        clauses.append(User.department_id == problem.department_id)
    if clauses:
        ids |= set(db.session.scalars(select(User.id).where(or_(*clauses), User.active)))
    return ids


def verifier_ids(problem: Problem) -> set[int]:
    """Who verifies the rectification: the department that reported in and gave the
    work to a company; else, for a problem found by a peer or a supervisor, the
    reporter's side (when it is not the responsible company itself); else the
    supervisors (an anonymous whistle, a self-check, a department's own work)."""
    if (
        problem.department_id is not None
        and problem.acknowledged_at is not None
        and not department_rectifies(problem)
    ):
        return set(
            db.session.scalars(
                select(User.id).where(User.department_id == problem.department_id, User.active)
            )
        )
    if (
        problem.source is not ProblemSource.WHISTLE
        and problem.reporter_id is not None
        and (
            problem.reporter_company_id is None or problem.reporter_company_id != problem.company_id
        )
    ):
        return reporter_ids(problem)
    return set(
        db.session.scalars(
            select(User.id).where(User.platform_role == PlatformRole.SUPERVISOR, User.active)
        )
    )


def reporter_ids(problem: Problem) -> set[int]:
    """The reporter and the reporting company's safety managers (the verifying side);
    a whistle's reporter alone (their employer is no party to it)."""
    ids = {problem.reporter_id} if problem.reporter_id else set()
    if problem.reporter_company_id is not None and problem.source is not ProblemSource.WHISTLE:
        ids |= set(
            db.session.scalars(
                select(User.id).where(
                    User.company_id == problem.reporter_company_id,
                    User.active,
                    User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
                )
            )
        )
    return ids


def watcher_ids(problem: Problem) -> set[int]:
    return set(
        db.session.scalars(
            select(ProblemWatcher.user_id).where(ProblemWatcher.problem_id == problem.id)
        )
    )


def send(
    problem: Problem, kind: str, user_ids: Iterable[int], *, exclude: int | None = None, **params
) -> int:
    """Notify each user once in the app and by mail (in their language). Returns how many."""
    ids = sorted({uid for uid in user_ids if uid and uid != exclude})
    if not ids:
        return 0
    params = {"number": problem.number, "title": problem.title, **params}
    url = problem_path(problem)
    base = (current_app.config.get("ENGAGE_BASE_URL") or "").rstrip("/")
    users = db.session.scalars(select(User).where(User.id.in_(ids), User.active)).all()
    for user in users:
        notify(user.id, kind, url=url, **params)
        with force_locale(user.locale or "zh_Hans"):
            message = str(KINDS[kind]) % {k: str(v) for k, v in params.items()}
            subject = _("[Engage] %(message)s", message=message)
            body = _(
                "%(message)s\n\nOpen the problem: %(url)s\n\nYou receive this mail because "
                "the problem concerns you or you watch it.",
                message=message,
                url=f"{base}{url}",
            )
        queue_mail(user.email, subject, body, user_id=user.id)
    return len(users)


def after_move(problem: Problem, move: str, *, actor, note: str = "") -> int:
    kind = MOVE_KINDS[str(move)]
    if move in ("assign",):
        ids = responsible_ids(problem)
    elif move == "submit":
        ids = reporter_ids(problem) | verifier_ids(problem)
    elif move == "start":
        ids = reporter_ids(problem)
    else:
        ids = responsible_ids(problem) | reporter_ids(problem)
    return send(problem, kind, ids | watcher_ids(problem), exclude=actor.id)


def after_not_fixed(problem: Problem, *, actor=None) -> int:
    """The reporter said it is not fixed: the verifying party hears of it."""
    ids = verifier_ids(problem) | watcher_ids(problem)
    return send(problem, "tracker.not_fixed", ids, exclude=getattr(actor, "id", None))


def after_comment(problem: Problem, *, actor) -> int:
    ids = watcher_ids(problem) | {problem.reporter_id or 0, problem.assignee_id or 0}
    if not (is_whistle(problem) and problem.reporter_id == actor.id):
        return send(problem, "tracker.comment", ids, exclude=actor.id, name=actor.name)
    # The whistleblower commented: only those who may know them read their name.
    readers = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    known = {u.id for u in readers if can_see_reporter(u, problem)}
    return send(problem, "tracker.comment", known, exclude=actor.id, name=actor.name) + send(
        problem, "tracker.comment_by_reporter", set(ids) - known, exclude=actor.id
    )


def after_reassign(problem: Problem, *, actor) -> int:
    assignee = db.session.get(User, problem.assignee_id) if problem.assignee_id else None
    if assignee is None:
        return 0
    ids = watcher_ids(problem) | {assignee.id}
    return send(problem, "tracker.reassigned", ids, exclude=actor.id, name=assignee.name)
