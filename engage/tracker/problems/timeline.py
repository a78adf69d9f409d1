"""A problem's timeline: one append-only line per thing that happened, with its photos."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from engage.accounts.models import User
from engage.core import audit
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.problems.models import (
    EventKind,
    PhotoStage,
    Problem,
    ProblemEvent,
    ProblemPhoto,
)


def add_event(
    problem: Problem,
    kind: EventKind,
    *,
    actor: User | None,
    note: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
    actor_label: str = "",
    photos: Iterable[MediaFile] = (),
    photo_stage: PhotoStage = PhotoStage.OTHER,
    at: datetime | None = None,
    **data,
) -> ProblemEvent:
    """Append one line to the problem's timeline (with its photos). `at` is for imports
    and demo data that record what happened earlier; it defaults to now."""
    event = ProblemEvent(
        problem_id=problem.id,
        kind=kind,
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label[:100],
        note=note or "",
        from_status=from_status,
        to_status=to_status,
        data=audit._jsonable(data),
        created_at=at or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    for media in photos:
        db.session.add(
            ProblemPhoto(
                problem_id=problem.id,
                event_id=event.id,
                media_id=media.id,
                stage=photo_stage,
                created_at=event.created_at,
            )
        )
    return event
