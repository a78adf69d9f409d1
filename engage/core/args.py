"""Query-string arguments read safely: anything odd is "no filter", never an error."""

from __future__ import annotations

from datetime import date

from flask import request

from engage.core.forms import clean_text

_MAX_INT = 2**31 - 1


def int_arg(name: str, default: int | None = None) -> int | None:
    """A non-negative whole number that fits an INTEGER column, else `default`."""
    value = request.args.get(name, "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= _MAX_INT:
        return int(value)
    return default


def ids_arg(name: str) -> list[int]:
    """Every positive id given as `name` (repeated), in order, without duplicates."""
    seen: list[int] = []
    for raw in request.args.getlist(name):
        raw = raw.strip()
        if (
            raw.isascii()
            and raw.isdigit()
            and 0 < len(raw) <= 10
            and int(raw) <= _MAX_INT
            and int(raw) > 0
            and int(raw) not in seen
        ):
            seen.append(int(raw))
    return seen


def text_arg(name: str, limit: int = 100) -> str:
    """A value without control characters, cut to `limit` characters."""
    return (clean_text(request.args.get(name, "")) or "")[:limit]


def date_arg(name: str) -> date | None:
    """A YYYY-MM-DD day; anything else (or an absurd year) is no filter."""
    value = request.args.get(name, "").strip()
    if len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if 1970 <= day.year <= 9000 else None


def choice_arg(name: str, choices, default: str = "") -> str:
    """The value when it is one of `choices`, else `default`."""
    value = request.args.get(name, "")
    return value if value in choices else default
