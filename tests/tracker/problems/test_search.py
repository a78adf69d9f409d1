"""Problems are found by search (number, title, description, point, company) by
those who may see them, and by nobody else; the problem list searches the same index."""

from __future__ import annotations

import pytest

from engage.core import search
from engage.tracker.models import ProblemStatus
from engage.tracker.problems import loop
from engage.tracker.problems.permissions import can_view_problem
from tests.tracker.problems.conftest import open_problem

S = ProblemStatus


@pytest.fixture
def leak(db, park):
    """A problem of the owner company, reported by the inspecting company."""
    problem = open_problem(
        park, title="冷却塔管道泄漏", description="三号泵房地面有积水，疑似法兰垫片老化。"
    )
    db.session.commit()
    return problem


def _found(q, user, kind="problem"):
    return [hit.object_id for hit in search.query(q, user=user, kinds=[kind]).items]


def test_a_problem_number_or_a_word_of_its_title_finds_it(leak, park):
    assert _found(leak.number, park.owner_manager) == [leak.id]
    assert _found("冷却塔", park.owner_manager) == [leak.id]
    assert _found("法兰垫片", park.inspector_worker) == [leak.id]  # the description
    assert _found("一号厂房", park.supervisor) == [leak.id]  # the point
    assert _found("恒远精密", park.grid) == [leak.id]  # the company


def test_another_company_and_an_anonymous_visitor_find_nothing(leak, park):
    assert _found("冷却塔", park.owner_worker) == [leak.id]  # the same words find it...
    assert _found("冷却塔", park.stranger_manager) == []  # ...not for another company
    assert _found(leak.number, park.stranger_manager) == []
    assert _found("冷却塔", None) == []
    assert _found("冷却塔", park.nobody) == []
    # Nobody the tracker would refuse finds it, and everyone it allows does.
    for user in _everyone(park):
        assert bool(_found(leak.number, user)) == can_view_problem(user, leak), user.email


def _everyone(park):
    return [v for v in vars(park).values() if hasattr(v, "email")]


def test_the_search_page_says_problem_and_filters_by_kind(client, login_as, leak, park, db):
    login_as(park.owner_manager)
    page = client.get("/search/?q=冷却塔")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert leak.number in html and "/problems/" + leak.number in html
    assert "Problems" in html or "问题" in html
    only = client.get("/search/?q=冷却塔&kind=article").get_data(as_text=True)
    assert "/problems/" + leak.number not in only
    assert "冷却塔" in only  # the box keeps the query
    only = client.get("/search/?q=冷却塔&kind=problem").get_data(as_text=True)
    assert "/problems/" + leak.number in only


def test_routing_to_a_department_lets_it_find_the_problem(db, leak, park):
    assert _found("冷却塔", park.dept_member) == []
    loop.transition(
        leak, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker, department=park.dept
    )
    db.session.commit()
    assert _found("冷却塔", park.dept_member) == [leak.id]


def test_a_move_and_an_edit_are_indexed_when_committed(db, leak, park):
    loop.transition(leak, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker)
    db.session.commit()
    page = search.query("冷却塔", user=park.supervisor, kinds=["problem"], facet="status:assigned")
    assert [h.object_id for h in page.items] == [leak.id]
    leak.title = "冷却塔管道已更换"
    db.session.commit()
    assert _found("已更换", park.supervisor) == [leak.id]


def test_a_rolled_back_change_is_not_indexed(db, leak, park):
    leak.title = "从未保存的标题"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _found("从未保存", park.supervisor) == []
    assert _found("冷却塔", park.supervisor) == [leak.id]


def test_reindex_backfills_problems(app, db, leak, park):
    search.clear("problem")
    db.session.commit()
    assert _found("冷却塔", park.supervisor) == []
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--kind", "problem"])
    assert result.exit_code == 0, result.output
    assert "problem: 1 documents indexed" in result.output
    assert _found("冷却塔", park.supervisor) == [leak.id]
    assert _found("冷却塔", park.stranger_manager) == []


def test_the_problem_list_searches_the_index(client, login_as, db, leak, park):
    other = open_problem(park, title="配电箱未接地")
    db.session.commit()
    login_as(park.owner_manager)
    html = client.get("/problems?q=法兰垫片").get_data(as_text=True)  # a description word
    assert leak.number in html and other.number not in html
    html = client.get("/problems?q=配电箱").get_data(as_text=True)
    assert other.number in html and leak.number not in html
    login_as(park.stranger_manager)
    response = client.get("/problems?q=冷却塔")
    assert response.status_code == 200 and leak.number not in response.get_data(as_text=True)


def test_the_problem_list_still_finds_a_piece_of_a_number(client, login_as, db, leak, park):
    login_as(park.owner_manager)
    html = client.get(f"/problems?q={leak.number[-5:]}").get_data(as_text=True)
    assert leak.number in html


def test_the_list_search_costs_the_same_for_2_and_40_problems(
    db, client, login_as, count_queries, park
):
    login_as(park.owner_manager)
    counts = []
    for n in (2, 38):
        for i in range(n):
            open_problem(park, title=f"消防栓漏水{i}")
        db.session.commit()
        client.get("/problems?q=消防栓")
        with count_queries() as q:
            response = client.get("/problems?q=消防栓")
        assert response.status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1]
    assert not any("LIKE" in s.upper() for s in q.statements if "problems.title" in s)


def test_the_search_page_costs_the_same_for_2_and_40_problems(
    db, client, login_as, count_queries, park
):
    login_as(park.inspector_manager)
    counts = []
    for n in (2, 38):
        for i in range(n):
            open_problem(park, title=f"灭火器压力不足{i}", description="灭火器的使用期限已过")
        db.session.commit()
        client.get("/search/?q=灭火器使用&kind=problem")
        with count_queries() as q:
            response = client.get("/search/?q=灭火器使用&kind=problem")
        assert response.status_code == 200 and "灭火器" in response.get_data(as_text=True)
        counts.append(q.count)
    assert counts[0] == counts[1]
