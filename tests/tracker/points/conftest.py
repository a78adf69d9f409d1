"""Fixtures for points: a company with a manager and a small tree."""

from __future__ import annotations

import pytest

from engage.tracker.points import services


@pytest.fixture
def company(make_company):
    return make_company(name="星湖精密制造有限公司")


@pytest.fixture
def manager(make_user, company):
    return make_user("safety_manager", company=company, name="王安全")


@pytest.fixture
def make_point(db, manager, company):
    def make(name="一号厂区", parent=None, **kw):
        point = services.create_point(
            kw.pop("company", company),
            actor=kw.pop("actor", manager),
            name=name,
            parent=parent,
            **kw,
        )
        db.session.commit()
        return point

    return make


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages in English (the source strings the assertions read), as a browser asking for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
