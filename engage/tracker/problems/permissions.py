"""Who may see a problem and make each move of its loop.

Every check is `can_<verb>_<noun>(user, obj) -> bool`; `visible_problems(user)` is
the SQL twin of `can_view_problem` that lists, exports and dashboards filter by.
Templates ask these same functions (they are template globals).

Policy: a problem the reader may not see answers 404 (`require_visible`); a
visible problem whose action is not allowed answers 403 or is refused by the
service with a message; a stale version is checked in the service (`version=`).
"""

from __future__ import annotations

from sqlalchemy import false, or_, true

from engage.core.permissions import (
    belongs_to,
    can,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.tracker.problems.models import Problem, ProblemSource, ProblemStatus
from engage.tracker.problems.moves import Move, moves_from

S = ProblemStatus


@rule("view", Problem)
def can_view_problem(user, problem: Problem) -> bool:
    """Staff see all; a company its own and those it reported; a department those
    routed to it; a reporter what they reported; an assignee what is theirs. A whistle
    is the whistleblower's own: their employer is no party to it."""
    if not signed_in(user):
        return False
    if is_park_staff(user):
        return True
    if belongs_to(user, problem.company_id):
        return True
    if not is_whistle(problem) and belongs_to(user, problem.reporter_company_id):
        return True
    if problem.department_id is not None and user.department_id == problem.department_id:
        return True
    return user.id in (problem.reporter_id, problem.assignee_id)


def visible_problems(user):
    """The SQL form of can_view_problem, for lists, exports and dashboards."""
    if not signed_in(user):
        return false()
    if is_park_staff(user):
        return true()
    clauses = [Problem.reporter_id == user.id, Problem.assignee_id == user.id]
    if user.company_id is not None:
        clauses += [
            Problem.company_id == user.company_id,
            (Problem.reporter_company_id == user.company_id)
            & (Problem.source != ProblemSource.WHISTLE),
        ]
    if user.department_id is not None:
        clauses.append(Problem.department_id == user.department_id)
    return or_(*clauses)


def can_view_problem_pages(user) -> bool:
    """Whether the problem pages (list, dashboards) are for this user at all."""
    return signed_in(user) and (
        is_park_staff(user) or user.company_id is not None or user.department_id is not None
    )


def can_report_problem(user) -> bool:
    """Park staff report anywhere; a company's safety managers report their own (self-check)."""
    return is_park_staff(user) or (
        signed_in(user) and user.company_id is not None and user.is_safety_manager
    )


# The whistleblower (基层吹哨): who may know who blew the whistle.


def is_whistle(problem: Problem) -> bool:
    return problem.source == ProblemSource.WHISTLE


def can_see_reporter(user, problem: Problem) -> bool:
    """The name and phone of whoever blew a whistle: supervisors, platform admins, the
    lead of the department it is routed to, and the reporter. Everyone else (the
    reported company's people, the department's other members, grid officers) reads
    "a whistle from an employee". Who reported any other problem is seen by all who
    see the problem."""
    if not is_whistle(problem):
        return can_view_problem(user, problem)
    if not signed_in(user):
        return False
    if is_supervisor_or_admin(user) or (
        problem.reporter_id is not None and user.id == problem.reporter_id
    ):
        return True
    return (
        problem.department_id is not None
        and user.department_id == problem.department_id
        and bool(user.is_department_lead)
    )


# The parties.


def is_reporter_side(user, problem: Problem) -> bool:
    """The reporter, or a safety manager of the reporting (inspecting) company. A whistle
    has no reporting company: its reporter's employer is no party to it (it may be the
    very company the whistle is about)."""
    if not signed_in(user):
        return False
    if problem.reporter_id is not None and problem.reporter_id == user.id:
        return True
    return not is_whistle(problem) and manages_company(user, problem.reporter_company_id)


def in_routed_department(user, problem: Problem) -> bool:
    return (
        signed_in(user)
        and problem.department_id is not None
        and user.department_id == problem.department_id
    )


def department_rectifies(problem: Problem) -> bool:
    """The routed department rectifies the problem itself: it took it on, or no
    company is responsible. Otherwise the department oversees the company's work."""
    return problem.department_id is not None and (
        problem.department_rectifies or problem.company_id is None
    )


def in_reported_in_department(user, problem: Problem) -> bool:
    """A member of the department the problem is routed to, once it has reported in."""
    return (
        signed_in(user)
        and problem.department_id is not None
        and user.department_id == problem.department_id
        and problem.acknowledged_at is not None
    )


def is_responsible(user, problem: Problem) -> bool:
    """The responsible company's safety managers and admins, the assignee, and the
    members of the routed department once it has reported in and rectifies itself."""
    if not signed_in(user):
        return False
    if manages_company(user, problem.company_id) or problem.assignee_id == user.id:
        return True
    return in_reported_in_department(user, problem) and department_rectifies(problem)


def is_overseeing_department(user, problem: Problem) -> bool:
    """The department that reported in and gave the work to the company: it verifies."""
    return in_reported_in_department(user, problem) and not department_rectifies(problem)


def _may_verify(user, problem: Problem) -> bool:
    """A party other than the rectifier: never the responsible company itself, never
    the user who rectified."""
    if not signed_in(user) or user.id == problem.rectified_by_id:
        return False
    if belongs_to(user, problem.company_id) or is_responsible(user, problem):
        return False
    return (
        is_reporter_side(user, problem)
        or is_supervisor_or_admin(user)
        or is_overseeing_department(user, problem)
    )


def can_act_on_reported_in_problem(user, problem: Problem) -> bool:
    """After reporting in, the department acts itself: gives the work to the company,
    takes it on, or passes it on. Its members (supervisors and admins for them), while
    nobody has been given the work yet."""
    return (
        problem.status in (S.REPORTED, S.REOPENED)
        and problem.department_id is not None
        and problem.acknowledged_at is not None
        and (in_reported_in_department(user, problem) or is_supervisor_or_admin(user))
    )


# The moves of the loop (the state table says from where; these say who).


def can_assign_problem(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.ASSIGN) and (
        is_reporter_side(user, problem)
        or is_supervisor_or_admin(user)
        or can_act_on_reported_in_problem(user, problem)
    )


def can_start_rectifying(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.START) and is_responsible(user, problem)


def can_submit_rectification(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.SUBMIT) and is_responsible(user, problem)


def can_verify_problem(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.VERIFY) and _may_verify(user, problem)


def can_send_back_problem(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.SEND_BACK) and _may_verify(user, problem)


def can_reject_problem(user, problem: Problem) -> bool:
    """A whistle is rejected by the department it is routed to or a supervisor, never by
    the company it is about; other problems by the reporter's side or a supervisor."""
    if not moves_from(problem.status, Move.REJECT):
        return False
    if is_whistle(problem):
        if belongs_to(user, problem.company_id):
            return False
        return in_routed_department(user, problem) or is_supervisor_or_admin(user)
    return is_reporter_side(user, problem) or is_supervisor_or_admin(user)


def can_reopen_problem(user, problem: Problem) -> bool:
    return moves_from(problem.status, Move.REOPEN) and (
        _may_verify(user, problem)
        or (is_supervisor_or_admin(user) and not is_responsible(user, problem))
    )


CAN_MOVE = {
    Move.ASSIGN: can_assign_problem,
    Move.START: can_start_rectifying,
    Move.SUBMIT: can_submit_rectification,
    Move.VERIFY: can_verify_problem,
    Move.SEND_BACK: can_send_back_problem,
    Move.REJECT: can_reject_problem,
    Move.REOPEN: can_reopen_problem,
}


def can_comment_on_problem(user, problem: Problem) -> bool:
    """Anyone who sees the problem."""
    return can(user, "view", problem)


def can_watch_problem(user, problem: Problem) -> bool:
    """Anyone who sees the problem."""
    return can(user, "view", problem)


def can_reassign_problem(user, problem: Problem) -> bool:
    """Change the assignee of an open, assigned problem: the responsible company's
    managers, the reporter's side, supervisors."""
    if problem.status not in (S.ASSIGNED, S.RECTIFYING, S.REOPENED):
        return False
    return (
        manages_company(user, problem.company_id)
        or is_reporter_side(user, problem)
        or is_supervisor_or_admin(user)
    )


def can_change_problem_due(user, problem: Problem) -> bool:
    """The reporter's side or a supervisor, while the problem is open."""
    return problem.is_open and (is_reporter_side(user, problem) or is_supervisor_or_admin(user))


def can_edit_due_rules(user) -> bool:
    """The days to rectify per severity: admins."""
    return signed_in(user) and user.is_admin


TEMPLATE_GLOBALS = {
    "can_view_problem": can_view_problem,
    "can_report_problem": can_report_problem,
    "can_reassign_problem": can_reassign_problem,
    "can_change_problem_due": can_change_problem_due,
    "can_comment_on_problem": can_comment_on_problem,
    "can_see_reporter": can_see_reporter,
}
