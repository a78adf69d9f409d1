"""The seat counter: the one place `events.taken` changes, by conditional UPDATEs.

`taken + n <= capacity` is checked by the database in the same statement that
adds the seats, so no interleaving of requests can give more seats than there
are: on PostgreSQL a concurrent UPDATE of the row waits and re-checks the
condition on the committed row; on SQLite write transactions are serialised
(BEGIN IMMEDIATE). The CHECK constraint on events is the last line of defence.
"""

from __future__ import annotations

from sqlalchemy import update

from engage.events.catalogue.models import Event
from engage.extensions import db


def take(event_id: int, n: int = 1) -> bool:
    """Hold n seats of the event if that many are free; True when they were taken."""
    result = db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.taken + n <= Event.capacity)
        .values(taken=Event.taken + n)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def release(event_id: int, n: int = 1) -> None:
    """Give n held seats back."""
    db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.taken >= n)
        .values(taken=Event.taken - n)
        .execution_options(synchronize_session=False)
    )


def refresh(event: Event) -> None:
    """Forget the loaded seat count, so the next read sees the database's."""
    db.session.expire(event, ["taken"])
