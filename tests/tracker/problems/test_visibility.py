"""Who sees a problem: every role against the page, the list, the export, the dashboard."""

from __future__ import annotations

import pytest

from engage.core.permissions import can
from engage.tracker.models import ProblemStatus
from engage.tracker.problems import loop
from tests.tracker.problems.conftest import open_problem

SEES = {
    "admin": True,
    "supervisor": True,
    "grid": True,
    "owner_manager": True,
    "owner_worker": True,
    "owner_admin": True,  # its own problem
    "inspector_manager": True,
    "inspector_worker": True,  # the company that reported it
    "stranger_manager": False,
    "nobody": False,
    "dept_member": False,  # not routed to their department (yet)
}


@pytest.fixture
def routed(db, park):
    p = open_problem(park, title="路由问题", department=park.dept)
    db.session.commit()
    return p


@pytest.mark.parametrize("who, sees", sorted(SEES.items()))
def test_who_sees_a_problem(db, client, login_as, park, problem, who, sees):
    user = getattr(park, who)
    assert can(user, "view", problem) is sees
    login_as(user)
    assert client.get(f"/problems/{problem.number}").status_code == (200 if sees else 404)
    assert (problem.number in client.get("/problems").get_data(as_text=True)) is sees
    assert (problem.number in client.get("/problems/export.csv").get_data(as_text=True)) is sees
    post = client.post(f"/problems/{problem.number}/comment", data={"comment-note": "看看"})
    assert (post.status_code == 404) is not sees


@pytest.mark.parametrize(
    "who, sees", [("dept_member", True), ("dept_lead", True), ("stranger_manager", False)]
)
def test_a_department_sees_what_is_routed_to_it(db, client, login_as, park, routed, who, sees):
    login_as(getattr(park, who))
    assert client.get(f"/problems/{routed.number}").status_code == (200 if sees else 404)
    assert (routed.number in client.get("/problems").get_data(as_text=True)) is sees


def test_an_assignee_outside_the_company_list_still_sees_their_problem(db, park, problem):
    loop.transition(
        problem,
        ProblemStatus.ASSIGNED,
        actor=park.supervisor,
        department=park.dept,
        assignee=park.dept_member,
    )
    db.session.commit()
    assert can(park.dept_member, "view", problem)


def test_anonymous_visitors_are_sent_to_sign_in(client, problem):
    assert client.get(f"/problems/{problem.number}").status_code == 302
    assert client.get("/problems").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_people_without_company_or_department_have_no_dashboard(client, login_as, park):
    login_as(park.nobody)
    assert client.get("/dashboard").status_code == 404
    assert client.get("/problems").status_code == 200  # their own reports only
