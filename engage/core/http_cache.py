"""What browsers and proxies may keep: static files for a year, public pages by ETag.

- Every address of a static file (the app's and Bootstrap's) carries `v=`, a hash
  of the file's content, so a changed file has a new address; a request with the
  right `v` is answered `Cache-Control: public, max-age=31536000, immutable`, one
  without it (or with an old one) `no-cache`, to be checked again each time.
- A page answered to a visitor without an account carries an ETag of its body and
  `Cache-Control: no-cache`: a browser that has it asks again and gets `304 Not
  Modified` without the body when nothing changed. The ETag is weak and leaves out
  the values of CSRF tokens, which are signed anew each second but stay valid for
  the session (the language switch in the navbar carries one on every page).
  Signed-in pages are left alone (they are private; their headers stay as Flask
  sets them).
"""

from __future__ import annotations

import hashlib
import os
import re

from flask import Flask, current_app, request
from flask_login import current_user

YEAR = 365 * 24 * 3600
_CSRF_VALUE = re.compile(rb'(name="csrf_token" value=")[^"]*(")')
_fingerprints: dict[tuple[str, float], str] = {}


def init_app(app: Flask) -> None:
    app.url_defaults(_add_fingerprint)
    app.after_request(_cache_headers)


def _static_folder(endpoint: str) -> str | None:
    if endpoint == "static":
        return current_app.static_folder
    if endpoint.endswith(".static"):
        blueprint = current_app.blueprints.get(endpoint.rsplit(".", 1)[0])
        return blueprint.static_folder if blueprint is not None else None
    return None


def fingerprint(folder: str, filename: str) -> str | None:
    """A short hash of the file's content (None when there is no such file)."""
    path = os.path.join(folder, filename)
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return None
    key = (path, mtime)
    found = _fingerprints.get(key)
    if found is None:
        with open(path, "rb") as fh:
            found = hashlib.sha256(fh.read()).hexdigest()[:12]
        _fingerprints[key] = found
    return found


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if "filename" not in values or "v" in values:
        return
    folder = _static_folder(endpoint)
    if folder is None:
        return
    found = fingerprint(folder, values["filename"])
    if found is not None:
        values["v"] = found


def _cache_headers(response):
    if request.method not in {"GET", "HEAD"}:
        return response
    endpoint = request.endpoint or ""
    folder = _static_folder(endpoint)
    if folder is not None:
        filename = (request.view_args or {}).get("filename", "")
        given = request.args.get("v")
        if response.status_code in (200, 304) and given and given == fingerprint(folder, filename):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        else:
            response.cache_control.no_cache = True
            response.cache_control.max_age = None
        return response
    if (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.direct_passthrough
        and not response.is_streamed
        and "Cache-Control" not in response.headers
        and not getattr(current_user, "is_authenticated", False)
    ):
        response.cache_control.no_cache = True
        body = _CSRF_VALUE.sub(rb"\1\2", response.get_data())
        response.set_etag(hashlib.sha256(body).hexdigest()[:32], weak=True)
        response.make_conditional(request)
    return response
