"""Who may check people in and who may see a ticket."""

from __future__ import annotations

from engage.events.catalogue.models import Event
from engage.events.catalogue.permissions import can_manage_event
from engage.events.registration.permissions import can_view_registration

__all__ = ["can_check_in", "can_view_ticket"]


def can_check_in(user, event: Event) -> bool:
    """The organisers (and admins) at the door."""
    return can_manage_event(user, event)


def can_view_ticket(user, reg, event: Event) -> bool:
    return can_view_registration(user, reg, event)
