"""Security headers on every response, and the error pages."""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# When even the error page cannot be rendered (the database is down), this is
# served instead: both languages, no template, no query.
_BARE_500 = """<!doctype html><html lang="zh-Hans"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>500</title>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>出错了 · Something went wrong</h1>
<p>网站暂时无法响应，您的操作未保存，请稍后再试。</p>
<p>The site cannot answer right now. Nothing was saved. Try again in a moment.</p>
<p><a href="/">首页 · Home</a></p></body></html>"""


def add_security_headers(response):
    """On every response: pages, error pages, static files and media alike."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers.setdefault(
        "Permissions-Policy", "camera=(self), geolocation=(), microphone=()"
    )
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _page(
            400,
            _("The form has expired"),
            _(
                "The form was missing its security token or it has expired. "
                "Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(400)
    def bad_request(_error):
        return _page(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(403)
    def forbidden(_error):
        return _page(403, _("Not allowed"), _("You are not allowed to do this."))

    @app.errorhandler(404)
    def not_found(_error):
        return _page(404, _("Page not found"), _("There is nothing here, or you may not see it."))

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return _page(405, _("Not allowed"), _("This address does not take that kind of request."))

    @app.errorhandler(413)
    def too_large(_error):
        return _page(
            413,
            _("File too large"),
            _(
                "The upload is larger than %(mb)s MB. Choose a smaller file.",
                mb=(app.config["MAX_CONTENT_LENGTH"] or 0) // (1024 * 1024),
            ),
        )

    @app.errorhandler(429)
    def too_many(error):
        # A limit may say in its own words what was refused (its error_message).
        limit = getattr(error, "limit", None)
        own = getattr(limit, "error_message", None)
        return _page(
            429,
            _("Too many attempts"),
            error.description
            if own
            else _("Too many attempts in a short time. Wait a few minutes and try again."),
        )

    @app.errorhandler(500)
    def server_error(_error):
        from engage.extensions import db

        try:
            db.session.rollback()
            return _page(
                500,
                _("Something went wrong"),
                _(
                    "An error on our side stopped this page. Nothing was saved. "
                    "Try again in a moment."
                ),
            )
        except Exception:  # noqa: BLE001 - e.g. the database is down: the layout needs it
            app.logger.exception("the error page itself failed")
            return Response(_BARE_500, 500, mimetype="text/html")

    @app.errorhandler(HTTPException)
    def other_http(error: HTTPException):
        if request.path.startswith("/static/") or error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            return _page(
                error.code,
                _("Something went wrong"),
                _("The site cannot answer this right now. Try again in a moment."),
            )
        return _page(error.code, _("Bad request"), _("The request could not be understood."))
