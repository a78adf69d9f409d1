"""Bounded queries on the list, my-work and dashboard pages; dashboards' figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from engage.core.timeutil import utcnow
from engage.tracker.models import ProblemStatus, Severity
from engage.tracker.problems import dashboards, loop, queries
from tests.tracker.problems.conftest import open_problem

S = ProblemStatus


def _fill(db, park, n):
    for i in range(n):
        p = open_problem(park, title=f"隐患{i}", severity=list(Severity)[i % 3])
        if i % 2:
            loop.transition(
                p,
                S.ASSIGNED,
                actor=park.supervisor,
                assignee=park.owner_worker,
                department=park.dept,
            )
    db.session.commit()


@pytest.mark.parametrize(
    "url, who",
    [
        ("/problems", "supervisor"),
        ("/problems", "owner_manager"),
        ("/problems?status=open&sort=due&overdue=1", "inspector_manager"),
        ("/my-work", "owner_worker"),
        ("/my-work", "dept_member"),
        ("/dashboard", "supervisor"),
        ("/dashboard", "owner_manager"),
    ],
)
def test_pages_run_the_same_number_of_queries_for_2_and_50_problems(
    db, client, login_as, count_queries, park, url, who
):
    login_as(getattr(park, who))
    counts = []
    for n in (2, 48):
        _fill(db, park, n)
        client.get(url)  # warm up
        with count_queries() as q:
            assert client.get(url).status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1]


def test_list_for_point_shows_what_the_reader_may_see(db, park):
    from flask_login import AnonymousUserMixin

    open_problem(park)
    db.session.commit()
    assert len(queries.list_for_point(park.point, park.owner_worker)) == 1
    assert queries.list_for_point(park.point, park.stranger_manager) == []
    assert queries.list_for_point(park.point, AnonymousUserMixin()) == []
    assert queries.list_for_point(park.point, park.supervisor, open_only=True, limit=5)


# Mid-month, so that a problem opened four days ago falls in the current month.
@time_machine.travel(datetime(2026, 6, 15, 4, 0, tzinfo=UTC), tick=False)
def test_the_dashboard_counts_in_sql(db, park, photo):
    now = utcnow()
    old = open_problem(park)
    old.created_at = now - timedelta(days=40)
    old.due_at = now - timedelta(days=5)
    closed = open_problem(park)
    closed.created_at = now - timedelta(days=4)
    loop.transition(closed, S.ASSIGNED, actor=park.supervisor)
    loop.transition(closed, S.RECTIFYING, actor=park.owner_manager)
    loop.transition(
        closed, S.AWAITING_VERIFICATION, actor=park.owner_manager, note="好", photos=[photo()]
    )
    loop.transition(closed, S.CLOSED, actor=park.supervisor, note="合格")
    rejected = open_problem(park)
    loop.transition(rejected, S.REJECTED, actor=park.supervisor, note="不是隐患")
    whistle = open_problem(park, department=park.dept)
    db.session.commit()
    board = dashboards.build(park.supervisor, dashboards.Scope(), now=now + timedelta(hours=1))
    assert (board.total, board.open, board.closed, board.rejected) == (4, 2, 1, 1)
    assert board.overdue == 1 and board.unacknowledged == 1
    assert board.closure_rate == pytest.approx(1 / 3)
    assert board.median_days == pytest.approx(4, abs=0.1)
    assert dict(board.ages)[(30, 90)] == 1
    assert board.overdue_by_company[0][1] == park.owner.name
    assert board.unacknowledged_by_department[0][2] == 1
    assert board.months[-1][1] == 3 and board.months[-1][2] == 1
    assert whistle.department_id == park.dept.id
    company_board = dashboards.build(
        park.stranger_manager, dashboards.Scope("company", park.stranger.id)
    )
    assert company_board.total == 0


def test_median_of_an_even_count(db, park, photo):
    now = utcnow()
    for days in (2, 4, 6, 10):
        p = open_problem(park)
        p.created_at = now - timedelta(days=days)
        loop.transition(p, S.ASSIGNED, actor=park.supervisor)
        loop.transition(p, S.RECTIFYING, actor=park.owner_manager)
        loop.transition(
            p, S.AWAITING_VERIFICATION, actor=park.owner_manager, note="好", photos=[photo()]
        )
        loop.transition(p, S.CLOSED, actor=park.supervisor, note="合格")
    db.session.commit()
    board = dashboards.build(park.admin, dashboards.Scope("area", park.area.id))
    assert board.median_days == pytest.approx(5, abs=0.1)


def test_a_company_user_sees_only_their_companys_dashboard(db, client, login_as, park):
    open_problem(park, title="本企业")
    open_problem(park, title="外企", point=park.other_point)
    db.session.commit()
    login_as(park.owner_manager)
    page = client.get(f"/dashboard?scope=company&id={park.stranger.id}").get_data(as_text=True)
    assert park.owner.name in page and park.stranger.name not in page
    login_as(park.supervisor)
    assert client.get(f"/dashboard?scope=area&id={park.area.id}").status_code == 200
    assert client.get("/dashboard?scope=area&id=99999").status_code == 404
    assert "<svg" in client.get("/dashboard").get_data(as_text=True)


def test_the_area_picker_offers_the_whole_park_and_agrees_with_the_heading(client, login_as, park):
    login_as(park.supervisor)
    whole = client.get("/dashboard", headers={"Accept-Language": "en"})
    assert whole.status_code == 200 and "· the whole park" in whole.text
    picker = whole.text.split('id="d-area"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>The whole park</option>' in picker
    assert " selected>" not in picker.replace('<option value="" selected>', "")
    one = client.get(f"/dashboard?scope=area&id={park.area.id}").text
    picker = one.split('id="d-area"', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{park.area.id}" selected>{park.area.name}</option>' in picker
    assert f"· {park.area.name}" in one
    # Choosing "the whole park" in the picker sends an empty id: the park again.
    back = client.get("/dashboard?scope=area&id=", headers={"Accept-Language": "en"})
    assert back.status_code == 200 and "· the whole park" in back.text
