"""Dashboards: open problems by age, closure rate, median days to close, overdue by
company and department, unacknowledged whistles, and the monthly trend.

Every figure is one aggregate query (GROUP BY in the database), so a dashboard
costs the same handful of statements for a hundred problems or a hundred thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, literal, select

from engage.accounts.models import Company, Department
from engage.core.timeutil import utcnow
from engage.extensions import db
from engage.tracker.models import OPEN_STATUSES, Problem, ProblemStatus
from engage.tracker.permissions import visible_problems

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
        return literal(True)


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


def _month(column):
    if _dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _days_to_close():
    if _dialect() == "postgresql":
        return func.extract("epoch", Problem.closed_at - Problem.created_at) / 86400.0
    return func.julianday(Problem.closed_at) - func.julianday(Problem.created_at)


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
    """The dashboard of `scope`, counting only what `user` may see."""
    now = now or utcnow()
    where = and_(visible_problems(user), scope.clause())
    is_open = Problem.status.in_(OPEN_STATUSES)
    unacked = and_(is_open, Problem.department_id.is_not(None), Problem.routed_at.is_not(None),
                   Problem.acknowledged_at.is_(None))
    overdue = and_(is_open, Problem.due_at < now)
    age_columns = []
    for low, high in AGE_BUCKETS:
        cond = and_(is_open, Problem.created_at <= now - timedelta(days=low))
        if high is not None:
            cond = and_(cond, Problem.created_at > now - timedelta(days=high))
        age_columns.append(_count_if(cond))
    row = db.session.execute(select(
        func.count(Problem.id), _count_if(is_open),
        _count_if(Problem.status == ProblemStatus.CLOSED),
        _count_if(Problem.status == ProblemStatus.REJECTED),
        _count_if(overdue), _count_if(unacked), *age_columns,
    ).where(where)).one()
    board = Dashboard(total=row[0], open=row[1], closed=row[2], rejected=row[3], overdue=row[4],
                      unacknowledged=row[5])
    board.ages = list(zip(AGE_BUCKETS, [int(v) for v in row[6:]], strict=True))

    board.overdue_by_company = [tuple(r) for r in db.session.execute(
        select(Company.id, Company.name, func.count(Problem.id).label("n"))
        .join(Company, Company.id == Problem.company_id).where(where, overdue)
        .group_by(Company.id, Company.name).order_by(func.count(Problem.id).desc(), Company.id)
        .limit(10))]
    board.overdue_by_department = _by_department(where, overdue)
    board.unacknowledged_by_department = _by_department(where, unacked)
    board.median_days = _median_days(where, board.closed)
    board.months = _months(where, now)
    return board


def _by_department(where, condition) -> list[tuple[int, str, int]]:
    return [tuple(r) for r in db.session.execute(
        select(Department.id, Department.name, func.count(Problem.id))
        .join(Department, Department.id == Problem.department_id).where(where, condition)
        .group_by(Department.id, Department.name)
        .order_by(func.count(Problem.id).desc(), Department.id).limit(10))]


def _median_days(where, closed: int) -> float | None:
    """Median days from report to close: percentile_cont on PostgreSQL; on SQLite the
    middle row(s) of the ordered durations, found by OFFSET (the count is known)."""
    if not closed:
        return None
    is_closed = and_(where, Problem.status == ProblemStatus.CLOSED,
                     Problem.closed_at.is_not(None))
    days = _days_to_close()
    if _dialect() == "postgresql":
        value = db.session.scalar(select(func.percentile_cont(0.5).within_group(days))
                                  .where(is_closed))
        return float(value) if value is not None else None
    middle = db.session.scalars(select(days).where(is_closed).order_by(days)
                                .limit(2 - closed % 2).offset((closed - 1) // 2)).all()
    return sum(middle) / len(middle) if middle else None


def _months(where, now: datetime) -> list[tuple[str, int, int]]:
    months = last_months(now)
    start = datetime(int(months[0][:4]), int(months[0][5:]), 1, tzinfo=now.tzinfo)
    opened_month = _month(Problem.created_at)
    closed_month = _month(Problem.closed_at)
    opened = dict(db.session.execute(
        select(opened_month, func.count(Problem.id)).where(where, Problem.created_at >= start)
        .group_by(opened_month)).all())
    closed = dict(db.session.execute(
        select(closed_month, func.count(Problem.id))
        .where(where, Problem.status == ProblemStatus.CLOSED, Problem.closed_at >= start)
        .group_by(closed_month)).all())
    return [(m, int(opened.get(m, 0)), int(closed.get(m, 0))) for m in months]


def trend_chart(months: list[tuple[str, int, int]], *, width: int = 640,
                height: int = 220) -> dict:
    """Coordinates of a grouped bar chart (opened vs closed per month) for the SVG template."""
    left, bottom, top = 36, 28, 12
    plot_h = height - bottom - top
    peak = max([1] + [max(o, c) for _m, o, c in months])
    step = (width - left - 8) / max(len(months), 1)
    bar = max(step * 0.35, 2)
    bars = []
    for i, (month, opened, closed) in enumerate(months):
        x = left + i * step + step * 0.12
        for j, (value, kind) in enumerate(((opened, "opened"), (closed, "closed"))):
            h = plot_h * value / peak
            bars.append({"x": round(x + j * bar, 1), "y": round(top + plot_h - h, 1),
                         "w": round(bar - 1, 1), "h": round(h, 1), "kind": kind, "value": value,
                         "month": month})
    ticks = [{"y": round(top + plot_h - plot_h * f, 1), "value": round(peak * f)}
             for f in (0, 0.5, 1)]
    short = width < 500
    labels = [{"x": round(left + i * step + step / 2, 1),
               "text": m[5:] if short or m[5:] != "01" else m}
              for i, (m, _o, _c) in enumerate(months)]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "labels": labels,
            "left": left, "base": top + plot_h}
