"""Who may see and keep points.

Every check is `can_<verb>_<noun>(user, obj) -> bool`, with `visible_points(user)`
its SQL twin. Policy: a point the reader may not see answers 404; a visible point
whose action is not allowed answers 403 (the management pages answer 404 to those
who do not manage the company: they are not theirs to know of); a stale version is
checked before the service writes.
"""

from __future__ import annotations

from sqlalchemy import or_, true

from engage.core.permissions import (
    can_see_company_private,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.tracker.points.models import Point


@rule("view", Point)
def can_view_point(user, point: Point) -> bool:
    """A point's page is public: its code is on a label on the wall."""
    return point.active or manages_company(user, point.company_id) or is_park_staff(user)


def visible_points(user):
    """The SQL form of can_view_point."""
    if is_park_staff(user):
        return true()
    clauses = [Point.active.is_(True)]
    if signed_in(user) and user.company_id is not None and user.is_safety_manager:
        clauses.append(Point.company_id == user.company_id)
    return or_(*clauses)


@rule("edit", Point)
def can_edit_point(user, point: Point) -> bool:
    return manages_company(user, point.company_id) or (
        signed_in(user) and (user.is_admin or user.is_supervisor)
    )


def can_manage_points(user, company_id: int | None) -> bool:
    """Create, edit, deactivate points and print labels of `company_id`'s points: the
    company's own managers and the park's supervisors and admins."""
    return manages_company(user, company_id) or is_supervisor_or_admin(user)


def can_view_point_private(user, point: Point) -> bool:
    """Notes, responsible person, scan count and code history: the company and park staff."""
    return can_see_company_private(user, point.company_id)
