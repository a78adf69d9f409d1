"""Configuration read from ENGAGE_* variables."""

import pytest

from engage.config import base_url


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:5000"),
        ({"ENGAGE_PORT": "8080"}, "http://127.0.0.1:8080"),
        ({"ENGAGE_HOST": "192.168.1.20", "ENGAGE_PORT": "5001"}, "http://192.168.1.20:5001"),
        ({"ENGAGE_HOST": "0.0.0.0"}, "http://127.0.0.1:5000"),  # noqa: S104
        ({"ENGAGE_HOST": "::1", "ENGAGE_PORT": "5000"}, "http://[::1]:5000"),
        (
            {"ENGAGE_BASE_URL": "https://safety.park.example/", "ENGAGE_PORT": "8080"},
            "https://safety.park.example",
        ),
    ],
)
def test_the_public_address_follows_where_the_site_runs(env, expected):
    assert base_url(env) == expected
