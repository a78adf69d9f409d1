"""Who may see and do what in peer inspections: can_<verb>_<noun>(user, obj) -> bool,
with `visible_inspections(user)` the SQL twin of can_view_inspection."""

from __future__ import annotations

from sqlalchemy import false, or_, select, true

from engage.core.permissions import (
    is_supervisor_or_admin,
    manages_company,
    signed_in,
)


def can_edit_items(user) -> bool:
    """Admins and supervisors keep the item library and the checklists."""
    return is_supervisor_or_admin(user)


def can_view_items(user) -> bool:
    """The library is shared with the whole park."""
    return signed_in(user)


def can_assign_checklist(user, point) -> bool:
    """The point's company's safety managers, supervisors and admins."""
    return is_supervisor_or_admin(user) or manages_company(user, point.company_id)


def _alliance(inspection):
    from engage.alliance.alliances.models import Alliance
    from engage.extensions import db

    return db.session.get(Alliance, inspection.alliance_id)


def _lead_company_id(inspection) -> int | None:
    alliance = _alliance(inspection)
    return alliance.lead_company_id if alliance is not None else None


def on_team(user, inspection) -> bool:
    return signed_in(user) and any(m.user_id == user.id for m in inspection.team)


def is_host(user, inspection) -> bool:
    """The host company's safety managers and admins."""
    return manages_company(user, inspection.host_company_id)


def leads_alliance(user, inspection) -> bool:
    return manages_company(user, _lead_company_id(inspection))


def can_view_inspection(user, inspection) -> bool:
    """The host (its managers), the inspecting team, the inspecting company's managers,
    the alliance lead's managers, supervisors and admins. Everyone else: 404."""
    if not signed_in(user):
        return False
    return (
        is_supervisor_or_admin(user)
        or is_host(user, inspection)
        or on_team(user, inspection)
        or manages_company(user, inspection.inspecting_company_id)
        or leads_alliance(user, inspection)
    )


def visible_inspections(user, stmt):
    """`stmt` (a select of Inspection) narrowed to what `user` may see."""
    from engage.alliance.alliances.models import Alliance
    from engage.alliance.inspections.models import Inspection, TeamMember

    if not signed_in(user):
        return stmt.where(false())
    if is_supervisor_or_admin(user):
        return stmt.where(true())
    team = select(TeamMember.inspection_id).where(TeamMember.user_id == user.id)
    clauses = [Inspection.id.in_(team)]
    if user.company_id is not None and user.is_safety_manager:
        led = select(Alliance.id).where(Alliance.lead_company_id == user.company_id)
        clauses += [
            Inspection.host_company_id == user.company_id,
            Inspection.inspecting_company_id == user.company_id,
            Inspection.alliance_id.in_(led),
        ]
    return stmt.where(or_(*clauses))


def can_propose_inspection(user, alliance) -> bool:
    """A member company's safety manager, the alliance lead, supervisors and admins."""
    from engage.alliance.alliances.permissions import can_lead, is_member

    return can_lead(user, alliance) or (
        is_member(user, alliance) and manages_company(user, user.company_id)
    )


def can_pair_round(user, alliance) -> bool:
    from engage.alliance.alliances.permissions import can_lead

    return can_lead(user, alliance)


def can_answer_host_side(user, inspection) -> bool:
    """Accept, propose another date, acknowledge the report, rate the team."""
    return is_host(user, inspection)


def can_answer_proposer_side(user, inspection) -> bool:
    """Accept the host's new date: the inspecting company's managers, the team lead,
    the alliance lead, supervisors and admins."""
    return (
        is_supervisor_or_admin(user)
        or leads_alliance(user, inspection)
        or manages_company(user, inspection.inspecting_company_id)
        or any(m.user_id == user.id and m.is_lead for m in inspection.team)
    )


def can_inspect(user, inspection) -> bool:
    """Answer items and submit: the team only."""
    return on_team(user, inspection)


def can_rate_host(user, inspection) -> bool:
    return on_team(user, inspection) or manages_company(user, inspection.inspecting_company_id)


def can_view_board(user, alliance) -> bool:
    from engage.alliance.alliances.permissions import can_see_inside

    return can_see_inside(user, alliance)
