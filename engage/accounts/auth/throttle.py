"""Slowing down password guessing without locking out the owner.

Only failed sign-ins count. Per account and address: after a few failures each
further one makes that address wait for that account, twice as long each time (a
correct password from elsewhere still works). Per address: ENGAGE_LOGIN_LIMIT failed
sign-ins, whatever the account (the view's Flask-Limiter limit). Per account: after
repeated failures from anywhere its owner is mailed, once per window.

Counters live in the rate limiter's storage (memory, or Redis when ENGAGE_REDIS_URL
is set) and are off when rate limits are (RATELIMIT_ENABLED). While Redis does not
answer they are kept in this worker's memory, so sign-in still works and is still slowed.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from limits.storage import MemoryStorage, Storage
from redis.exceptions import RedisError

from engage.extensions import limiter

T = TypeVar("T")
_fallback = MemoryStorage()  # this worker's counters while the shared storage is down

WINDOW_SECONDS = 3600  # failures are remembered this long
MAX_DELAY_SECONDS = 3600


def _on() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def _counted(operation: Callable[[Storage], T]) -> T:
    """operation() on the limiter's storage, or on this worker's memory when it is down."""
    try:
        return operation(limiter.storage)
    except (RedisError, OSError):
        current_app.logger.warning("sign-in counters: storage down, counting in memory")
        return operation(_fallback)


def _account(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _keys(email: str, address: str) -> tuple[str, str, str, str]:
    account = _account(email)
    return (
        f"signin-fail:{account}:{address}",
        f"signin-wait:{account}:{address}",
        f"signin-fail:{account}",
        f"signin-alerted:{account}",
    )


def wait_seconds(email: str, address: str) -> int:
    """How long this address must still wait before trying this account again (0: now)."""
    if not _on():
        return 0
    _fails, wait, _all, _alerted = _keys(email, address)

    def remaining(storage: Storage) -> int:
        if not storage.get(wait):
            return 0
        return max(1, math.ceil(storage.get_expiry(wait) - time.time()))

    return _counted(remaining)


def record_failure(email: str, address: str) -> bool:
    """Count a failed sign-in; start this address's wait for this account when it has
    failed too often. True when the account's owner should now be mailed (once per window)."""
    if not _on():
        return False
    config = current_app.config
    free = config["ENGAGE_LOGIN_FREE_FAILURES"]
    base = config["ENGAGE_LOGIN_DELAY_SECONDS"]
    alert_after = config["ENGAGE_LOGIN_ALERT_FAILURES"]
    fails, wait, all_fails, alerted = _keys(email, address)

    def count(storage: Storage) -> bool:
        failures = storage.incr(fails, WINDOW_SECONDS)
        if failures > free:
            delay = min(MAX_DELAY_SECONDS, base * 2 ** (failures - free - 1))
            storage.incr(wait, delay)
        if storage.incr(all_fails, WINDOW_SECONDS) < alert_after:
            return False
        return storage.incr(alerted, WINDOW_SECONDS) == 1

    return _counted(count)


def record_success(email: str, address: str) -> None:
    """The right password from this address: its failures for this account are forgotten."""
    if not _on():
        return
    fails, wait, _all, _alerted = _keys(email, address)

    def forget(storage: Storage) -> None:
        storage.clear(fails)
        storage.clear(wait)

    _counted(forget)
