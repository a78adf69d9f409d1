"""Who sees and who adds an event's media."""

from __future__ import annotations

from engage.events.catalogue.models import Event
from engage.events.catalogue.permissions import can_manage_event, can_view_event


def can_view_media(user, event: Event) -> bool:
    return can_view_event(user, event)


def can_add_media(user, event: Event) -> bool:
    """The organisers upload photos and videos and keep the albums."""
    return can_manage_event(user, event)
