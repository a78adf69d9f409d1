"""Password rules: long enough, not on the list of common passwords, no guessable pattern."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from engage.core.passwords import pattern_problem

MIN_LENGTH = 8
MAX_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(
        line.strip().lower()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def password_problem(password: str | None):
    """A (lazy) message saying what is wrong with the password, or None."""
    if not password or len(password) < MIN_LENGTH:
        return _l("Use at least %(n)s characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)s characters.", n=MAX_LENGTH)
    if password.lower() in common_passwords():
        return _l("This password is too common; choose one that is harder to guess.")
    return pattern_problem(password)
