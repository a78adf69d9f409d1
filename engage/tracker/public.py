"""Small read-only queries other domains ask of the problem library: light rows, not models.

A problem's focus target is its point's. Every function that names a problem's
title or company filters by what the reader may see; counts reveal no details.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import func, select

from engage.accounts.models import Company
from engage.core.i18n import local_name_column
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker.models import (
    OPEN_STATUSES,
    EventKind,
    PhotoStage,
    Point,
    Problem,
    ProblemEvent,
    ProblemPhoto,
    ProblemStatus,
)
from engage.tracker.problems.permissions import visible_problems
from engage.tracker.vocab import STATUS_LABELS, STATUS_TONES

__all__ = [
    "PointRow",
    "ProblemRow",
    "count_rectified",
    "point_by_code",
    "point_summaries",
    "points_for_pickup",
    "problem_by_number",
    "problem_summaries",
    "problems_for_pickup",
]

MAX_ROWS = 500


@dataclass(frozen=True)
class ProblemRow:
    """What another domain may show of a problem. `visible` False: only its number, status
    and dates (the reader may not see its title, place or company)."""

    id: int
    number: str
    status: str
    status_label: str
    status_tone: str
    is_open: bool
    due_at: datetime | None
    closed_at: datetime | None
    area_id: int | None
    focus_target: str | None
    visible: bool
    title: str = ""
    company_id: int | None = None
    company_name: str = ""
    point_name: str = ""

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < utcnow()

    @property
    def url(self) -> str | None:
        if not self.visible:
            return None
        return url_for("tracker.problems.detail", number=self.number)


@dataclass(frozen=True)
class PointRow:
    id: int
    name: str
    code: str
    company_name: str
    area_id: int
    focus_target: str
    active: bool

    @property
    def url(self) -> str:
        return url_for("tracker.points.detail", code=self.code)


def _problem_stmt(user):
    return (
        select(
            Problem.id,
            Problem.number,
            Problem.status,
            Problem.due_at,
            Problem.closed_at,
            Problem.area_id,
            Point.focus_target,
            Problem.title,
            local_name_column(Company),
            Point.name,
            visible_problems(user).label("visible"),
            Problem.company_id,
        )
        .outerjoin(Point, Point.id == Problem.point_id)
        .outerjoin(Company, Company.id == Problem.company_id)
    )


def _problem_row(r) -> ProblemRow:
    status = ProblemStatus(r[2])
    visible = bool(r[10])
    return ProblemRow(
        id=r[0],
        number=r[1],
        status=status.value,
        status_label=str(STATUS_LABELS[status]),
        status_tone=STATUS_TONES.get(status, "secondary"),
        is_open=status in OPEN_STATUSES,
        due_at=r[3],
        closed_at=r[4],
        area_id=r[5],
        focus_target=FocusTarget(r[6]).value if r[6] else None,
        visible=visible,
        title=r[7] if visible else "",
        company_id=r[11] if visible else None,
        company_name=(r[8] or "") if visible else "",
        point_name=(r[9] or "") if visible else "",
    )


def problem_summaries(ids: Iterable[int], user) -> list[ProblemRow]:
    """The problems of `ids` (newest first), in one statement."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    rows = db.session.execute(
        _problem_stmt(user)
        .where(Problem.id.in_(ids))
        .order_by(Problem.created_at.desc(), Problem.id.desc())
    ).all()
    return [_problem_row(r) for r in rows]


def problem_by_number(number: str, user) -> ProblemRow | None:
    """One problem by its spoken number (P-2026-00042), when `user` may see it."""
    number = (number or "").strip().upper()[:20]
    if not number:
        return None
    row = db.session.execute(_problem_stmt(user).where(Problem.number == number)).first()
    if row is None or not row[10]:
        return None
    return _problem_row(row)


def problems_for_pickup(
    area_id: int,
    focus_target: FocusTarget | str,
    user,
    *,
    exclude: Iterable[int] = (),
    limit: int = MAX_ROWS,
    closed: bool = False,
) -> list[ProblemRow]:
    """Open (or, with `closed`, closed) problems in functional area `area_id` whose point
    has `focus_target`, that `user` may see, oldest due first; `exclude` left out."""
    statuses = (ProblemStatus.CLOSED,) if closed else OPEN_STATUSES
    stmt = _problem_stmt(user).where(
        Problem.area_id == area_id,
        Point.focus_target == FocusTarget(focus_target),
        Problem.status.in_(statuses),
        visible_problems(user),
        Problem.duplicate_of_id.is_(None),
    )
    excluded = sorted({int(i) for i in exclude})
    if excluded:
        stmt = stmt.where(Problem.id.not_in(excluded))
    rows = db.session.execute(
        stmt.order_by(Problem.due_at.asc().nulls_last(), Problem.id).limit(
            min(max(limit, 1), MAX_ROWS)
        )
    ).all()
    return [_problem_row(r) for r in rows]


def count_rectified(area_id: int, focus_target: FocusTarget | str, since: datetime) -> int:
    """Problems of `focus_target` in area `area_id` closed since `since` (a count only)."""
    return (
        db.session.scalar(
            select(func.count(Problem.id))
            .join(Point, Point.id == Problem.point_id)
            .where(
                Problem.area_id == area_id,
                Point.focus_target == FocusTarget(focus_target),
                Problem.status == ProblemStatus.CLOSED,
                Problem.closed_at >= since,
            )
        )
        or 0
    )


def _point_stmt():
    return select(
        Point.id,
        Point.name,
        Point.code,
        local_name_column(Company),
        Company.area_id,
        Point.focus_target,
        Point.active,
    ).join(Company, Company.id == Point.company_id)


def _point_row(r) -> PointRow:
    return PointRow(
        id=r[0],
        name=r[1],
        code=r[2],
        company_name=r[3],
        area_id=r[4],
        focus_target=FocusTarget(r[5]).value,
        active=bool(r[6]),
    )


def point_summaries(ids: Iterable[int]) -> list[PointRow]:
    """Points by id (their pages are public: a point's code hangs on its wall)."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    rows = db.session.execute(_point_stmt().where(Point.id.in_(ids)).order_by(Point.name))
    return [_point_row(r) for r in rows]


def point_by_code(code: str) -> PointRow | None:
    code = "".join(ch for ch in (code or "").upper() if ch.isascii() and ch.isalnum())[:16]
    if not code:
        return None
    row = db.session.execute(
        _point_stmt().where(Point.code == code, Point.active.is_(True))
    ).first()
    return _point_row(row) if row is not None else None


def points_for_pickup(
    area_id: int,
    focus_target: FocusTarget | str,
    *,
    exclude: Iterable[int] = (),
    limit: int = MAX_ROWS,
) -> list[PointRow]:
    """Active points of companies in area `area_id` with `focus_target`."""
    stmt = _point_stmt().where(
        Company.area_id == area_id,
        Point.active.is_(True),
        Point.focus_target == FocusTarget(focus_target),
    )
    excluded = sorted({int(i) for i in exclude})
    if excluded:
        stmt = stmt.where(Point.id.not_in(excluded))
    rows = db.session.execute(
        stmt.order_by(Company.name, Point.name).limit(min(max(limit, 1), MAX_ROWS))
    )
    return [_point_row(r) for r in rows]


@dataclass(frozen=True)
class ProblemStory:
    """A closed problem told for a lesson: what was found, what was done, what the
    verifier saw, and its photos before and after (stored media files)."""

    number: str
    title: str
    description: str
    rectification: str
    verification: str
    before: tuple[MediaFile, ...]
    after: tuple[MediaFile, ...]


def problem_story(problem_id: int) -> ProblemStory | None:
    """The story of a problem, for the company invited to share its fix (the caller has
    checked who reads it). Three statements, whatever the timeline's length."""
    problem = db.session.get(Problem, problem_id)
    if problem is None:
        return None
    notes = dict(
        db.session.execute(
            select(ProblemEvent.to_status, ProblemEvent.note)
            .where(
                ProblemEvent.problem_id == problem_id,
                ProblemEvent.kind == EventKind.TRANSITION,
                ProblemEvent.to_status.in_(
                    [ProblemStatus.AWAITING_VERIFICATION.value, ProblemStatus.CLOSED.value]
                ),
            )
            .order_by(ProblemEvent.id)
        ).all()
    )  # the last note of each kind wins
    photos = db.session.scalars(
        select(ProblemPhoto)
        .where(
            ProblemPhoto.problem_id == problem_id,
            ProblemPhoto.stage.in_([PhotoStage.BEFORE, PhotoStage.AFTER]),
        )
        .order_by(ProblemPhoto.id)
    ).all()
    return ProblemStory(
        number=problem.number,
        title=problem.title,
        description=problem.description or "",
        rectification=notes.get(ProblemStatus.AWAITING_VERIFICATION.value, "") or "",
        verification=notes.get(ProblemStatus.CLOSED.value, "") or "",
        before=tuple(p.media for p in photos if p.stage is PhotoStage.BEFORE),
        after=tuple(p.media for p in photos if p.stage is PhotoStage.AFTER),
    )
