"""Who may do what to a task force: can_<verb>_<noun>(user, obj) -> bool.

A force "shows who it is" (亮明身份): its page and roster are open to everyone
signed in. The office and supervisors run forces; a force's leader keeps its
roster and work; whole phone numbers are for them alone.
"""

from __future__ import annotations

from engage.core.permissions import is_supervisor_or_admin, signed_in


def can_view_taskforce(user, force) -> bool:
    """Every signed-in user sees every force, its roster (phones masked) and poster."""
    return signed_in(user)


def can_create_taskforce(user) -> bool:
    """The safety committee office (admins) and supervisors."""
    return is_supervisor_or_admin(user)


def can_edit_taskforce(user, force) -> bool:
    """Name, area, focus target, leader, period, goals, status, alliances."""
    return is_supervisor_or_admin(user)


def is_leader(user, force) -> bool:
    return signed_in(user) and force.leader_id is not None and force.leader_id == user.id


def can_manage_taskforce(user, force) -> bool:
    """Keep the roster (add, import, leave) and the work (assign, pick up, release):
    admins, supervisors and the force's leader."""
    return is_supervisor_or_admin(user) or is_leader(user, force)


def can_see_phones(user, force) -> bool:
    """Whole phone numbers (on pages and in the export): admins, supervisors, the leader."""
    return is_supervisor_or_admin(user) or is_leader(user, force)


def can_export_roster(user, force) -> bool:
    """The export carries whole phone numbers."""
    return can_see_phones(user, force)


def can_record_activity(user, force, member_user_ids: set[int] | None = None) -> bool:
    """Log a visit, meeting or rectification helped: managers and current members
    with an account, while the force is active."""
    if not force.is_active:
        return False
    if can_manage_taskforce(user, force):
        return True
    return signed_in(user) and member_user_ids is not None and user.id in member_user_ids


def can_view_overview(user) -> bool:
    return signed_in(user)
