"""What events announce to other domains (payloads exported from engage.events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EventHeld:
    """An event was published (and so will be held) with these organisers.

    Sent on core.signals.event_held when an event is published, and again when a
    published event's organisers, time or kind change: receivers key on event_id
    and must treat a repeat as an update, not a second event.
    """

    event_id: int
    title: str
    kind: str
    organiser_company_ids: tuple[int, ...]
    starts_at: datetime
    audience_alliance_id: int | None
