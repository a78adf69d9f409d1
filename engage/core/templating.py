"""Jinja filters and the values every template can use."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from flask import Flask, request
from flask_babel import format_date, format_datetime, get_locale, to_user_timezone
from flask_login import current_user

from engage.core import i18n, markdown, notifications, registry, uploads
from engage.core.pagination import page_url
from engage.core.timeutil import is_overdue


def mask_phone(value: str | None) -> str:
    """138****5678: a public roster shows only the ends of a phone number."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def _datetime(value: datetime | None, fmt: str = "medium") -> str:
    if not value:
        return ""
    try:
        return format_datetime(value, fmt)
    except OverflowError:  # no local time at the edge of the calendar: shown in UTC
        return format_datetime(value, fmt, rebase=False)


def _date(value, fmt: str = "medium") -> str:
    """The day of `value` (a moment in the reader's zone, or a date) in the reader's
    language. Babel takes a few hundred Python calls to write a day, and lists show one
    on every row: each day is written once per format and language."""
    if not value:
        return ""
    day = value
    if isinstance(value, datetime):
        try:
            day = to_user_timezone(value).date()
        except OverflowError:  # no local time at the edge of the calendar: the UTC day
            day = value.date()
    return _day(day, fmt, str(get_locale()))


@lru_cache(maxsize=4096)
def _day(day: date, fmt: str, locale: str) -> str:
    return format_date(day, fmt)  # in `locale`, the reader's: the cache is keyed by it


def unread_notifications() -> int:
    """Counted once per request, for the navbar bell."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    # Kept on the request, not on g: g outlives a request when an app context
    # is already pushed (the CLI, tests).
    cached = getattr(request, "_engage_unread", None)
    if cached is None:
        cached = request._engage_unread = notifications.unread_count(  # type: ignore[attr-defined]
            current_user.id
        )
    return cached


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = markdown.render
    app.jinja_env.filters["mask_phone"] = mask_phone
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["date"] = _date
    app.jinja_env.filters["local_name"] = i18n.local_name
    app.jinja_env.tests["overdue"] = is_overdue
    app.jinja_env.globals["page_url"] = page_url  # a global: imported macros see it too
    app.jinja_env.globals["media_url"] = uploads.media_url
    app.jinja_env.globals["nav_entries"] = registry.entries
    app.jinja_env.globals["nav_navbar"] = registry.navbar
    app.jinja_env.globals["nav_drawn"] = registry.drawn_navbar

    @app.context_processor
    def _globals():
        return {
            "current_language": i18n.current_language(),
            "language_names": i18n.LANGUAGE_NAMES,
            "unread_notifications": unread_notifications,
        }
