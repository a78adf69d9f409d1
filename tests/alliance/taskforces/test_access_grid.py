"""Who gets what from every task force page: one row per endpoint, tried by the whole cast.

The leader is company A's safety manager; the grid officer serves on the force (an account
holder on the roster may log work). A new endpoint without a row here fails the first test.
"""

from __future__ import annotations

import itertools

import pytest

from engage.alliance.taskforces import roster, services

from .conftest import START

ALL = {
    "newcomer",
    "a_employee",
    "a_manager",
    "a_admin",
    "b_employee",
    "b_manager",
    "b_admin",
    "dept_member",
    "dept_lead",
    "grid",
    "supervisor",
    "admin",
}
EDITORS = {"supervisor", "admin"}
MANAGERS = EDITORS | {"a_manager"}  # a_manager leads the force
LOGGERS = MANAGERS | {"grid"}  # the grid officer serves on it

_names = itertools.count(1)

# endpoint: (method, path, allowed roles, status when allowed)
GRID = {
    "index": ("GET", "/", ALL, 200),
    "overview": ("GET", "/overview", ALL, 200),
    "create": ("GET", "/new", EDITORS, 200),
    "edit": ("GET", "/{f}/edit", EDITORS, 200),
    "detail": ("GET", "/{f}", ALL, 200),
    "goal_add": ("POST", "/{f}/goals", EDITORS, 302),
    "goal_remove": ("POST", "/{f}/goals/{g}/remove", EDITORS, 302),
    "pickup": ("GET", "/{f}/pickup", MANAGERS, 200),
    "assign_problem": ("POST", "/{f}/problems", MANAGERS, 302),
    "assign_point": ("POST", "/{f}/points", MANAGERS, 302),
    "assign_matching_points": ("POST", "/{f}/points/matching", MANAGERS, 302),
    "release": ("POST", "/{f}/problem/12345/release", MANAGERS, 302),
    "activities": ("GET", "/{f}/log", ALL, 200),
    "activity_add": ("GET", "/{f}/log/new", LOGGERS, 200),
    "roster_page": ("GET", "/{f}/roster", ALL, 200),
    "roster_print": ("GET", "/{f}/roster/print", ALL, 200),
    "poster": ("GET", "/{f}/poster", ALL, 200),
    "member_add": ("GET", "/{f}/roster/new", MANAGERS, 200),
    "member_leave": ("POST", "/{f}/roster/{m}/leave", MANAGERS, 302),
    "roster_import": ("GET", "/{f}/roster/import", MANAGERS, 200),
    "roster_template": ("GET", "/roster-template.csv", ALL, 200),
    "roster_export": ("GET", "/{f}/roster/export.xlsx", MANAGERS, 200),
}


def test_every_task_force_endpoint_has_a_row(app):
    endpoints = {
        r.endpoint.removeprefix("alliance.taskforces.")
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("alliance.taskforces.")
    }
    assert endpoints == set(GRID)


def _stage(db, cast, force) -> dict:
    """A fresh goal and member, so a role's removal leaves the next role something to try."""
    goal = services.add_goal(force, services.GoalData("走访", "visits", 3), actor=cast.admin)
    member = roster.add_member(
        force,
        roster.MemberData(
            name=f"队员{next(_names)}", company_id=cast.company_b.id, role="other", joined_on=START
        ),
        actor=cast.admin,
    )
    db.session.commit()
    return {"f": force.id, "g": goal.id, "m": member.id}


@pytest.fixture
def staged(db, cast, force):
    roster.add_member(
        force,
        roster.MemberData(user_id=cast.grid.id, role="grid_officer", joined_on=START),
        actor=cast.admin,
    )
    db.session.commit()
    return _stage(db, cast, force)


@pytest.mark.parametrize("endpoint", sorted(GRID))
def test_access(db, client, login_as, cast, force, staged, endpoint):
    """Every role of the cast, in turn, on one endpoint."""
    method, path, allowed, ok = GRID[endpoint]
    seen = {}
    for role in ("anonymous", *sorted(ALL)):
        ids = _stage(db, cast, force) if method == "POST" else staged
        url = "/alliance/taskforces" + path.format(**ids)
        with client.session_transaction() as session:
            session.clear()
        if role != "anonymous":
            login_as(cast.who(role))
        response = client.open(url, method=method)
        if role == "anonymous":
            seen[role] = (response.status_code, "/auth/login" in (response.location or ""))
        else:
            seen[role] = response.status_code
    expected = {r: ok if r in allowed else 403 for r in ALL} | {"anonymous": (302, True)}
    assert seen == expected


def test_unknown_forces_and_foreign_rows_answer_404(client, login_as, cast, force, staged, db):
    other = services.create_taskforce(
        services.ForceData(
            name="另一支",
            area_id=cast.area.id,
            focus_target="other",
            leader_id=None,
            starts_on=START,
        ),
        actor=cast.admin,
    )
    db.session.commit()
    login_as(cast.admin)
    assert client.get("/alliance/taskforces/424242/roster").status_code == 404
    assert (
        client.post(f"/alliance/taskforces/{other.id}/goals/{staged['g']}/remove").status_code
        == 404
    )
    assert (
        client.post(f"/alliance/taskforces/{other.id}/roster/{staged['m']}/leave").status_code
        == 404
    )
