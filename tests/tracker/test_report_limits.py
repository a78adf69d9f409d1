"""Signed-in whistles and problem reports are limited per account and per address, like
anonymous whistles; what the limit refuses is not created and the answer says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from engage import create_app
from engage.extensions import db as _db
from engage.extensions import limiter
from engage.tracker.models import Problem
from tests.conftest import base_config

EN = {"Accept-Language": "en"}


@pytest.fixture
def limited(database_url, tmp_path, db):
    """An app with rate limits on, as in production, at a fixed moment."""
    app = create_app(
        {
            **base_config(database_url, tmp_path),
            "RATELIMIT_ENABLED": True,
            "ENGAGE_REPORT_LIMIT": "10 per 10 minutes;40 per day",
            "ENGAGE_REPORT_ADDRESS_LIMIT": "25 per 10 minutes",
        }
    )
    db.session.commit()  # SQLite: the outer session must not hold the write lock
    with time_machine.travel(datetime(2026, 6, 16, 2, 0, tzinfo=UTC), tick=False):
        # Not kept pushed: each request gets its own context (and its own signed-in user).
        try:
            yield app
        finally:
            with app.app_context():
                limiter.reset()
                db.session.remove()
                db.engine.dispose()


def _whistle(client, n: int, **kw):
    return client.post(
        "/whistle/new",
        data={
            "category": "fire",
            "title": f"消防通道被堵{n}",
            "place": "三号路后面",
            "area_id": "0",
        },
        headers=EN,
        **kw,
    )


def _sign_in(login_as, user, client) -> None:
    login_as(user, client)
    _db.session.commit()  # SQLite: the test's session must not hold the write lock


def _count(db) -> int:
    n = db.session.scalar(select(func.count(Problem.id)))
    db.session.commit()  # and let the next request write
    return n


def test_a_new_account_posting_thirty_whistles_is_stopped_at_the_limit(
    limited, make_user, login_as, db
):
    user = make_user(None, name="新账号")
    client = limited.test_client()
    _sign_in(login_as, user, client)
    statuses = [_whistle(client, n).status_code for n in range(30)]
    assert statuses[:10] == [302] * 10
    assert set(statuses[10:]) == {429}
    refused = _whistle(client, 99)
    assert refused.status_code == 429
    assert "You have sent many reports in a short time" in refused.get_data(as_text=True)
    assert _count(db) == 10
    # Someone else at the same address still reports.
    other = make_user(None)
    other_client = limited.test_client()
    _sign_in(login_as, other, other_client)
    assert _whistle(other_client, 100).status_code == 302
    assert _count(db) == 11


def test_a_refused_form_does_not_count(limited, make_user, login_as, db):
    client = limited.test_client()
    _sign_in(login_as, make_user(None), client)
    for _ in range(15):
        assert client.post("/whistle/new", data={"category": "fire"}).status_code == 200
    assert _whistle(client, 1).status_code == 302


def test_one_address_is_limited_across_accounts(limited, make_user, login_as, db):
    statuses = []
    for n in range(3):
        client = limited.test_client()
        _sign_in(login_as, make_user(None), client)
        statuses += [
            _whistle(client, 10 * n + k, environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code
            for k in range(10)
        ]
    assert statuses.count(302) == 25 and statuses[25:] == [429] * 5
    assert _count(db) == 25


def test_problem_reports_are_limited_per_account(limited, make_user, make_company, login_as, db):
    company = make_company()
    manager = make_user("safety_manager", company=company)
    data = {
        "title": "叉车未年检",
        "category": "special_equipment",
        "severity": "major",
        "source": "self_check",
        "company": str(company.id),
        "location_text": "仓库",
    }
    client = limited.test_client()
    _sign_in(login_as, manager, client)
    statuses = [client.post("/problems/new", data=data, headers=EN).status_code for _ in range(12)]
    assert statuses[10:] == [429, 429], statuses
    assert _count(db) == 10
    assert "You have sent many reports" in client.post(
        "/problems/new", data=data, headers=EN
    ).get_data(as_text=True)
