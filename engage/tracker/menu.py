"""What the tracker adds to the navbar and the admin menu."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import registry
from engage.core.permissions import signed_in
from engage.tracker.points.permissions import can_manage_points
from engage.tracker.problems.home import home_summary
from engage.tracker.problems.permissions import can_edit_due_rules
from engage.tracker.whistles.permissions import (
    can_edit_routing_table,
    can_route_whistles,
    can_view_park_board,
)


def _manages_points(user) -> bool:
    return signed_in(user) and can_manage_points(user, user.company_id)


def _board_values(user) -> dict:
    if user.department_id and not user.is_park_staff:
        return {"department_id": user.department_id}
    return {}


_problems = _l("Problems")
registry.register(
    "navbar", _l("Problems"), "tracker.problems.index", order=20, visible=signed_in, group=_problems
)
registry.register(
    "navbar",
    _l("My work"),
    "tracker.problems.my_work",
    order=21,
    visible=signed_in,
    group=_problems,
)
registry.register(
    "navbar",
    _l("Dashboard"),
    "tracker.problems.dashboard",
    order=22,
    visible=signed_in,
    group=_problems,
)
registry.register(
    "navbar",
    _l("Whistles to route"),
    "tracker.whistles.unrouted",
    order=23,
    visible=can_route_whistles,
    group=_problems,
)
registry.register(
    "navbar",
    _l("Points"),
    "tracker.points.index",
    order=30,
    visible=_manages_points,
    group=_problems,
)
registry.register(
    "navbar", _l("Blow the whistle"), "tracker.whistles.create", order=40, visible=signed_in
)
registry.register(
    "navbar",
    _l("Departments board"),
    "tracker.whistles.board_park",
    order=50,
    key="tracker.departments-board",
    group=_problems,
    visible=lambda u: can_view_park_board(u) and (u.is_park_staff or not u.department_id),
)
registry.register(
    "navbar",
    _l("Departments board"),
    "tracker.whistles.board_department",
    order=50,
    key="tracker.my-department-board",
    group=_problems,
    visible=lambda u: can_view_park_board(u) and bool(u.department_id) and not u.is_park_staff,
    url_values=_board_values,
)
registry.register(
    "admin",
    _l("Due rules for problems"),
    "tracker.problems.due_rules",
    order=200,
    visible=can_edit_due_rules,
)
registry.register(
    "admin",
    _l("Whistle routing table"),
    "tracker.whistles.routing",
    order=201,
    visible=can_edit_routing_table,
)
# A visitor reports a hazard from the home page, beside the emergency guide.
registry.register(
    "home.actions",
    _l("Report a hazard"),
    template="tracker/whistles/_home_report.html",
    order=11,
    visible=lambda user: not signed_in(user),
)
registry.register(
    "home.sections",
    template="tracker/problems/_home_section.html",
    order=10,
    visible=signed_in,
    context=home_summary,
)
