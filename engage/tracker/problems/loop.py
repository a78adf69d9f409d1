"""The closed loop: which move goes from which state to which, who may make it, and
the one `transition` service that makes it.

reported -> assigned -> rectifying -> awaiting verification -> closed, plus
rejected (not a hazard, or a duplicate) and reopened (from closed or awaiting
verification). Every move, comment, reassignment and due-date change is a line
of the problem's append-only timeline and an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm.exc import StaleDataError

from engage.accounts.models import Company, Department, User
from engage.core import audit
from engage.core.errors import DomainError
from engage.core.forms import StaleEdit, check_version
from engage.core.permissions import belongs_to
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.problems import notify
from engage.tracker.problems.models import (
    EventKind,
    PhotoStage,
    Problem,
    ProblemLink,
    ProblemStatus,
    ProblemWatcher,
)
from engage.tracker.problems.moves import (  # noqa: F401 - the loop's vocabulary, read through it
    MOVE_LABELS,
    MOVE_TARGET,
    MOVES_NEEDING_NOTE,
    TRANSITIONS,
    Move,
)
from engage.tracker.problems.permissions import (
    CAN_MOVE,
    can_change_problem_due,
    can_comment_on_problem,
    can_reassign_problem,
    can_view_problem,
    can_watch_problem,
    is_whistle,
)
from engage.tracker.problems.timeline import add_event
from engage.tracker.signals import announce_closed
from engage.tracker.vocab import STATUS_LABELS

S = ProblemStatus


class LoopError(DomainError):
    """A move or edit the loop refuses; the message says why, in the reader's language."""


class MoveRefused(LoopError):
    """Not allowed for this user or from this state; nothing changed."""


class NoteRequired(LoopError):
    """Something the move needs is missing or wrong; `field` names the form field."""

    def __init__(self, message, field: str = "note") -> None:
        super().__init__(message, field)


class ProblemChanged(LoopError):
    """Someone else changed the problem since the form was loaded; `problem` is as it now is."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(
            _l(
                "The problem changed while you were looking at it; it is now "
                "“%(status)s”. Check the new state and try again.",
                status=STATUS_LABELS[problem.status],
            )
        )
        self.problem = problem


def allowed_moves(user, problem: Problem) -> list[Move]:
    """The moves this user may make now, in the loop's order."""
    return [move for move in Move if CAN_MOVE[move](user, problem)]


# The services.


def _check_version(problem: Problem, version) -> None:
    if version is None:
        return
    try:
        check_version(problem, version)
    except StaleEdit as exc:
        raise ProblemChanged(problem) from exc


def _flush(problem: Problem) -> None:
    """Write the change; when another transaction moved the problem first, the version
    column refuses the UPDATE. The failed transaction can only be rolled back, so it is,
    and ProblemChanged carries the problem as it now is."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        db.session.rollback()
        current = db.session.get(Problem, problem.id)
        raise ProblemChanged(current or problem) from exc


def transition(
    problem: Problem,
    to: ProblemStatus,
    *,
    actor: User,
    note: str = "",
    photos: Iterable[MediaFile] = (),
    version: int | str | None = None,
    assignee: User | None = None,
    company: Company | None = None,
    department: Department | None = None,
    duplicate_of: Problem | None = None,
    expected: Move | None = None,
    due_at: datetime | None = None,
    department_rectifies: bool | None = None,
) -> Problem:
    """Move `problem` to `to`, if the table allows it and `actor` may make the move.

    `expected` is the move the actor asked for (the page's button): when going
    to `to` from the problem's state is another move, nothing happens. An
    assignment may set the due date (`due_at`) and, for a routed problem, whether
    the department rectifies it itself (`department_rectifies`) or oversees the
    company's rectification.

    Checks the form's `version` first (a stale form raises ProblemChanged),
    then the state and the actor (MoveRefused), then what the move needs
    (NoteRequired). Writes the timeline line, the audit entry and the
    notifications. Flushes; the caller commits.
    """
    _check_version(problem, version)
    move = TRANSITIONS.get((problem.status, to))
    if move is None or (expected is not None and move is not expected):
        raise MoveRefused(
            _l(
                "A problem that is “%(status)s” cannot become “%(to)s”.",
                status=STATUS_LABELS[problem.status],
                to=STATUS_LABELS[to],
            )
            if expected is None
            else _l(
                "“%(move)s” cannot be done on a problem that is “%(status)s”.",
                move=MOVE_LABELS[expected],
                status=STATUS_LABELS[problem.status],
            )
        )
    if move is Move.REJECT and is_whistle(problem) and belongs_to(actor, problem.company_id):
        raise MoveRefused(
            _l(
                "A company cannot reject a whistle about itself: the department it is "
                "routed to or a supervisor decides whether it is a hazard."
            )
        )
    if not CAN_MOVE[move](actor, problem):
        raise MoveRefused(
            _l("You may not do this (“%(move)s”) on this problem.", move=MOVE_LABELS[move])
        )
    note = (note or "").strip()
    photos = list(photos)
    if move in MOVES_NEEDING_NOTE and not note:
        raise NoteRequired(
            {
                Move.VERIFY: _l("Write a verification note: what you checked on site."),
                Move.SUBMIT: _l("Write a rectification note: what was done."),
                Move.REJECT: _l("Give the reason for rejecting it."),
                Move.REOPEN: _l("Give the reason for reopening it."),
                Move.SEND_BACK: _l("Say what is still wrong."),
            }[move]
        )
    if move is Move.SUBMIT and not photos:
        raise NoteRequired(_l("Add at least one photo after rectification."), "photos")
    now = utcnow()
    data: dict = {"move": move.value}
    if move is Move.ASSIGN:
        company_id = company.id if company is not None else problem.company_id
        department_id = department.id if department is not None else problem.department_id
        if company_id is None and department_id is None:
            raise NoteRequired(_l("Choose the responsible company or department."), "company")
        if assignee is not None:
            _check_assignee(assignee, company_id, department_id)
        if company is not None:
            problem.company_id = company.id
            problem.area_id = company.area_id
        if department is not None and department.id != problem.department_id:
            problem.department_id = department.id
            problem.routed_at = now
        if assignee is not None:
            problem.assignee_id = assignee.id
            data["assignee"] = assignee.name
        if due_at is not None:
            problem.due_at = due_at
            data["due"] = due_at.isoformat()
        if (
            department_rectifies is None
            and assignee is not None
            and problem.department_id is not None
            and assignee.department_id == problem.department_id
        ):
            department_rectifies = True  # a department member rectifies: the department does
        if department_rectifies is not None:
            problem.department_rectifies = department_rectifies
            data["department_rectifies"] = department_rectifies
        if company is not None:
            data["company"] = company.name
    elif move is Move.SUBMIT:
        problem.rectified_at = now
        problem.rectified_by_id = actor.id
    elif move is Move.VERIFY:
        problem.closed_at = now
        problem.verified_by_id = actor.id
        problem.days_to_close = (now - problem.created_at).total_seconds() / 86400
    elif move is Move.REJECT:
        if duplicate_of is not None:
            if duplicate_of.id == problem.id:
                raise NoteRequired(_l("A problem cannot be a duplicate of itself."), "duplicate_of")
            problem.duplicate_of_id = duplicate_of.id
            data["duplicate_of"] = duplicate_of.number
    elif move is Move.REOPEN:
        problem.closed_at = None
        problem.verified_by_id = None
        problem.days_to_close = None
    from_status = problem.status
    problem.status = to
    _flush(problem)
    if move is Move.ASSIGN and assignee is not None:
        _ensure_watcher(problem, assignee.id)
    stage = PhotoStage.AFTER if move is Move.SUBMIT else PhotoStage.OTHER
    add_event(
        problem,
        EventKind.TRANSITION,
        actor=actor,
        note=note,
        from_status=from_status,
        to_status=to,
        photos=photos,
        photo_stage=stage,
        **data,
    )
    audit.record(
        actor,
        f"problem.{move.value}",
        problem,
        summary=problem.number,
        from_status=from_status.value,
        to_status=to.value,
    )
    notify.after_move(problem, move, actor=actor, note=note)
    if move is Move.VERIFY:
        announce_closed(problem, actor)
    return problem


def _check_assignee(assignee: User, company_id: int | None, department_id: int | None) -> None:
    """The assignee works for the responsible company or department."""
    if company_id is not None and assignee.company_id == company_id:
        return
    if department_id is not None and assignee.department_id == department_id:
        return
    raise NoteRequired(
        _l("The assignee must work for the responsible company or department."), "assignee"
    )


def _ensure_watcher(problem: Problem, user_id: int) -> None:
    exists = db.session.scalar(
        select(ProblemWatcher.id).where(
            ProblemWatcher.problem_id == problem.id, ProblemWatcher.user_id == user_id
        )
    )
    if exists is None:
        db.session.add(ProblemWatcher(problem_id=problem.id, user_id=user_id))


def comment(problem: Problem, *, actor: User, note: str, photos: Iterable[MediaFile] = ()) -> None:
    """Anyone who sees the problem may comment (with photos). Flushes."""
    if not can_comment_on_problem(actor, problem):
        raise MoveRefused(_l("You may not comment on this problem."))
    note = (note or "").strip()
    photos = list(photos)
    if not note and not photos:
        raise NoteRequired(_l("Write a comment or add a photo."))
    add_event(problem, EventKind.COMMENT, actor=actor, note=note, photos=photos)
    notify.after_comment(problem, actor=actor)


def reassign(
    problem: Problem,
    *,
    actor: User,
    assignee: User | None,
    note: str = "",
    version: int | str | None = None,
) -> None:
    """Give an assigned problem to another person of the responsible party. Flushes."""
    _check_version(problem, version)
    if not can_reassign_problem(actor, problem):
        raise MoveRefused(_l("You may not reassign this problem."))
    if assignee is not None:
        _check_assignee(assignee, problem.company_id, problem.department_id)
    before = problem.assignee.name if problem.assignee else ""
    problem.assignee_id = assignee.id if assignee else None
    problem.updated_at = utcnow()
    _flush(problem)
    if assignee is not None:
        _ensure_watcher(problem, assignee.id)
    add_event(
        problem,
        EventKind.ASSIGNED,
        actor=actor,
        note=(note or "").strip(),
        before=before,
        assignee=assignee.name if assignee else "",
    )
    audit.record(
        actor,
        "problem.reassigned",
        problem,
        summary=problem.number,
        assignee_id=assignee.id if assignee else None,
    )
    notify.after_reassign(problem, actor=actor)


def change_due(
    problem: Problem,
    *,
    actor: User,
    due_at: datetime,
    note: str = "",
    version: int | str | None = None,
) -> None:
    """Move the due date of an open problem (the reporter's side or a supervisor). Flushes."""
    _check_version(problem, version)
    if not can_change_problem_due(actor, problem):
        raise MoveRefused(_l("You may not change the due date of this problem."))
    before = problem.due_at
    problem.due_at = due_at
    _flush(problem)
    add_event(
        problem,
        EventKind.DUE_CHANGED,
        actor=actor,
        note=(note or "").strip(),
        before=before.isoformat() if before else "",
        after=due_at.isoformat(),
    )
    audit.record(actor, "problem.due_changed", problem, summary=problem.number)


def watch(problem: Problem, *, actor: User) -> None:
    if not can_watch_problem(actor, problem):
        raise MoveRefused(_l("You may not watch this problem."))
    _ensure_watcher(problem, actor.id)


def unwatch(problem: Problem, *, actor: User) -> None:
    db.session.execute(
        delete(ProblemWatcher).where(
            ProblemWatcher.problem_id == problem.id, ProblemWatcher.user_id == actor.id
        )
    )


def link_problems(problem: Problem, other: Problem, *, actor: User) -> None:
    """Link two problems (both must be visible to the actor). Flushes."""
    if not (can_view_problem(actor, problem) and can_view_problem(actor, other)):
        raise MoveRefused(_l("No problem with this number."), "number")
    if other.id == problem.id:
        raise NoteRequired(_l("A problem cannot be linked to itself."), "number")
    exists = db.session.scalar(
        select(ProblemLink.id).where(
            ProblemLink.problem_id == problem.id,
            ProblemLink.target_kind == "problem",
            ProblemLink.target_id == other.id,
        )
    )
    if exists is not None:
        return
    db.session.add(
        ProblemLink(
            problem_id=problem.id,
            target_kind="problem",
            target_id=other.id,
            label=f"{other.number} {other.title}"[:200],
        )
    )
    add_event(problem, EventKind.LINKED, actor=actor, target=other.number)
