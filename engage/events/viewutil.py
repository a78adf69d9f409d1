"""What every part's views do first: load the event, 404 when unseen, 403 when refused."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import lazyload

from engage.events.catalogue.models import Event, EventOrganiser
from engage.events.catalogue.permissions import can_manage_event, can_view_event
from engage.extensions import db

# The event's own row: its cover, audience company and organisers load only if read.
_BARE = (
    lazyload(Event.cover),
    lazyload(Event.audience_company),
    lazyload(Event.organisers).lazyload(EventOrganiser.user),
)


def event_or_404(event_id: int, *, bare: bool = False) -> Event:
    """The event the signed-in person may see, else 404. `bare` for a view that reads the
    event's columns only (the register form's POST): one row, no joins."""
    event = db.session.get(Event, event_id, options=_BARE if bare else None)
    if event is None or not can_view_event(current_user, event):
        abort(404)
    return event


def managed_event_or_403(event_id: int) -> Event:
    """The event for its organisers; 404 for who may not see it, 403 for who may only look."""
    event = event_or_404(event_id)
    if not can_manage_event(current_user, event):
        abort(403)
    return event
