"""Small SQL helpers every domain's queries share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's own characters escaped (use with escape="\\")."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains_any(text: str, *columns) -> ColumnElement[bool]:
    """Case-insensitive "any of these columns contains `text`"."""
    pattern = like_pattern(text)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))
