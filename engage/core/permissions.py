"""One place that answers "may this user do this to this object".

Domains register their rules with `rule(action, Model)`; views and services ask
`can(user, action, obj)`. Objects a user may not even see answer 404 in views
(`require_visible`), so a company never learns what another company has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_babel import lazy_gettext as _l

from engage.core.errors import NotAllowed

Rule = Callable[[Any, Any], bool]
_R = TypeVar("_R", bound=Callable[..., bool])
_RULES: dict[tuple[str, type], Rule] = {}


class PermissionDenied(NotAllowed):
    """The actor may not do this (`action` says what, for logs; the message is the user's)."""

    def __init__(self, action: str = "", message=None) -> None:
        super().__init__(message or _l("You are not allowed to do this."))
        self.action = action


def rule(action: str, model: type) -> Callable[[_R], _R]:
    """Register `fn(user, obj) -> bool` as the rule for `action` on `model`."""

    def register(fn: _R) -> _R:
        _RULES[(action, model)] = fn
        return fn

    return register


def can(user, action: str, obj) -> bool:
    """True when `user` may do `action` to `obj`. Unknown actions are refused."""
    for klass in type(obj).__mro__:
        fn = _RULES.get((action, klass))
        if fn is not None:
            return bool(fn(user, obj))
    return False


def authorize(user, action: str, obj) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(action)


def require_visible(user, obj):
    """For views: the object, or 404 when the user may not see it (or it is None)."""
    if obj is None or not can(user, "view", obj):
        abort(404)
    return obj


# Role predicates every domain's rules are built from.


def signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    return signed_in(user) and user.is_admin


def is_park_staff(user) -> bool:
    """Admins, supervisors and grid officers see across companies."""
    return signed_in(user) and user.is_park_staff


def is_supervisor_or_admin(user) -> bool:
    return signed_in(user) and (user.is_admin or user.is_supervisor)


def belongs_to(user, company_id: int | None) -> bool:
    return signed_in(user) and company_id is not None and user.company_id == company_id


def manages_company(user, company_id: int | None) -> bool:
    """A company admin or safety manager of that company."""
    return belongs_to(user, company_id) and user.is_safety_manager


def administers_company(user, company_id: int | None) -> bool:
    return belongs_to(user, company_id) and user.is_company_admin


def can_see_company_private(user, company_id: int | None) -> bool:
    """Company-private data: the company's own people and park staff."""
    return is_park_staff(user) or belongs_to(user, company_id)
