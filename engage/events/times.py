"""Moments written into mail and notifications, in the zone of the person who reads them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from engage.core.timeutil import is_valid_timezone, park_zone


def recipient_zone(user) -> ZoneInfo:
    """The recipient's own timezone when they chose one, else the park's: never the
    zone of whoever's request happens to send the message."""
    name = getattr(user, "timezone", None)
    return ZoneInfo(name) if name and is_valid_timezone(name) else park_zone()


def for_recipient(value: datetime, user=None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(recipient_zone(user)).strftime(fmt)
