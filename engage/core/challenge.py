"""A challenge against spam for public forms (no account), without JavaScript or outside services.

A small sum whose operands travel signed (itsdangerous) in a hidden field, a
honeypot field people never see, and a minimum time between showing the form
and sending it. A question answered once is spent: its token is recorded
(until it would have expired anyway) in its own short transaction, so the same
solved form cannot be sent again for more whistles. None of it stops a
determined person; together with the rate limit per address it stops the
casual robot.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import String, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.database import release_write_lock
from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.extensions import db

SALT = "engage.whistle.challenge"  # kept: forms already shown stay valid
MAX_AGE = 2 * 3600  # a form left open for two hours asks a new question
MIN_SECONDS = 3  # a person does not describe a hazard faster than this


class UsedChallenge(db.Model):
    """A question already answered: its token's hash, kept until the token expires."""

    __tablename__ = "used_challenges"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ChallengeFailed(Exception):
    """The answer is wrong, the form too old, or it was filled in by a robot."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # wrong, expired, too_fast, honeypot, used


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
    if not _spend(token, issued):
        raise ChallengeFailed("used")


def _spend(token: str, issued: float) -> bool:
    """Record `token` as answered; False when it already was. Its own transaction, so
    a refusal later in the form still spends it (the form asks a new question), and
    the request's own transaction takes no write lock for it."""
    release_write_lock(db.session)
    now = utcnow()
    digest = hashlib.sha256(token.encode()).hexdigest()
    expires = datetime.fromtimestamp(issued, now.tzinfo) + timedelta(seconds=MAX_AGE)
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    with db.engine.begin() as connection:
        connection.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < now))
        added = connection.execute(
            insert(UsedChallenge)
            .values(token_hash=digest, expires_at=expires)
            .on_conflict_do_nothing(index_elements=["token_hash"])
            .returning(UsedChallenge.token_hash)
        ).first()
    return added is not None
