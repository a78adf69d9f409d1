"""The seat counter: the one place `events.taken` changes, by conditional UPDATEs.

`taken + n <= capacity` is checked by the database in the same statement that
adds the seats, so no interleaving of requests can give more seats than there
are: on PostgreSQL a concurrent UPDATE of the row waits and re-checks the
condition on the committed row; on SQLite write transactions are serialised
(BEGIN IMMEDIATE). The CHECK constraint on events is the last line of defence.
"""

from __future__ import annotations

from sqlalchemy import bindparam, update

from engage.events.catalogue.models import Event
from engage.extensions import db

# Built once (every registration runs them): a statement of the events table, which
# the session runs without the ORM's work on a mapped entity; the loaded Event is
# not changed by it (see refresh).
_events = Event.__table__
_TAKE = (
    update(_events)
    .where(
        _events.c.id == bindparam("event_id"),
        _events.c.taken + bindparam("n") <= _events.c.capacity,
    )
    .values(taken=_events.c.taken + bindparam("n"))
)
_RELEASE = (
    update(_events)
    .where(_events.c.id == bindparam("event_id"), _events.c.taken >= bindparam("n"))
    .values(taken=_events.c.taken - bindparam("n"))
)


def take(event_id: int, n: int = 1) -> bool:
    """Hold n seats of the event if that many are free; True when they were taken."""
    result = db.session.execute(_TAKE, {"event_id": event_id, "n": n})
    return result.rowcount == 1  # type: ignore[attr-defined]


def release(event_id: int, n: int = 1) -> None:
    """Give n held seats back."""
    db.session.execute(_RELEASE, {"event_id": event_id, "n": n})


def refresh(event: Event) -> None:
    """Forget the loaded seat count, so the next read sees the database's."""
    db.session.expire(event, ["taken"])
