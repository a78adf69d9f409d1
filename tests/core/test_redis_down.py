"""With ENGAGE_REDIS_URL set and Redis not answering, the site keeps working: pages with
shared figures compute them, sign-in works and failed sign-ins are still counted (in the
worker's memory)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from engage import create_app
from engage.accounts.auth import throttle
from engage.extensions import db as _db
from engage.extensions import limiter
from tests.conftest import PASSWORD, base_config

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
EN = {"Accept-Language": "en"}


@pytest.fixture
def redis_down(database_url, tmp_path, app):
    config = base_config(database_url, tmp_path)
    config.update(RATELIMIT_ENABLED=True, ENGAGE_REDIS_URL=DOWN, RATELIMIT_STORAGE_URI=DOWN)
    down_app = create_app(config)
    throttle._fallback.reset()  # the worker's memory starts empty, as in a new worker
    _db.session.commit()  # SQLite: the test's session must not hold the write lock
    yield down_app
    throttle._fallback.reset()
    with down_app.app_context():
        _db.session.remove()
        _db.engine.dispose()
    # The limiter is shared by every app: leave it counting in memory for the next tests
    # (an app with limits off would not set its storage).
    create_app(base_config(database_url, tmp_path) | {"RATELIMIT_ENABLED": True})


def _login(client, email, password=PASSWORD):
    response = client.post("/auth/login", data={"email": email, "password": password}, headers=EN)
    _db.session.commit()
    return response


def test_pages_with_shared_figures_answer_while_redis_is_down(redis_down, make_user):
    make_user(email="chief@example.com", role="supervisor")
    _db.session.commit()
    client = redis_down.test_client()
    assert client.get("/knowledge/", headers=EN).status_code == 200
    assert _login(client, "chief@example.com").status_code == 302
    assert client.get("/dashboard", headers=EN).status_code == 200
    assert client.get("/knowledge/", headers=EN).status_code == 200


def test_failed_sign_ins_are_still_counted_while_redis_is_down(redis_down, make_user):
    make_user(email="owner@example.com")
    _db.session.commit()
    client = redis_down.test_client()
    with time_machine.travel(datetime(2026, 6, 16, 1, 0, tzinfo=UTC), tick=False):
        answers = [_login(client, "owner@example.com", f"wrong-{n}") for n in range(7)]
        assert [a.status_code for a in answers[:6]] == [200] * 6
        assert answers[6].status_code == 429
        assert "Try again in 30 seconds" in answers[6].get_data(as_text=True)
    assert limiter.enabled
