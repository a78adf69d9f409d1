"""The home page of a signed-in person: their desk with counts, their unread notifications,
their company's open problems, the emergency guide; bounded SQL."""

from __future__ import annotations

import pytest

from engage.core import notifications
from engage.tracker.models import ProblemStatus
from engage.tracker.problems import loop, queries
from tests.tracker.problems.conftest import open_problem

EN = {"Accept-Language": "en"}


def _assign(db, park, n: int) -> None:
    for i in range(n):
        p = open_problem(park, title=f"隐患{i}")
        if i % 2 == 0:
            loop.transition(
                p,
                ProblemStatus.ASSIGNED,
                actor=park.supervisor,
                assignee=park.owner_worker,
                department=park.dept,
            )
    db.session.commit()


def test_my_work_counts_match_the_my_work_sections(db, park):
    _assign(db, park, 5)
    counts = queries.my_work_counts(park.owner_worker)
    sections = queries.my_work(park.owner_worker)
    assert counts == {"assigned": 3, "company": 5, "verify": 0}
    assert {k: len(v) for k, v in sections.items()} == counts
    assert queries.my_work_counts(park.dept_member)["department"] == 3
    # Counted, not capped like the lists: 12 problems are 12.
    _assign(db, park, 12)
    assert queries.my_work_counts(park.owner_worker)["company"] == 17


def test_the_home_page_shows_my_desk_my_notifications_and_my_companys_problems(
    db, client, park, login_as
):
    _assign(db, park, 3)
    user = park.owner_worker
    user.locale = "en"
    notifications.notify(user, "test.kind")
    notifications.notify(user, "test.kind")
    db.session.commit()
    login_as(user)
    body = client.get("/").text
    assert f"Welcome back, {user.name}." in body
    assert "My work" in body and "Assigned to me" in body
    assert '<span class="badge rounded-pill text-bg-primary fs-6">2</span>' in body  # assigned
    assert '<span class="badge rounded-pill text-bg-primary fs-6">3</span>' in body  # company
    unread = notifications.unread_count(user.id)
    assert unread >= 2 and f"{unread} unread notifications" in body
    assert "My company's open problems" in body and "隐患0" in body and "隐患2" in body
    assert "See all 3 open problems" in body
    assert 'href="/emergency"' in body
    # The visitor's role cards are for visitors.
    assert "The safety committee office" not in body


def test_a_person_sees_only_their_own_companys_problems_on_the_home_page(
    db, client, park, login_as
):
    _assign(db, park, 2)
    login_as(park.stranger_manager)
    body = client.get("/", headers=EN).text
    assert "Welcome back" in body
    assert "隐患0" not in body and "隐患1" not in body


def test_the_home_page_in_chinese_counts_notifications(db, client, park, login_as):
    notifications.notify(park.nobody, "test.kind")
    db.session.commit()
    login_as(park.nobody)
    body = client.get("/").text
    assert "1 条未读通知" in body and "我的工作" in body


@pytest.mark.parametrize("who", ["owner_worker", "dept_member", "supervisor"])
def test_the_home_page_runs_the_same_number_of_queries_for_2_and_30_problems(
    db, client, park, login_as, count_queries, who
):
    login_as(getattr(park, who))
    counts = []
    for n in (2, 28):
        _assign(db, park, n)
        for _ in range(n):
            notifications.notify(getattr(park, who), "test.kind")
        db.session.commit()
        client.get("/")
        with count_queries() as q:
            assert client.get("/").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] and counts[0] <= 12, counts


def test_a_visitors_role_cards_are_links(client):
    body = client.get("/", headers=EN).text
    cards = body.split("Where to go", 1)[1]
    assert cards.count('class="stretched-link text-body"') == 5
    assert 'href="/knowledge/">Employees</a>' in cards
    assert 'href="/auth/login">Supervisors and grid officers</a>' in cards
