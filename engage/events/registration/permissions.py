"""Who may register whom, cancel, confirm, and see or reorder the waiting list."""

from __future__ import annotations

from engage.core.permissions import signed_in
from engage.events.catalogue.models import Event
from engage.events.catalogue.permissions import can_manage_event, can_view_event
from engage.events.registration.models import Registration


def can_register(user, event: Event) -> bool:
    """Anyone signed in who may see the event (the window is the service's rule)."""
    return signed_in(user) and can_view_event(user, event)


def can_register_group(user, event: Event) -> bool:
    """A company's admin, for colleagues of that company."""
    return can_register(user, event) and user.company_id is not None and user.is_company_admin


def can_view_registration(user, reg: Registration, event: Event) -> bool:
    if not signed_in(user):
        return False
    if reg.user_id == user.id or can_manage_event(user, event):
        return True
    return reg.group is not None and reg.group.registered_by_id == user.id


def can_change_registration(user, reg: Registration, event: Event) -> bool:
    """Cancel or confirm: the person, whoever registered their group, or an organiser."""
    return can_view_registration(user, reg, event)


def can_manage_registrations(user, event: Event) -> bool:
    """See every registration and reorder the waiting list: the organisers."""
    return can_manage_event(user, event)
