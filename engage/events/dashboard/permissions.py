"""Who sees an event's dashboard and exports."""

from __future__ import annotations

from engage.events.catalogue.models import Event
from engage.events.catalogue.permissions import can_manage_event


def can_view_dashboard(user, event: Event) -> bool:
    return can_manage_event(user, event)
