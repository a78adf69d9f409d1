"""Who gets what from core's pages (home, language, media, notifications, audit log,
health check) and the search page; every core endpoint has a row."""

from __future__ import annotations

import pytest

from tests.core.grid import Row, cases, check, uncovered

ROLES = ("anonymous", "a_employee", "b_manager", "supervisor", "admin")
ALL_200 = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": 302, "a_employee": 200, "b_manager": 200, "supervisor": 200, "admin": 200}

GRID = [
    Row("core.home", lambda w: "/", ALL_200),
    Row(
        "core.set_language",
        lambda w: "/language",
        dict.fromkeys(ROLES, 302),
        method="POST",
        data={"lang": "en"},
    ),
    Row("core.media", lambda w: "/media/no-such-key.png", dict.fromkeys(ROLES, 404)),
    Row("core.notifications_index", lambda w: "/notifications", SIGNED_IN),
    Row(
        "core.notification_open",
        lambda w: "/notifications/999/open",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302},
        method="POST",
    ),
    Row(
        "core.notifications_read_all",
        lambda w: "/notifications/read-all",
        dict.fromkeys(ROLES, 302),
        method="POST",
    ),
    Row(
        "core.audit_index",
        lambda w: "/admin/audit",
        {"anonymous": 302, "a_employee": 404, "b_manager": 404, "supervisor": 200, "admin": 200},
    ),
    Row(
        "core.audit_export",
        lambda w: "/admin/audit/export.csv",
        {"anonymous": 302, "a_employee": 404, "b_manager": 404, "supervisor": 200, "admin": 200},
    ),
    Row("core.healthz", lambda w: "/healthz", ALL_200),
    Row("core.favicon", lambda w: "/favicon.ico", dict.fromkeys(ROLES, 301)),
    Row("core.search.index", lambda w: "/search/", ALL_200),
    Row("core.search.index", lambda w: "/search/?q=灭火器", ALL_200),
]


def test_every_core_and_search_endpoint_has_a_row(app):
    assert uncovered(app, ("core.", "search."), GRID) == []


@pytest.mark.parametrize(("row", "role"), cases(GRID))
def test_access(client, login_as, cast, row, role):
    check(client, login_as, cast, {}, row, role)
