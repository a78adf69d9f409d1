"""Who may do what to an alliance: can_<verb>_<noun>(user, obj) -> bool."""

from __future__ import annotations

from engage.core.permissions import (
    is_admin,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    signed_in,
)


def can_create_alliance(user) -> bool:
    """The safety committee office (admins) and supervisors."""
    return is_supervisor_or_admin(user)


def can_edit_alliance(user, alliance) -> bool:
    return is_supervisor_or_admin(user)


def can_view_alliance(user, alliance) -> bool:
    """An alliance, its charter and members are known to everyone signed in to the park."""
    return signed_in(user) and (alliance.is_active or is_park_staff(user))


def is_member(user, alliance) -> bool:
    """The user's company belongs to the alliance now."""
    from engage.alliance.alliances.services import member_company_ids

    return (
        signed_in(user)
        and user.company_id is not None
        and user.company_id in member_company_ids(alliance)
    )


def can_see_inside(user, alliance) -> bool:
    """What the alliance shares with its members only: member people and park staff."""
    return is_park_staff(user) or is_member(user, alliance)


def can_lead(user, alliance) -> bool:
    """Decide join requests, moderate, record for the whole alliance: the lead company's
    safety managers and admins, supervisors and the office."""
    return is_supervisor_or_admin(user) or manages_company(user, alliance.lead_company_id)


def can_request_join(user, alliance) -> bool:
    """A safety manager (or company admin) whose company is not a member yet."""
    return (
        alliance.is_active
        and manages_company(user, getattr(user, "company_id", None))
        and not is_member(user, alliance)
    )


def can_leave_alliance(user, alliance) -> bool:
    """A member company's safety manager; the lead company cannot leave its own alliance."""
    return (
        manages_company(user, getattr(user, "company_id", None))
        and is_member(user, alliance)
        and user.company_id != alliance.lead_company_id
    )


def can_act_for_company(user) -> bool:
    """Speak for one's company in the alliance (apply, review, adopt, offer aid)."""
    return manages_company(user, getattr(user, "company_id", None))


def is_office(user) -> bool:
    return is_admin(user)
