"""Bounded queries on the pages the load bench drives that had no such test: the home page
for each kind of reader, a problem's page, a point's public page and its whistle form."""

from __future__ import annotations

import pytest

from engage.tracker.models import Severity
from tests.tracker.problems.conftest import open_problem


def _fill(db, park, n):
    for i in range(n):
        open_problem(park, title=f"隐患{i}", severity=list(Severity)[i % 3])
    db.session.commit()


@pytest.mark.parametrize(
    "page, who",
    [
        ("home", None),
        ("home", "owner_worker"),
        ("home", "owner_manager"),
        ("home", "supervisor"),
        ("home", "admin"),
        ("home", "dept_member"),
        ("problem", "supervisor"),
        ("problem", "owner_manager"),
        ("point", None),
        ("point", "owner_manager"),
        ("whistle", None),
    ],
)
def test_pages_run_the_same_number_of_queries_for_2_and_50_problems(
    app, db, login_as, count_queries, park, page, who
):
    first = open_problem(park)
    db.session.commit()
    url = {
        "home": "/",
        "problem": f"/problems/{first.number}",
        "point": f"/p/{park.point.code}",
        "whistle": f"/p/{park.point.code}/whistle",
    }[page]
    client = app.test_client()
    if who is not None:
        login_as(getattr(park, who), client)
    counts = []
    for n in (1, 48):
        _fill(db, park, n)
        client.get(url)  # warm up
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(q.count)
    assert counts[0] == counts[1]
