"""A challenge against spam for public forms (no account), without JavaScript or outside services.

A small sum whose operands travel signed (itsdangerous) in a hidden field, a
honeypot field people never see, and a minimum time between showing the form
and sending it. None of it stops a determined person; together with the rate
limit per address it stops the casual robot.
"""

from __future__ import annotations

import secrets
import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "engage.whistle.challenge"  # kept: forms already shown stay valid
MAX_AGE = 2 * 3600  # a form left open for two hours asks a new question
MIN_SECONDS = 3  # a person does not describe a hazard faster than this


class ChallengeFailed(Exception):
    """The answer is wrong, the form too old, or it was filled in by a robot."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # wrong, expired, too_fast, honeypot


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def new_challenge() -> tuple[str, int, int]:
    """A signed token and the two numbers to add (shown to the person)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = _serializer().dumps({"a": a, "b": b, "t": time.time()})
    return token, a, b


def check(token: str, answer: str | None, honeypot: str | None) -> None:
    """Raise ChallengeFailed unless a person answered the sum in time."""
    if honeypot:
        raise ChallengeFailed("honeypot")
    try:
        data = _serializer().loads(token or "", max_age=MAX_AGE)
        a, b, issued = int(data["a"]), int(data["b"]), float(data["t"])
    except SignatureExpired as exc:
        raise ChallengeFailed("expired") from exc
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ChallengeFailed("wrong") from exc
    min_seconds = current_app.config.get("ENGAGE_WHISTLE_MIN_SECONDS", MIN_SECONDS)
    if time.time() - issued < min_seconds:
        raise ChallengeFailed("too_fast")
    try:
        given = int((answer or "").strip())
    except ValueError as exc:
        raise ChallengeFailed("wrong") from exc
    if given != a + b:
        raise ChallengeFailed("wrong")
