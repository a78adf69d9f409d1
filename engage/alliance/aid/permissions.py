"""Who may see and change resources and aid requests."""

from __future__ import annotations

from engage.alliance.alliances.permissions import is_member
from engage.core.permissions import (
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    signed_in,
)


def can_manage_resources(user, company_id: int | None) -> bool:
    """A company's safety managers keep its resource list."""
    return manages_company(user, company_id)


def can_view_park_resources(user) -> bool:
    """The park-wide list by functional area: supervisors, grid officers and the office."""
    return is_park_staff(user)


def can_raise_request(user, alliance) -> bool:
    """A member company's safety manager, or a supervisor."""
    return is_supervisor_or_admin(user) or (
        is_member(user, alliance) and manages_company(user, user.company_id)
    )


def can_view_request(user, request, alliance) -> bool:
    return signed_in(user) and (is_park_staff(user) or is_member(user, alliance))


def can_offer_help(user, request, alliance) -> bool:
    """Another member company's safety manager, while the request is open."""
    return (
        request.is_open
        and is_member(user, alliance)
        and manages_company(user, user.company_id)
        and user.company_id != request.company_id
    )


def can_run_request(user, request) -> bool:
    """Accept offers and close: whoever raised it, its company's safety managers, supervisors."""
    return signed_in(user) and (
        user.id == request.raised_by_id
        or manages_company(user, request.company_id)
        or is_supervisor_or_admin(user)
    )
