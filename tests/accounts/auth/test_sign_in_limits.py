"""Sign-in limits fit a workshop and cannot lock out the owner: only failures count; a
source that keeps failing for one account waits longer each time, the owner signing in
from elsewhere does not; the owner is mailed once per window. The clock is fixed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from engage import create_app
from engage.core.mail import OutboxMessage
from engage.extensions import db as _db
from engage.extensions import limiter
from tests.conftest import PASSWORD, base_config

EN = {"Accept-Language": "en"}
START = datetime(2026, 6, 16, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def limited(database_url, tmp_path, app, clock):
    """An app with the production limits on (the defaults), with fresh counters."""
    config = base_config(database_url, tmp_path)
    config.update(RATELIMIT_ENABLED=True)
    limited_app = create_app(config)
    with limited_app.app_context():
        limiter.reset()
    _db.session.commit()  # SQLite: the test's session must not hold the write lock
    yield limited_app
    with limited_app.app_context():
        limiter.reset()
        _db.session.remove()
        _db.engine.dispose()


def _login(client, email, password=PASSWORD, address="10.0.0.1"):
    response = client.post(
        "/auth/login",
        data={"email": email, "password": password},
        headers=EN,
        environ_base={"REMOTE_ADDR": address},
    )
    _db.session.commit()
    return response


def _mails_to(email: str) -> list[str]:
    """The subjects of the mails sent to `email`."""
    subjects = list(
        _db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to == email))
    )
    _db.session.commit()
    return subjects


def test_forty_people_sign_in_from_one_address_within_a_minute(limited, make_user, clock):
    emails = [make_user(email=f"worker{n}@example.com").email for n in range(40)]
    _db.session.commit()
    statuses = []
    for email in emails:
        statuses.append(_login(limited.test_client(), email, address="10.8.8.8").status_code)
        clock.shift(1)
    assert statuses == [302] * 40


def test_a_guesser_waits_while_the_owner_signs_in_from_elsewhere(limited, make_user, clock):
    make_user(email="owner@example.com")
    _db.session.commit()
    guesser = limited.test_client()
    answers = [
        _login(guesser, "owner@example.com", f"wrong-guess-{n}", address="10.6.6.6")
        for n in range(11)
    ]
    assert [a.status_code for a in answers[:6]] == [200] * 6
    assert all(a.status_code == 429 for a in answers[6:])
    assert "Try again in 30 seconds" in answers[6].get_data(as_text=True)
    # The right password from the guessing address waits too (no oracle)...
    assert _login(guesser, "owner@example.com", address="10.6.6.6").status_code == 429
    # ...but the owner, elsewhere, signs in.
    owner = limited.test_client()
    assert _login(owner, "owner@example.com", address="10.1.2.3").status_code == 302
    assert owner.get("/profile").status_code == 200


def test_the_wait_grows_with_each_further_failure(limited, make_user, clock):
    make_user(email="owner@example.com")
    _db.session.commit()
    client = limited.test_client()
    for n in range(6):
        _login(client, "owner@example.com", f"wrong-{n}")
    assert "Try again in 30 seconds" in _login(client, "owner@example.com", "x").get_data(
        as_text=True
    )
    clock.shift(31)
    assert _login(client, "owner@example.com", "wrong-again").status_code == 200
    refused = _login(client, "owner@example.com", "x")
    assert refused.status_code == 429 and "Try again in 60 seconds" in refused.get_data(
        as_text=True
    )
    clock.shift(61)
    # After waiting, the right password gets in and the slate is clean.
    assert _login(client, "owner@example.com").status_code == 302


def test_the_owner_is_mailed_once_per_window(limited, make_user, clock):
    make_user(email="owner@example.com")
    _db.session.commit()
    for n in range(12):
        _login(limited.test_client(), "owner@example.com", f"wrong-{n}", f"10.3.3.{n % 3}")
    mails = _mails_to("owner@example.com")
    assert len(mails) == 1
    assert "登录" in mails[0]  # in the owner's language (Chinese by default)
    for n in range(3):
        _login(limited.test_client(), "owner@example.com", f"wrong-{n}", f"10.4.4.{n}")
    assert len(_mails_to("owner@example.com")) == 1
    clock.shift(3601)
    for n in range(10):
        _login(limited.test_client(), "owner@example.com", f"wrong-{n}", f"10.5.5.{n % 5}")
    assert len(_mails_to("owner@example.com")) == 2


def test_failures_from_one_address_are_limited_whatever_the_account(limited, clock):
    client = limited.test_client()
    statuses = [
        _login(client, f"guess{n}@example.com", "wrong-guess", address="10.9.9.9").status_code
        for n in range(31)
    ]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert _login(client, "guess99@example.com", "wrong", address="10.9.9.10").status_code == 200
