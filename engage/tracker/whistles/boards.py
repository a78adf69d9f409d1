"""Department boards: what each department has to report in on, is handling, and closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from engage.accounts import all_departments
from engage.accounts.models import Department
from engage.extensions import db
from engage.tracker.models import OPEN_STATUSES, Point, Problem, ProblemSource, ProblemStatus

SECTIONS = ("unacknowledged", "overdue", "handling", "closed")
RECENT_DAYS = 30
DONE_STATUSES = (ProblemStatus.CLOSED, ProblemStatus.REJECTED)


def _conditions(section: str, now: datetime):
    is_open = Problem.status.in_(OPEN_STATUSES)
    unacked = Problem.acknowledged_at.is_(None)
    if section == "unacknowledged":
        return and_(is_open, unacked, or_(Problem.ack_due_at.is_(None), Problem.ack_due_at >= now))
    if section == "overdue":
        return and_(is_open, unacked, Problem.ack_due_at < now)
    if section == "handling":
        return and_(is_open, Problem.acknowledged_at.is_not(None))
    return and_(
        Problem.status.in_(DONE_STATUSES), Problem.updated_at >= now - timedelta(days=RECENT_DAYS)
    )


def section_query(department_id: int, section: str, now: datetime):
    """The problems of one board section, eagerly loaded, oldest deadline first."""
    order = (
        (Problem.updated_at.desc(),)
        if section == "closed"
        else (Problem.ack_due_at.asc(), Problem.id)
    )
    return (
        select(Problem)
        .where(Problem.department_id == department_id, _conditions(section, now))
        .options(
            joinedload(Problem.point).joinedload(Point.company),
            joinedload(Problem.company),
            selectinload(Problem.acknowledged_by),
        )
        .order_by(*order, Problem.id)
    )


def counts(now: datetime, department_id: int | None = None) -> dict[int, dict[str, int]]:
    """{department id: {section: n}} for every department (or one), in one query."""
    columns = [func.sum(case((_conditions(s, now), 1), else_=0)).label(s) for s in SECTIONS]
    stmt = (
        select(Problem.department_id, *columns)
        .where(Problem.department_id.is_not(None))
        .group_by(Problem.department_id)
    )
    if department_id is not None:
        stmt = stmt.where(Problem.department_id == department_id)
    return {
        row[0]: {s: int(row[i + 1] or 0) for i, s in enumerate(SECTIONS)}
        for row in db.session.execute(stmt).all()
    }


def park_board(now: datetime) -> list[tuple[Department, dict[str, int]]]:
    """Every department with its counts, those with overdue report-ins first."""
    by_department = counts(now)
    empty = dict.fromkeys(SECTIONS, 0)
    rows = [(d, by_department.get(d.id, empty)) for d in all_departments()]
    rows.sort(key=lambda r: (-r[1]["overdue"], -r[1]["unacknowledged"], r[0].name))
    return rows


def unrouted_count() -> int:
    return (
        db.session.scalar(
            select(func.count(Problem.id)).where(
                Problem.source == ProblemSource.WHISTLE,
                Problem.department_id.is_(None),
                Problem.status.in_(OPEN_STATUSES),
            )
        )
        or 0
    )
