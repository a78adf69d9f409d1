"""The six-links figures: month × link matrix, totals per member, who was silent.

Each figure is one query over a monthly roll-up (sixlinks/rollup.py), never over the
link events: the heat map reads at most months × 6 rows, the totals per member
members × months × 6 at most, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, true

from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.services import member_company_ids
from engage.alliance.sixlinks.models import (
    AllianceLinkMonth,
    CompanyLinkMonth,
    Link,
    LinkEvent,
    MemberLinkMonth,
    MemberLinkYear,
)
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db


def today() -> date:
    return to_local(utcnow()).date()


def add_months(month: int, n: int) -> int:
    """yyyymm plus n months."""
    index = (month // 100) * 12 + (month % 100 - 1) + n
    return (index // 12) * 100 + index % 12 + 1


def months_between(start: int, end: int) -> list[int]:
    found: list[int] = []
    month = start
    while month <= end and len(found) < 240:
        found.append(month)
        month = add_months(month, 1)
    return found


def parse_month(text: str | None) -> int | None:
    """'2026-03' -> 202603; anything else None."""
    if not text or len(text) > 7:
        return None
    try:
        year, month = (int(p) for p in text.split("-"))
    except ValueError:
        return None
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return year * 100 + month


@dataclass
class Period:
    start: int  # yyyymm
    end: int

    @classmethod
    def last_months(cls, n: int = 12, *, now: date | None = None) -> Period:
        now = now or today()
        end = now.year * 100 + now.month
        return cls(add_months(end, -(n - 1)), end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(year * 100 + 1, year * 100 + 12)

    @classmethod
    def from_args(cls, start: str | None, end: str | None) -> Period:
        """The period a filter asks for; unreadable or reversed input falls back to the
        last twelve months, and a period longer than five years is cut to five."""
        default = cls.last_months(12)
        first, last = parse_month(start), parse_month(end)
        if first is None and last is None:
            return default
        if first is None:
            assert last is not None  # both missing returned above
            first = add_months(last, -11)
        last = last or min(add_months(first, 11), default.end)
        if first > last:
            return default
        if len(months_between(first, last)) >= 60:
            first = add_months(last, -59)
        return cls(first, last)

    @property
    def months(self) -> list[int]:
        return months_between(self.start, self.end)

    @staticmethod
    def label(month: int) -> str:
        return f"{month // 100}-{month % 100:02d}"


@dataclass
class Matrix:
    months: list[int]
    cells: dict[tuple[int, str], int]

    def __post_init__(self) -> None:
        # A heat map asks for every cell's shade and every row's total: sum once.
        self._by_month: dict[int, int] = {}
        self._by_link: dict[str, int] = {}
        for (month, link), value in self.cells.items():
            self._by_month[month] = self._by_month.get(month, 0) + value
            self._by_link[link] = self._by_link.get(link, 0) + value
        self._peak = max(self.cells.values(), default=0)

    def get(self, month: int, link: Link) -> int:
        return self.cells.get((month, link.value), 0)

    def link_total(self, link: Link) -> int:
        return self._by_link.get(link.value, 0)

    def month_total(self, month: int) -> int:
        return self._by_month.get(month, 0)

    @property
    def total(self) -> int:
        return sum(self._by_month.values())

    @property
    def peak(self) -> int:
        return self._peak

    def level(self, month: int, link: Link) -> int:
        """0 to 4: the heat map's shade of a cell."""
        value, peak = self.get(month, link), self._peak
        if not value or not peak:
            return 0
        return min(4, 1 + (4 * value - 1) // peak)


def _link_value(value) -> str:
    return value.value if isinstance(value, Link) else str(value)


def alliance_matrix(alliance: Alliance | int, period: Period) -> Matrix:
    alliance_id = getattr(alliance, "id", alliance)
    rows = db.session.execute(
        select(AllianceLinkMonth.month, AllianceLinkMonth.link, AllianceLinkMonth.total).where(
            AllianceLinkMonth.alliance_id == alliance_id,
            AllianceLinkMonth.month.between(period.start, period.end),
        )
    )
    return Matrix(period.months, {(m, _link_value(k)): n for m, k, n in rows})


def company_matrix(company_id: int, period: Period, alliance_id: int | None = None) -> Matrix:
    """A company's links; across all its alliances a source counts once."""
    if alliance_id is None:
        rows = db.session.execute(
            select(CompanyLinkMonth.month, CompanyLinkMonth.link, CompanyLinkMonth.total).where(
                CompanyLinkMonth.company_id == company_id,
                CompanyLinkMonth.month.between(period.start, period.end),
            )
        )
    else:
        rows = db.session.execute(
            select(MemberLinkMonth.month, MemberLinkMonth.link, MemberLinkMonth.total).where(
                MemberLinkMonth.company_id == company_id,
                MemberLinkMonth.alliance_id == alliance_id,
                MemberLinkMonth.month.between(period.start, period.end),
            )
        )
    return _matrix(period, rows)


def _matrix(period: Period, rows: Iterable[Any]) -> Matrix:
    return Matrix(period.months, {(m, _link_value(k)): n for m, k, n in rows})


def member_totals(
    alliance: Alliance | int,
    *,
    period: Period | None = None,
    months: int = 12,
    company_ids: Iterable[int] | None = None,
) -> dict[int, dict[str, int]]:
    """{company id: {link value: count}} over the period (default: the last `months`),
    for every member or only `company_ids` (one page of the member list).

    Whole calendar years inside the period are read from the yearly roll-up, the
    months around them from the monthly one: two queries, at most 22 months read.
    """
    period = period or Period.last_months(months)
    alliance_id = getattr(alliance, "id", alliance)
    first_year = period.start // 100 + (0 if period.start % 100 == 1 else 1)
    last_year = period.end // 100 - (0 if period.end % 100 == 12 else 1)
    totals: dict[int, dict[str, int]] = {}
    only = None if company_ids is None else sorted(set(company_ids))
    if only == []:
        return totals

    def add(rows) -> None:
        for company_id, link, n in rows:
            counts = totals.setdefault(company_id, {})
            counts[_link_value(link)] = counts.get(_link_value(link), 0) + int(n)

    loose = period.months  # the months outside whole years, named one by one (an index
    if first_year <= last_year:  # lookup each, never a scan of the years between)
        loose = [m for m in loose if not first_year <= m // 100 <= last_year]
        Y = MemberLinkYear
        add(
            db.session.execute(
                select(Y.company_id, Y.link, func.sum(Y.total))
                .where(Y.alliance_id == alliance_id, Y.year.between(first_year, last_year))
                .where(Y.company_id.in_(only) if only is not None else true())
                .group_by(Y.company_id, Y.link)
            )
        )
    if not loose:
        return totals
    M = MemberLinkMonth
    add(
        db.session.execute(
            select(M.company_id, M.link, func.sum(M.total))
            .where(M.alliance_id == alliance_id, M.month.in_(loose))
            .where(M.company_id.in_(only) if only is not None else true())
            .group_by(M.company_id, M.link)
        )
    )
    return totals


def quarter_start(now: date | None = None) -> int:
    """The first month (yyyymm) of the last quarter: this month and the two before."""
    now = now or today()
    return add_months(now.year * 100 + now.month, -2)


def silent_members(alliance: Alliance, *, now: date | None = None) -> dict[str, list[int]]:
    """{link value: ids of current members with no event in that link in the last quarter}."""
    since = quarter_start(now)
    active = db.session.execute(
        select(MemberLinkMonth.link, MemberLinkMonth.company_id)
        .distinct()
        .where(MemberLinkMonth.alliance_id == alliance.id, MemberLinkMonth.month >= since)
    ).all()
    seen: dict[str, set[int]] = {}
    for link, company_id in active:
        seen.setdefault(_link_value(link), set()).add(company_id)
    members = sorted(member_company_ids(alliance))
    return {
        link.value: [c for c in members if c not in seen.get(link.value, set())] for link in Link
    }


def recent(alliance: Alliance, limit: int = 10) -> list[LinkEvent]:
    """The alliance's newest link events (the alliance page's recent activity)."""
    return list(
        db.session.scalars(
            select(LinkEvent)
            .where(LinkEvent.alliance_id == alliance.id)
            .order_by(LinkEvent.occurred_on.desc(), LinkEvent.id.desc())
            .limit(limit)
        )
    )
