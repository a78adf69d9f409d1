"""Dashboards: open problems by age, closure rate, median days to close, overdue by
company and department, unacknowledged whistles, and the monthly trend.

Every figure is one aggregate query (GROUP BY in the database), so a dashboard
costs the same handful of statements for a hundred problems or a hundred thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from flask_babel import gettext
from sqlalchemy import and_, case, func, literal, select, true, union_all

from engage.accounts.models import Company, Department
from engage.core.cache import PROBLEMS, Figures, audience_key, shared_figures
from engage.core.i18n import local_name_column
from engage.core.permissions import is_park_staff
from engage.core.timeutil import park_zone, utcnow
from engage.extensions import db
from engage.tracker.problems.models import OPEN_STATUSES, Problem, ProblemStatus
from engage.tracker.problems.permissions import visible_problems

AGE_BUCKETS = ((0, 7), (7, 30), (30, 90), (90, None))  # days


@dataclass
class Scope:
    """Which problems a dashboard counts: the park, a functional area, or a company."""

    kind: str = "park"  # park, area, company
    id: int | None = None

    def clause(self):
        if self.kind == "area":
            return Problem.area_id == self.id
        if self.kind == "company":
            return Problem.company_id == self.id
        return true()


@dataclass
class Dashboard:
    total: int = 0
    open: int = 0
    closed: int = 0
    rejected: int = 0
    overdue: int = 0
    unacknowledged: int = 0
    ages: list[tuple[tuple[int, int | None], int]] = field(default_factory=list)
    median_days: float | None = None
    overdue_by_company: list[tuple[int, str, int]] = field(default_factory=list)
    overdue_by_department: list[tuple[int, str, int]] = field(default_factory=list)
    unacknowledged_by_department: list[tuple[int, str, int]] = field(default_factory=list)
    months: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, opened, closed)

    @property
    def closure_rate(self) -> float | None:
        """Closed share of the problems that were real (rejected ones do not count)."""
        base = self.total - self.rejected
        return self.closed / base if base else None


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def last_months(now: datetime, n: int = 12) -> list[str]:
    year, month = now.year, now.month
    out = []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def build(user, scope: Scope, *, now: datetime | None = None) -> Dashboard:
    """The dashboard of `scope`, counting only what `user` may see.

    Each figure is one aggregate that an index answers: counts by status, ages of
    open problems (status, created_at), overdue ones (status, due_at, company_id,
    department_id), the median (status, days_to_close), the months (created_at,
    closed_at)."""
    # Months are the park's: a problem opened at 00:05 on 1 January in Shanghai
    # belongs to January, whatever UTC says.
    now = (now or utcnow()).astimezone(park_zone())
    where = and_(visible_problems(user), scope.clause())
    is_open = Problem.status.in_(OPEN_STATUSES)
    board = Dashboard()
    for status, count in db.session.execute(
        select(Problem.status, func.count()).where(where).group_by(Problem.status)
    ):
        board.total += count
        if status in OPEN_STATUSES:
            board.open += count
        elif status == ProblemStatus.CLOSED:
            board.closed = count
        elif status == ProblemStatus.REJECTED:
            board.rejected = count

    ranges = []
    for i, (low, high) in enumerate(AGE_BUCKETS):
        ranges.append(
            (i, now - timedelta(days=high) if high is not None else None, now - timedelta(days=low))
        )
    ages = _range_counts(
        and_(where, is_open), Problem.created_at, ranges, park=scope.kind == "park"
    )
    board.ages = [(bucket, ages.get(i, 0)) for i, bucket in enumerate(AGE_BUCKETS)]

    overdue = and_(where, is_open, Problem.due_at < now)
    board.overdue = db.session.scalar(select(func.count()).select_from(Problem).where(overdue)) or 0
    board.overdue_by_company = _top(Company, Problem.company_id, overdue)
    board.overdue_by_department = _top(Department, Problem.department_id, overdue)
    # A problem with a department was routed to it (routing sets both).
    unacked = and_(
        where, is_open, Problem.department_id.is_not(None), Problem.acknowledged_at.is_(None)
    )
    by_department = _top(Department, Problem.department_id, unacked, limit=None)
    board.unacknowledged = sum(n for _id, _name, n in by_department)
    board.unacknowledged_by_department = by_department[:10]
    board.median_days = _median_days(where)
    board.months = _months(where, now, park=scope.kind == "park")
    return board


def shared(user, scope: Scope) -> Figures[Dashboard]:
    """build(user, scope), shared for up to a minute with every reader who sees exactly
    the same problems of that scope (core.cache: never another company's figures)."""
    if is_park_staff(user) or (scope.kind == "company" and scope.id == user.company_id):
        # Everything in the scope is visible to them (a company's own problems are).
        audience = audience_key(scope.clause())
    else:
        audience = audience_key(visible_problems(user), scope.clause())
    return shared_figures(PROBLEMS, f"{scope.kind}:{audience}", lambda: build(user, scope))


def _range_counts(where, column, ranges, *, park: bool) -> dict[Any, int]:
    """How many rows fall in each (key, after, until] range of `column`, in one statement.

    Park-wide, a UNION ALL of one indexed range count per range; within an area or a
    company (few rows) one CASE pass over them is cheaper."""

    def within(after, until):
        cond = column <= until
        return and_(cond, column > after) if after is not None else cond

    if park:
        parts = [
            select(literal(key).label("key"), func.count().label("n"))
            .select_from(Problem)
            .where(where, within(after, until))
            for key, after, until in ranges
        ]
        rows: Sequence[Any] = db.session.execute(union_all(*parts)).all()
        return {key: int(n) for key, n in rows}
    row: Any = db.session.execute(
        select(*[_count_if(within(after, until)) for _key, after, until in ranges]).where(where)
    ).one()
    return {key: int(n) for (key, _a, _u), n in zip(ranges, row, strict=True)}


def _top(model, column, condition, *, limit: int | None = 10) -> list[tuple[int, str, int]]:
    """Counts grouped by `column` (in the index), biggest first, joined to names after.

    Grouping by `column + 0` keeps SQLite from walking the column's own index for
    the GROUP BY (and fetching every row) when a covering index answers the WHERE."""
    key = column + 0
    counts = (
        select(key.label("key"), func.count().label("n"))
        .where(condition, column.is_not(None))
        .group_by(key)
        .subquery()
    )
    stmt = (
        select(model.id, local_name_column(model), counts.c.n)
        .join(counts, counts.c.key == model.id)
        .order_by(counts.c.n.desc(), model.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    rows: Iterable[Any] = db.session.execute(stmt)
    return [(id_, name, n) for id_, name, n in rows]


def _median_days(where) -> float | None:
    """Median days from report to close: percentile_cont on PostgreSQL; on SQLite the
    middle row(s) of the (status, days_to_close) index, reached by OFFSET."""
    closed = and_(where, Problem.status == ProblemStatus.CLOSED, Problem.days_to_close.is_not(None))
    if _dialect() == "postgresql":
        value = db.session.scalar(
            select(func.percentile_cont(0.5).within_group(Problem.days_to_close)).where(closed)
        )
        return float(value) if value is not None else None
    n = db.session.scalar(select(func.count()).select_from(Problem).where(closed))
    if not n:
        return None
    middle: Sequence[Any] = db.session.scalars(
        select(Problem.days_to_close)
        .where(closed)
        .order_by(Problem.status, Problem.days_to_close)
        .limit(2 - n % 2)
        .offset((n - 1) // 2)
    ).all()
    return sum(middle) / len(middle) if middle else None


def _months(where, now: datetime, *, park: bool) -> list[tuple[str, int, int]]:
    """Opened and closed per month over the last twelve months."""
    months = last_months(now)
    bounds = []
    for month in months:
        start = datetime(int(month[:4]), int(month[5:]), 1, tzinfo=now.tzinfo)
        end = datetime(start.year + start.month // 12, start.month % 12 + 1, 1, tzinfo=now.tzinfo)
        bounds.append((month, start - timedelta(microseconds=1), end - timedelta(microseconds=1)))
    # Park-wide one indexed range count per month; within an area or a company one
    # CASE pass over its rows. Either way the months' bounds are the park's.
    opened = _range_counts(where, Problem.created_at, bounds, park=park)
    # closed_at is set only while a problem is closed (reopening clears it).
    closed = _range_counts(where, Problem.closed_at, bounds, park=park)
    return [(m, int(opened.get(m, 0)), int(closed.get(m, 0))) for m in months]


class Bar(NamedTuple):
    x: float
    y: float
    w: float
    h: float
    kind: str  # opened, closed
    value: int
    month: str
    title: str  # "2026-05: opened 3", in the reader's language


class Tick(NamedTuple):
    y: float
    value: int


class MonthLabel(NamedTuple):
    x: float
    text: str


def trend_chart(months: list[tuple[str, int, int]], *, width: int = 640, height: int = 220) -> dict:
    """Coordinates of a grouped bar chart (opened vs closed per month) for the SVG template,
    each bar with its title in the reader's language (the template only writes them out)."""
    left, bottom, top = 36, 28, 12
    plot_h = height - bottom - top
    peak = max([1] + [max(o, c) for _m, o, c in months])
    step = (width - left - 8) / max(len(months), 1)
    bar = max(step * 0.35, 2)
    said = {"opened": gettext("opened %(n)s"), "closed": gettext("closed %(n)s")}
    bars = []
    for i, (month, opened, closed) in enumerate(months):
        x = left + i * step + step * 0.12
        for j, (value, kind) in enumerate(((opened, "opened"), (closed, "closed"))):
            h = plot_h * value / peak
            bars.append(
                Bar(
                    x=round(x + j * bar, 1),
                    y=round(top + plot_h - h, 1),
                    w=round(bar - 1, 1),
                    h=round(h, 1),
                    kind=kind,
                    value=value,
                    month=month,
                    title=f"{month}: {said[kind] % {'n': value}}",
                )
            )
    ticks = [Tick(round(top + plot_h - plot_h * f, 1), round(peak * f)) for f in (0, 0.5, 1)]
    short = width < 500
    labels = [
        MonthLabel(round(left + i * step + step / 2, 1), m[5:] if short or m[5:] != "01" else m)
        for i, (m, _o, _c) in enumerate(months)
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "labels": labels,
        "left": left,
        "base": top + plot_h,
    }
