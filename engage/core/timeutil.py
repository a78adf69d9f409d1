"""Time: stored in UTC, shown in the reader's zone; deadlines computed here alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_login import current_user


def utcnow() -> datetime:
    return datetime.now(UTC)


def is_valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def common_timezones() -> list[str]:
    preferred = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore",
                 "Asia/Tokyo", "Asia/Seoul", "Europe/Berlin", "Europe/London",
                 "America/New_York", "UTC"]
    known = available_timezones()
    return [tz for tz in preferred if tz in known or tz == "UTC"]


def reader_zone() -> ZoneInfo:
    name = None
    if current_user and getattr(current_user, "is_authenticated", False):
        name = current_user.timezone
    name = name or current_app.config["ENGAGE_TIMEZONE"]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(reader_zone())


def deadline(start: datetime, *, hours: float = 0, days: float = 0) -> datetime:
    """A due moment `hours`/`days` after `start`, in UTC."""
    return start.astimezone(UTC) + timedelta(hours=hours, days=days)


def is_overdue(due: datetime | None, now: datetime | None = None) -> bool:
    return due is not None and due < (now or utcnow())
