"""Figures kept for a short time: aggregates many readers share (dashboards, the knowledge home).

`shared_figures(topic, audience, compute)` answers what `compute()` returned for
the same topic and audience at most ENGAGE_CACHE_SECONDS (60) ago, with the time
it was computed, so the page can say "figures as of HH:MM". Three rules keep
that honest:

- **The audience is the key.** Callers pass the SQL condition that decides what
  the reader may see (`visible_problems(user)` and the page's scope, ...);
  its compiled text and bound values make the key, so two readers share figures
  only when the same rows are visible to both: one company's figures can never be
  served to another, whatever the role names say.
- **A person's own change shows at once.** After any write (a successful POST,
  PUT, PATCH or DELETE) the signed-in person's session remembers when; figures
  computed before that moment are computed again for them (and kept for others).
- **What others change shows within the minute,** and at once where a domain
  announces it (core/signals.py): a problem opened or closed, a whistle
  acknowledged, an article published mark their topic changed when the
  transaction commits, so every figure of that topic computed before is computed
  again. With ENGAGE_REDIS_URL the figures and those marks are shared by every
  worker and host; without it each worker keeps its own (a change announced in one worker
  reaches the others within ENGAGE_CACHE_SECONDS).

While Redis does not answer, figures are computed for every page (correct, only
slower) and the failure is logged; nothing fails for the reader.

Nothing else is cached: pages themselves are rendered per request.

Beside the figures, `first_in_period(name, seconds)` keeps marks ("this person
was counted reading this article today"): an atomic add (Redis SET NX with
ENGAGE_REDIS_URL, the worker's memory without), kept in a store of their own so
that many marks never push the figures out.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, has_app_context, has_request_context, request, session
from flask_caching import Cache
from flask_login import current_user
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from engage.core import signals
from engage.core.i18n import current_language

T = TypeVar("T")

cache = Cache()
marks = Cache()  # first_in_period: apart from the figures
MARKS_THRESHOLD = 20_000  # marks a worker keeps in memory without Redis (oldest dropped first)

PROBLEMS = "problems"
KNOWLEDGE = "knowledge"
INSPECTIONS = "inspections"  # what the park's inspections found (no change announced: a minute)
_WROTE = "_wrote"  # session key: when this person last changed something (epoch seconds)
_PENDING = "engage_cache_bumps"  # session.info key: topics to bump after commit


@dataclass(frozen=True)
class Figures(Generic[T]):
    """Figures and the moment (UTC) they were computed."""

    value: T
    as_of: datetime


def init_app(app: Flask) -> None:
    redis_url = app.config.get("ENGAGE_REDIS_URL") or ""
    settings = {
        "CACHE_DEFAULT_TIMEOUT": app.config.get("ENGAGE_CACHE_SECONDS", 60),
        "CACHE_KEY_PREFIX": "engage:",
    }
    if redis_url:
        settings |= {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": redis_url,
            # A Redis that hangs costs a page at most this, then the figures are computed.
            "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    else:
        settings |= {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 2000}
    cache.init_app(app, config=settings)
    marks.init_app(
        app,
        config=settings | {"CACHE_KEY_PREFIX": "engage:mark:", "CACHE_THRESHOLD": MARKS_THRESHOLD},
    )
    app.after_request(_remember_writes)


def audience_key(*conditions) -> str:
    """A key naming exactly which rows the conditions select: their SQL and bound values."""
    parts = []
    for condition in conditions:
        compiled = condition.compile()
        parts.append(str(compiled))
        parts.append(repr(sorted((k, repr(v)) for k, v in compiled.params.items())))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def shared_figures(topic: str, audience: str, compute: Callable[[], T]) -> Figures[T]:
    """compute()'s value for (topic, audience), at most ENGAGE_CACHE_SECONDS old, never
    older than the reader's own last change or the topic's last announced one.

    When the figures must be computed again, one thread of the worker computes them and
    the worker's other readers of the same figures wait for them rather than compute
    them too (on a large park they are the costly part of the page)."""
    seconds = current_app.config.get("ENGAGE_CACHE_SECONDS", 60)
    if not seconds:
        return Figures(compute(), datetime.now(UTC))
    # Figures carry names in the reader's language (local_name_column): one set per language.
    key = f"figures:{topic}:{current_language()}:{audience}"
    try:
        kept = _fresh(key, topic)
        if kept is None:
            with _computing(key):
                kept = _fresh(key, topic)  # computed by another reader meanwhile?
                if kept is None:
                    kept = _compute_and_keep(key, topic, compute, seconds)
    except (RedisError, OSError):
        current_app.logger.warning("shared figures: the cache is down, computing %s", topic)
        return Figures(compute(), datetime.now(UTC))
    return Figures(kept[1], datetime.fromtimestamp(kept[0], UTC))


def _fresh(key: str, topic: str) -> tuple[float, Any] | None:
    """The kept (computed at, value) when it is still good for this reader, else None."""
    kept = cache.get(key)
    if kept is not None and kept[0] >= max(_changed_at(topic), _own_last_write()):
        return kept
    return None


def _compute_and_keep(key: str, topic: str, compute: Callable[[], T], seconds: int):
    started = time.time()  # before reading: a change committed later makes it stale
    value = compute()
    try:
        cache.set(key, (started, value), timeout=seconds)
    except (RedisError, OSError):
        current_app.logger.warning("shared figures: the cache is down, %s not kept", topic)
    return started, value


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _computing(key: str) -> threading.Lock:
    """The worker's lock for computing the figures under `key` (one per key; a key names
    a topic, a language and an audience, so there are as many as audiences read)."""
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.Lock()
        return lock


def first_in_period(name: str, seconds: int) -> bool:
    """True the first time `name` is asked within `seconds`, False after that: one
    atomic add, shared by every worker with ENGAGE_REDIS_URL, per worker without it.
    True when the store cannot answer (what it guards is counted rather than lost)."""
    try:
        return bool(marks.add(name, 1, timeout=seconds))
    except Exception:  # noqa: BLE001 - a store that is down must not fail the page
        current_app.logger.exception("could not keep the mark %s", name)
        return True


def changed(topic: str) -> None:
    """Figures of `topic` are out of date once the current transaction commits."""
    from engage.extensions import db

    db.session().info.setdefault(_PENDING, set()).add(topic)


def _changed_at(topic: str) -> float:
    return float(cache.get(f"changed:{topic}") or 0)


def _own_last_write() -> float:
    if not has_request_context() or not getattr(current_user, "is_authenticated", False):
        return 0.0
    return float(session.get(_WROTE, 0))


def _remember_writes(response):
    # Signed in by this session (Flask-Login's key): asking current_user after a commit
    # would load the person again, with their company, only to answer this.
    if (
        request.method in {"POST", "PUT", "PATCH", "DELETE"}
        and response.status_code < 400
        and session.get("_user_id") is not None
    ):
        session[_WROTE] = time.time()
    return response


@event.listens_for(Session, "after_commit")
def _mark_changed_after_commit(db_session: Session) -> None:
    topics = db_session.info.pop(_PENDING, None)
    if not topics or not has_app_context():
        return
    now = time.time()
    for topic in topics:
        try:
            cache.set(f"changed:{topic}", now, timeout=0)  # 0: kept until replaced
        except Exception:  # noqa: BLE001 - a cache that is down must not fail a committed write
            current_app.logger.exception("could not mark the %s figures out of date", topic)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(db_session: Session) -> None:
    db_session.info.pop(_PENDING, None)


def _on_problems(_sender, **_kw) -> None:
    changed(PROBLEMS)


def _on_knowledge(_sender, **_kw) -> None:
    changed(KNOWLEDGE)


signals.problem_opened.connect(_on_problems, weak=False)
signals.problem_closed.connect(_on_problems, weak=False)
signals.whistle_acknowledged.connect(_on_problems, weak=False)
signals.article_published.connect(_on_knowledge, weak=False)
