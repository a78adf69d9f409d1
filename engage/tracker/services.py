"""The tracker's public way in: other modules open and link problems through here.

Flushes, never commits: the caller's transaction holds the problem, its first
timeline line and its audit entry together.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from engage.accounts.models import Company, Department, User
from engage.core import audit
from engage.core.timeutil import deadline, utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.models import (
    DueRule,
    EventKind,
    PhotoStage,
    Point,
    Problem,
    ProblemCategory,
    ProblemCounter,
    ProblemEvent,
    ProblemLink,
    ProblemPhoto,
    ProblemSource,
    ProblemStatus,
    ProblemWatcher,
    Severity,
)

DEFAULT_DUE_DAYS = {Severity.MINOR: 30, Severity.MAJOR: 14, Severity.CRITICAL: 3}


def due_days(severity: Severity) -> int:
    """Days to rectify for a severity: the admins' rule, else the default."""
    days = db.session.scalar(select(DueRule.days).where(DueRule.severity == severity))
    return days if days is not None else DEFAULT_DUE_DAYS[severity]


def next_number(year: int) -> tuple[int, str]:
    """The next sequence number of `year` and its spoken form, P-2026-00042.

    A conditional UPDATE takes the number, so two reporters at once never get
    the same one; the first problem of a year inserts the counter row.
    """
    take = (update(ProblemCounter).where(ProblemCounter.year == year)
            .values(last=ProblemCounter.last + 1).returning(ProblemCounter.last))
    result = db.session.execute(take).scalar()
    if result is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(ProblemCounter).values(year=year, last=1))
            result = 1
        except IntegrityError:  # another reporter opened the year's counter first
            result = db.session.execute(take).scalar_one()
    return result, f"P-{year}-{result:05d}"


def add_event(problem: Problem, kind: EventKind, *, actor: User | None, note: str = "",
              from_status: str | None = None, to_status: str | None = None,
              actor_label: str = "", photos: Iterable[MediaFile] = (),
              photo_stage: PhotoStage = PhotoStage.OTHER, at: datetime | None = None,
              **data) -> ProblemEvent:
    """Append one line to the problem's timeline (with its photos). `at` is for imports
    and demo data that record what happened earlier; it defaults to now."""
    event = ProblemEvent(problem_id=problem.id, kind=kind, actor_id=getattr(actor, "id", None),
                         actor_label=actor_label[:100], note=note or "", from_status=from_status,
                         to_status=to_status, data=audit._jsonable(data),
                         created_at=at or utcnow())
    db.session.add(event)
    db.session.flush()
    for media in photos:
        db.session.add(ProblemPhoto(problem_id=problem.id, event_id=event.id,
                                    media_id=media.id, stage=photo_stage,
                                    created_at=event.created_at))
    return event


def open_problem(*, title: str, category: ProblemCategory, severity: Severity,
                 source: ProblemSource, actor: User | None, description: str = "",
                 point: Point | None = None, company: Company | None = None,
                 location_text: str = "", reporter_name: str = "", reporter_phone: str = "",
                 photos: Iterable[MediaFile] = (), department: Department | None = None,
                 due_at: datetime | None = None, links: Iterable[tuple[str, int, str, str]] = (),
                 anonymous: bool = False) -> Problem:
    """Open a problem in the library: number, due date, first timeline line, audit.

    Anyone who found a hazard: a peer inspector, a supervisor, an employee's
    whistle (actor None and anonymous=True for a QR-page whistle without an
    account, which also gets a private follow link). The responsible company is
    the point's, else `company`. `links` are (kind, id, label, url) tuples.
    Flushes; the caller commits.
    """
    now = utcnow()
    if point is not None and company is None:
        company = point.company
    seq, number = next_number(now.year)
    problem = Problem(
        number=number, year=now.year, seq=seq, title=title.strip()[:200], created_at=now,
        description=description or "", category=category, severity=severity, source=source,
        status=ProblemStatus.REPORTED, point=point, company=company,
        area_id=company.area_id if company is not None else None,
        location_text=location_text[:300], reporter_id=getattr(actor, "id", None),
        reporter_company_id=getattr(actor, "company_id", None),
        reporter_name=reporter_name[:100], reporter_phone=reporter_phone[:40],
        follow_token=secrets.token_urlsafe(24) if anonymous or actor is None else None,
        due_at=due_at or deadline(now, days=due_days(severity)),
    )
    db.session.add(problem)
    db.session.flush()
    add_event(problem, EventKind.CREATED, actor=actor, to_status=ProblemStatus.REPORTED,
              actor_label=reporter_name if actor is None else "", photos=photos,
              photo_stage=PhotoStage.BEFORE, source=source.value)
    if actor is not None:
        db.session.add(ProblemWatcher(problem_id=problem.id, user_id=actor.id))
    for kind, target_id, label, url in links:
        db.session.add(ProblemLink(problem_id=problem.id, target_kind=kind, target_id=target_id,
                                   label=label[:200], url=url[:500]))
    if department is not None:
        # The department must report in like for any routed whistle: same clock, same notices.
        from engage.tracker.whistles.services import send_to_department

        send_to_department(problem, department, actor=actor)
    audit.record(actor, "problem.opened", problem, summary=number, source=source.value)
    from engage.tracker.signals import announce_opened

    announce_opened(problem)
    return problem
