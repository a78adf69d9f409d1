"""Pagination of list queries: one count and one page query, whatever the size."""

from __future__ import annotations

from flask import request, url_for

from engage.extensions import db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def page_arg(name: str = "page") -> int:
    """The page number from the query string; anything odd is page 1."""
    try:
        value = int(request.args.get(name, "1"))
    except (TypeError, ValueError):
        return 1
    return min(max(value, 1), 100_000)


def paginate(stmt, *, per_page: int = DEFAULT_PER_PAGE, page: int | None = None):
    """Flask-SQLAlchemy's Pagination of `stmt`, never 404 on a page past the end."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    return db.paginate(
        stmt, page=page or page_arg(), per_page=per_page, error_out=False, max_per_page=MAX_PER_PAGE
    )


def page_url(endpoint: str, page: int) -> str:
    """The URL of `page` of the current list, keeping its filters.

    Query-string keys that url_for would read as its own options (`_external`,
    `_scheme`, `_anchor`, `endpoint`...) are dropped, so a crafted link cannot
    turn a page link into another site's or a `javascript:` address.
    """
    args = {
        k: v
        for k, v in request.args.lists()
        if k
        and not k.startswith("_")
        and k not in {"endpoint", "values", "page"}
        and k not in (request.view_args or {})
    }
    return url_for(
        endpoint,
        **(request.view_args or {}),
        **args,  # type: ignore[arg-type]
        page=page,
    )
