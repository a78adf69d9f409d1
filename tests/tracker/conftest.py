"""Shared helpers for the tracker's point and whistle tests."""

from __future__ import annotations

import pytest
from flask import g


@pytest.fixture
def queries_for(client, db, count_queries):
    """queries_for(url) -> statements a fresh GET runs (nothing cached from earlier requests).

    The tests' app context outlives each request, so the session's identity map
    and the signed-in user in `g` are cleared first to count what production runs.
    """

    def run(url: str) -> int:
        db.session.expire_all()
        g.pop("_login_user", None)
        g.pop("unread_notifications", None)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        return counter.count

    return run
