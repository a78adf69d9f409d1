"""The demo park: realistic, fictional, every role, and loaded twice adds nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from engage.accounts import demo, uscc
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    PlatformRole,
    User,
)
from engage.extensions import db as _db

TABLES = (FunctionalArea, Company, Department, User, JoinRequest)


@pytest.fixture(autouse=True)
def fewer_problems(monkeypatch):
    """`flask demo` loads every domain's demo; the accounts tested here do not need the
    tracker's few hundred problems (tests/tracker/problems/test_demo.py loads 60)."""
    from engage.tracker import demo as tracker_demo

    monkeypatch.setattr(tracker_demo, "DEMO_PROBLEMS", 60)


def _counts():
    return [_db.session.scalar(select(func.count(m.id))) for m in TABLES]


def test_demo_loads_a_park_with_every_role(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    areas, companies, departments, users, requests = _counts()
    assert areas == 4 and departments == 3 and 18 <= companies <= 25 and requests == 1
    assert len({c.industry for c in _db.session.scalars(select(Company))}) >= 8
    assert all(uscc.is_valid(c.uscc) for c in _db.session.scalars(select(Company)))
    people = list(_db.session.scalars(select(User)))
    assert all(u.email.endswith("@example.com") for u in people)
    assert set(PlatformRole) <= {u.platform_role for u in people}
    assert set(CompanyRole) <= {u.company_role for u in people}
    assert any(u.is_department_lead for u in people)
    for company in _db.session.scalars(select(Company)):
        roles = [u.company_role for u in people if u.company_id == company.id]
        assert CompanyRole.ADMIN in roles and roles.count(CompanyRole.EMPLOYEE) >= 2
    # The whole demo park has recent notifications of every kind (each domain's demo).
    from engage.core import notifications

    made = set(_db.session.scalars(select(notifications.Notification.kind).distinct()))
    assert set(notifications._KINDS) <= made, set(notifications._KINDS) - made


def test_demo_twice_adds_nothing_twice(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo"])
    first = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert _counts() == first


def test_demo_accounts_sign_in_with_the_demo_password(app, client):
    demo.load()
    _db.session.commit()
    for email in ("admin@example.com", "company-admin@example.com", "employee@example.com"):
        client.post("/auth/logout")
        response = client.post("/auth/login", data={"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email


def test_demo_password_is_not_a_common_one():
    from engage.accounts.auth.passwords import password_problem

    assert password_problem(demo.DEMO_PASSWORD) is None


def test_the_documented_demo_accounts_exist(app):
    demo.load()
    _db.session.commit()
    doc = (Path(__file__).resolve().parents[2] / "docs" / "demo-accounts.md").read_text()
    emails = {
        line.split("`")[1]
        for line in doc.splitlines()
        if line.startswith("|") and "@example.com" in line
    }
    assert len(emails) >= 8
    known = set(_db.session.scalars(select(User.email)))
    assert emails <= known
    assert demo.DEMO_PASSWORD in doc


def test_the_accounts_demo_has_a_recent_notification_of_every_accounts_kind_once(db):
    from engage.core import notifications
    from engage.core.notifications import Notification

    demo.load()
    _db.session.commit()
    kinds = {k for k in notifications._KINDS if k.startswith("account.")}
    made = set(
        _db.session.scalars(select(Notification.kind).where(Notification.kind.like("account.%")))
    )
    assert made == kinds
    count = _db.session.scalar(select(func.count(Notification.id)))
    demo.load()
    _db.session.commit()
    assert _db.session.scalar(select(func.count(Notification.id))) == count
