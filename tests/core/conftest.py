"""Core tests: each request starts as it does in production, with nothing left in `g`."""

import pytest
from flask import g, request_started


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """The `app` fixture keeps one app context for the whole test, so `g` (where
    Flask-Login keeps the signed-in user) would outlive each request; a server
    gives every request a new one."""

    def clear(sender, **extra):
        for name in list(g):
            g.pop(name)

    request_started.connect(clear, app)
    yield
    request_started.disconnect(clear, app)
