"""Who sees a whistle and who may act on it: every role against one routed whistle."""

from __future__ import annotations

import pytest

from engage.core.permissions import can
from engage.tracker.models import ProblemCategory
from engage.tracker.whistles import services
from engage.tracker.whistles.permissions import (
    can_edit_routing_table,
    can_report_in_whistle,
    can_route_whistles,
    can_view_department_board,
    can_view_park_board,
)

# role -> (sees the whistle, may report in, may route by hand, may edit routing)
GRID = {
    "anonymous": (False, False, False, False),
    "admin": (True, True, True, True),
    "supervisor": (True, True, True, False),
    "grid_officer": (True, False, False, False),
    "company_employee": (True, False, False, False),
    "company_manager": (True, False, False, False),
    "other_company_manager": (False, False, False, False),
    "fire_member": (True, True, False, False),
    "fire_lead": (True, True, False, False),
    "emergency_member": (False, False, False, False),
    "reporter": (True, False, False, False),
}


@pytest.fixture
def people(make_user, make_company, company, fire, emergency):
    from flask_login import AnonymousUserMixin

    return {
        "anonymous": AnonymousUserMixin(),
        "admin": make_user("admin"),
        "supervisor": make_user("supervisor"),
        "grid_officer": make_user("grid_officer"),
        "company_employee": make_user("employee", company=company),
        "company_manager": make_user("safety_manager", company=company),
        "other_company_manager": make_user("safety_manager", company=make_company()),
        "fire_member": make_user("department", department=fire),
        "fire_lead": make_user("department_lead", department=fire),
        "emergency_member": make_user("department", department=emergency),
        "reporter": make_user("employee", company=make_company()),
    }


@pytest.mark.parametrize("role", sorted(GRID))
def test_the_whistle_permission_grid(db, point, fire_rule, people, role):
    problem = services.blow_whistle(
        actor=people["reporter"], category=ProblemCategory.FIRE, title="配电箱漏电", point=point
    )
    db.session.commit()
    user = people[role]
    sees, reports_in, routes, edits = GRID[role]
    assert can(user, "view", problem) is sees
    assert can_report_in_whistle(user, problem) is reports_in
    assert can_route_whistles(user) is routes
    assert can_edit_routing_table(user) is edits


@pytest.mark.parametrize(
    "role,own,park",
    [
        ("fire_member", True, True),
        ("fire_lead", True, True),
        ("emergency_member", False, True),
        ("supervisor", True, True),
        ("grid_officer", True, True),
        ("admin", True, True),
        ("company_manager", False, False),
        ("anonymous", False, False),
    ],
)
def test_the_board_permission_grid(people, fire, role, own, park):
    assert can_view_department_board(people[role], fire.id) is own
    assert can_view_park_board(people[role]) is park


def test_an_anonymous_whistle_is_seen_by_its_company_and_department_only(
    db, point, fire_rule, people
):
    problem = services.blow_whistle(
        actor=None, category=ProblemCategory.FIRE, title="x", point=point
    )
    db.session.commit()
    seen = {role for role, user in people.items() if can(user, "view", problem)}
    assert seen == {
        "admin",
        "supervisor",
        "grid_officer",
        "company_employee",
        "company_manager",
        "fire_member",
        "fire_lead",
    }


def test_nobody_reports_in_on_a_closed_whistle(db, point, fire_rule, people):
    from engage.tracker.models import ProblemStatus

    problem = services.blow_whistle(
        actor=None, category=ProblemCategory.FIRE, title="x", point=point
    )
    problem.status = ProblemStatus.CLOSED
    db.session.commit()
    assert not any(can_report_in_whistle(user, problem) for user in people.values())
