"""Who may see and act on points and problems."""

from __future__ import annotations

from sqlalchemy import false, or_, true

from engage.core.permissions import belongs_to, is_park_staff, manages_company, rule, signed_in
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
