"""Time: stored in UTC, shown in the reader's zone; deadlines computed here alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_request_context
from flask_login import current_user


def utcnow() -> datetime:
    return datetime.now(UTC)


def is_valid_timezone(name: str) -> bool:
    if not name or not isinstance(name, str) or "\x00" in name or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def common_timezones() -> list[str]:
    preferred = [
        "Asia/Shanghai",
        "Asia/Hong_Kong",
        "Asia/Taipei",
        "Asia/Singapore",
        "Asia/Tokyo",
        "Asia/Seoul",
        "Europe/Berlin",
        "Europe/London",
        "America/New_York",
        "UTC",
    ]
    known = available_timezones()
    return [tz for tz in preferred if tz in known or tz == "UTC"]


def reader_zone() -> ZoneInfo:
    """The signed-in reader's timezone, else the park's (ENGAGE_TIMEZONE), else UTC."""
    candidates = [current_app.config["ENGAGE_TIMEZONE"]]
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        candidates.insert(0, current_user.timezone)
    for name in candidates:
        if is_valid_timezone(name):
            return ZoneInfo(name)
    return ZoneInfo("UTC")


def park_zone() -> ZoneInfo:
    """The park's own timezone (ENGAGE_TIMEZONE): where its days, months and years are
    counted (problem numbers, dashboards, reminders), whoever reads them."""
    name = current_app.config["ENGAGE_TIMEZONE"]
    return ZoneInfo(name) if is_valid_timezone(name) else ZoneInfo("UTC")


def park_today(now: datetime | None = None):
    """The park's calendar day at `now` (default: this moment)."""
    return (now or utcnow()).astimezone(park_zone()).date()


def to_local(value: datetime) -> datetime:
    """`value` in the reader's zone; a moment at the very edge of the calendar (year 1 or
    9999) that has no local time there stays in UTC rather than fail the page."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(reader_zone())
    except OverflowError:
        return value


def deadline(start: datetime, *, hours: float = 0, days: float = 0) -> datetime:
    """A due moment `hours`/`days` after `start`, in UTC."""
    return start.astimezone(UTC) + timedelta(hours=hours, days=days)


def is_overdue(due: datetime | None, now: datetime | None = None) -> bool:
    return due is not None and due < (now or utcnow())
