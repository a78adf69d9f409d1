"""Safe redirects: ?next= only ever leads to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """`target` when it is a local path, else None."""
    if not target or not isinstance(target, str):
        return None
    if len(target) > 2000 or any(ch in target for ch in "\\\r\n\t\x00"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def local_path(address: str | None, own_origins: tuple[str, ...] = ()) -> str:
    """The local path of `address`: a path is kept when safe; an absolute address on
    this site (one of `own_origins`, e.g. ENGAGE_BASE_URL) loses its origin; anything
    else (another site, a script, garbage) gives "". Notifications store what this
    returns, so opening one always lands on a page of this site."""
    if not address or not isinstance(address, str):
        return ""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if parts.scheme not in ("http", "https") or origin not in {
            o.rstrip("/").lower() for o in own_origins if o
        }:
            return ""
        address = parts.path or "/"
        if parts.query:
            address += "?" + parts.query
        if parts.fragment:
            address += "#" + parts.fragment
    return safe_next(address) or ""


def path_for(endpoint: str, **values) -> str:
    """url_for as a local path, also outside a request (the command line, cron)."""
    from flask import current_app, has_request_context, url_for

    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context("/"):
        return url_for(endpoint, **values)
