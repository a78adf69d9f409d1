"""Who may see and act on points and problems."""

from __future__ import annotations

from engage.core.permissions import belongs_to, is_park_staff, manages_company, rule, signed_in
from engage.tracker.models import Point, Problem


@rule("view", Problem)
def can_view_problem(user, problem: Problem) -> bool:
    """Staff see all; a company its own and those it reported; a department those
    routed to it; a reporter what they reported."""
    if not signed_in(user):
        return False
    if is_park_staff(user):
        return True
    if belongs_to(user, problem.company_id) or belongs_to(user, problem.reporter_company_id):
        return True
    if problem.department_id is not None and user.department_id == problem.department_id:
        return True
    return problem.reporter_id == user.id


@rule("view", Point)
def can_view_point(user, point: Point) -> bool:
    """A point's page is public: its code is on a label on the wall."""
    return point.active or manages_company(user, point.company_id) or is_park_staff(user)


@rule("edit", Point)
def can_edit_point(user, point: Point) -> bool:
    return manages_company(user, point.company_id) or (
        signed_in(user) and (user.is_admin or user.is_supervisor))
