"""Who may route whistles, report in on them, edit the routing table and read the boards.

Every check is `can_<verb>_<noun>(user, obj) -> bool`; a whistle's visibility is
the problem's (`can_view_problem` and its twin `visible_problems`, rule "view").

A department sees the problems routed to it now. One it re-routed away ("not
ours") leaves its sight: it said the problem belongs elsewhere, the timeline
keeps who re-routed it and why, and supervisors still see everything.

Policy: a whistle the reader may not see answers 404; a visible whistle whose
action is not allowed answers 403; a page that is not for the reader at all (the
routing table, the unrouted list, a board) answers 404.
"""

from __future__ import annotations

from engage.core.permissions import is_admin, is_park_staff, is_supervisor_or_admin, signed_in
from engage.tracker.models import Problem


def in_department(user, department_id: int | None) -> bool:
    return signed_in(user) and department_id is not None and user.department_id == department_id


def can_route_whistles(user) -> bool:
    """Route an unrouted whistle by hand: supervisors and admins."""
    return is_supervisor_or_admin(user)


def can_edit_routing_table(user) -> bool:
    """Edit the routing table (category x functional area -> department): admins."""
    return is_admin(user)


def can_report_in_whistle(user, problem: Problem) -> bool:
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


TEMPLATE_GLOBALS = {
    "can_route_whistles": can_route_whistles,
    "can_edit_routing_table": can_edit_routing_table,
    "can_report_in_whistle": can_report_in_whistle,
    "can_view_department_board": can_view_department_board,
}
