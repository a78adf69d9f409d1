"""Who may see the six-links record and dashboards."""

from __future__ import annotations

from engage.alliance.alliances.permissions import can_lead, can_see_inside, is_member
from engage.core.permissions import belongs_to, is_park_staff


def can_view_dashboard(user, alliance) -> bool:
    """An alliance's activities and dashboard: its members and park staff."""
    return can_see_inside(user, alliance)


def can_view_company_dashboard(user, company_id: int) -> bool:
    """A company's own six links: its people and park staff."""
    return is_park_staff(user) or belongs_to(user, company_id)


def can_record_activity(user, alliance) -> bool:
    """Members' safety managers and the lead (supervisors and the office too)."""
    return can_lead(user, alliance) or (is_member(user, alliance) and user.is_safety_manager)
