"""Dashboards share their figures for a minute: never across companies, never older than
the reader's own change, and a problem opened elsewhere shows at once."""

from __future__ import annotations

import re

from tests.tracker.problems.conftest import open_problem


def _open_kpi(client, url: str = "/dashboard") -> int:
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r"Figures as of \d\d:\d\d|数据截至 \d\d:\d\d", page)
    return int(re.search(r'<div class="kpi">(\d+)</div>', page).group(1))


def test_company_b_never_sees_company_a_figures(app, db, login_as, park):
    open_problem(park)
    open_problem(park, title="灭火器过期")
    db.session.commit()
    owner, stranger = app.test_client(), app.test_client()
    login_as(park.owner_manager, owner)
    login_as(park.stranger_manager, stranger)

    assert _open_kpi(owner) == 2
    assert _open_kpi(stranger) == 0  # asked right after, with the owner's figures kept
    assert _open_kpi(owner) == 2


def test_staff_figures_of_one_company_are_not_those_of_another(db, client, login_as, park):
    open_problem(park)
    db.session.commit()
    login_as(park.supervisor)

    assert _open_kpi(client, f"/dashboard?scope=company&id={park.owner.id}") == 1
    assert _open_kpi(client, f"/dashboard?scope=company&id={park.stranger.id}") == 0
    assert _open_kpi(client, "/dashboard") == 1


def test_a_persons_own_change_shows_on_their_next_page(app, db, login_as, park):
    problem = open_problem(park)
    db.session.commit()
    writer, colleague = app.test_client(), app.test_client()
    login_as(park.supervisor, writer)
    login_as(park.admin, colleague)
    assert _open_kpi(writer) == 1
    assert _open_kpi(colleague) == 1

    rejected = writer.post(
        f"/problems/{problem.number}/move/reject",
        data={"reject-version": str(problem.version), "reject-note": "不是隐患"},
    )
    assert rejected.status_code == 302

    assert _open_kpi(writer) == 0  # their own change, at once
    # Nobody announces a rejection: the colleague's page may keep the figures of
    # under a minute ago (and says as of when), then computes them again.
    assert _open_kpi(colleague) in (0, 1)


def test_a_problem_opened_elsewhere_shows_at_once(db, client, login_as, park):
    open_problem(park)
    db.session.commit()
    login_as(park.supervisor)
    assert _open_kpi(client) == 1

    open_problem(park, title="灭火器过期")  # announced: problem_opened
    db.session.commit()

    assert _open_kpi(client) == 2
