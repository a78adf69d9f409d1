"""How many whistles and problem reports one account and one address may send: signed-in
reports are limited like the anonymous whistle form (ENGAGE_REPORT_LIMIT per account,
ENGAGE_REPORT_ADDRESS_LIMIT per address). Only what was created counts."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from engage.extensions import limiter


def account_key() -> str:
    if current_user.is_authenticated:
        return f"report-account:{current_user.id}"
    return f"report-address:{request.remote_addr}"


def _account_limit() -> str:
    return current_app.config["ENGAGE_REPORT_LIMIT"]


def _address_limit() -> str:
    return current_app.config["ENGAGE_REPORT_ADDRESS_LIMIT"]


def _message() -> str:
    return _(
        "You have sent many reports in a short time, so this one was not taken. Wait a "
        "while and send it again; if the danger is immediate, call the park's emergency line."
    )


def _created(response) -> bool:
    """A report that was taken answers with a redirect to it; a refused form does not count."""
    return response.status_code in (302, 303)


def limited(view):
    """Limit a view's POSTs per account and per address (both configurable)."""
    view = limiter.limit(
        _address_limit, methods=["POST"], deduct_when=_created, error_message=_message
    )(view)
    return limiter.limit(
        _account_limit,
        methods=["POST"],
        key_func=account_key,
        deduct_when=_created,
        error_message=_message,
    )(view)
