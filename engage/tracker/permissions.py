"""Who may see and act on points and problems."""

from __future__ import annotations

from sqlalchemy import false, or_, true

from engage.core.permissions import (
    belongs_to,
    can_see_company_private,
    is_admin,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.tracker.models import Point, Problem


@rule("view", Problem)
def can_view_problem(user, problem: Problem) -> bool:
    """Staff see all; a company its own and those it reported; a department those
    routed to it; a reporter what they reported; an assignee what is theirs."""
    if not signed_in(user):
        return False
    if is_park_staff(user):
        return True
    if belongs_to(user, problem.company_id) or belongs_to(user, problem.reporter_company_id):
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
        clauses += [Problem.company_id == user.company_id,
                    Problem.reporter_company_id == user.company_id]
    if user.department_id is not None:
        clauses.append(Problem.department_id == user.department_id)
    return or_(*clauses)


def sees_any_problem(user) -> bool:
    """Whether the problem pages (list, dashboards) are for this user at all."""
    return signed_in(user) and (is_park_staff(user) or user.company_id is not None
                                or user.department_id is not None)


@rule("view", Point)
def can_view_point(user, point: Point) -> bool:
    """A point's page is public: its code is on a label on the wall."""
    return point.active or manages_company(user, point.company_id) or is_park_staff(user)


@rule("edit", Point)
def can_edit_point(user, point: Point) -> bool:
    return manages_company(user, point.company_id) or (
        signed_in(user) and (user.is_admin or user.is_supervisor))


# Points: the company's own managers and the park's supervisors and admins keep them.

def can_manage_points(user, company_id: int | None) -> bool:
    """Create, edit, deactivate points and print labels of `company_id`'s points."""
    return manages_company(user, company_id) or is_supervisor_or_admin(user)


def can_see_point_private(user, point: Point) -> bool:
    """Notes, responsible person, scan count and code history: the company and park staff."""
    return can_see_company_private(user, point.company_id)


# Whistles and report-in (基层吹哨、部门报到).
#
# A department sees the problems routed to it now. One it re-routed away ("not
# ours") leaves its sight: it said the problem belongs elsewhere, the timeline
# keeps who re-routed it and why, and supervisors still see everything.

def can_route(user) -> bool:
    """Route an unrouted whistle by hand: supervisors and admins."""
    return is_supervisor_or_admin(user)


def can_edit_routing(user) -> bool:
    """Edit the routing table (category x functional area -> department): admins."""
    return is_admin(user)


def in_department(user, department_id: int | None) -> bool:
    return (signed_in(user) and department_id is not None
            and user.department_id == department_id)


def can_report_in(user, problem: Problem) -> bool:
    """Acknowledge or re-route: the members of the department it is routed to, and
    supervisors and admins acting for them."""
    if problem.department_id is None or not problem.is_open:
        return False
    return in_department(user, problem.department_id) or is_supervisor_or_admin(user)


def can_view_department_board(user, department_id: int) -> bool:
    """A department's board: its members and park staff."""
    return is_park_staff(user) or in_department(user, department_id)


def can_view_park_board(user) -> bool:
    """Counts per department (who has not reported in): park staff and department members."""
    return is_park_staff(user) or (signed_in(user) and user.department_id is not None)
