"""The monthly roll-ups of link events, kept equal to a recount in the same transaction.

Four tables (sixlinks/models.py): per member (alliance, company, month, link), the
same per calendar year, per alliance (alliance, month, link) and per company across
its alliances (company, month, link; a source counted in two alliances counts once).
The dashboards read only these, so a five-year page reads a few thousand rows,
whatever the number of events.

Whoever changes `alliance_link_events` (record, forget, redate in services.py)
passes the cells it touched to `refresh(cells)`. Each touched cell is first locked
(an upsert that changes nothing), then set to a recount of its events, then deleted
when empty. On PostgreSQL the lock makes a second transaction touching the same
cell wait for the first to commit; its recount, a new statement, then sees the
first's events as well as its own, so concurrent writers never lose or double a
count. SQLite has one writer at a time. Cells are locked in one order (table, then
key) so two writers never wait for each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from engage.alliance.sixlinks.models import (
    AllianceLinkMonth,
    CompanyLinkMonth,
    Link,
    LinkEvent,
    MemberLinkMonth,
    MemberLinkYear,
)
from engage.extensions import db

#: (alliance id, company id, month yyyymm, link): one member's cell.
Cell = tuple[int, int, int, Link]

_CHUNK = 200


@dataclass(frozen=True)
class _Rollup:
    model: type
    keys: tuple[str, ...]  # of "alliance_id", "company_id", "month" (or "year"), "link"
    distinct_sources: bool = False  # count a source once across alliances

    @property
    def table(self):
        return self.model.__table__

    def key(self, cell: Cell) -> tuple:
        alliance_id, company_id, month, link = cell
        named: dict[str, object] = {
            "alliance_id": alliance_id,
            "company_id": company_id,
            "month": month,
            "year": month // 100,
            "link": link,
        }
        return tuple(named[k] for k in self.keys)

    def _event_column(self, event, key: str):
        return event.month // 100 if key == "year" else getattr(event, key)

    def recount(self):
        """The number of events of the row being updated (a correlated subquery)."""
        event = aliased(LinkEvent)
        conditions = []
        for k in self.keys:
            if k == "year":  # a range on the month, so the index serves it
                year = self.table.c.year
                conditions.append(event.month.between(year * 100 + 1, year * 100 + 12))
            else:
                conditions.append(getattr(event, k) == self.table.c[k])
        if self.distinct_sources:
            earlier = aliased(LinkEvent)
            conditions.append(
                ~exists().where(
                    earlier.company_id == event.company_id,
                    earlier.month == event.month,
                    earlier.link == event.link,
                    earlier.source_kind == event.source_kind,
                    earlier.source_id == event.source_id,
                    earlier.id < event.id,
                )
            )
        return select(func.count()).select_from(event).where(*conditions).scalar_subquery()

    def grouped(self, alliance_id: int | None = None):
        """Every cell's count straight from the events (the backfill, and the check)."""
        columns = [self._event_column(LinkEvent, k) for k in self.keys]
        if self.distinct_sources:
            sources = (
                select(*columns, LinkEvent.source_kind, LinkEvent.source_id).distinct().subquery()
            )
            inner = [sources.c[k] for k in self.keys]
            return select(*inner, func.count()).group_by(*inner)
        query = select(*columns, func.count()).group_by(*columns)
        if alliance_id is not None:
            query = query.where(LinkEvent.alliance_id == alliance_id)
        return query


ROLLUPS: Sequence[_Rollup] = (
    _Rollup(MemberLinkMonth, ("alliance_id", "month", "link", "company_id")),
    _Rollup(MemberLinkYear, ("alliance_id", "year", "link", "company_id")),
    _Rollup(AllianceLinkMonth, ("alliance_id", "month", "link")),
    _Rollup(CompanyLinkMonth, ("company_id", "month", "link"), distinct_sources=True),
)


def _sort_key(key: tuple) -> tuple:
    return tuple(getattr(v, "value", v) for v in key)


def refresh(touched: Iterable[Sequence[Any]]) -> None:
    """Set each roll-up cell that `touched` (alliance, company, month, link) names to a
    recount of its events.

    Call after the events changed (flushed or executed), in the same transaction.
    """
    cells: set[Cell] = {(int(a), int(c), int(m), Link(k)) for a, c, m, k in touched}
    if not cells:
        return
    db.session.flush()
    dialect = db.session.get_bind().dialect.name
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    for rollup in ROLLUPS:
        keys = sorted({rollup.key(c) for c in cells}, key=_sort_key)
        table = rollup.table
        columns = [table.c[k] for k in rollup.keys]
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            lock = upsert(table).values(
                [dict(zip(rollup.keys, key, strict=True), total=0) for key in chunk]
            )
            db.session.execute(
                lock.on_conflict_do_update(
                    index_elements=list(rollup.keys), set_={"total": table.c.total}
                )
            )
            chosen = tuple_(*columns).in_(chunk)
            db.session.execute(update(table).where(chosen).values(total=rollup.recount()))
            db.session.execute(delete(table).where(chosen, table.c.total == 0))


def rebuild(alliance_id: int | None = None) -> None:
    """Recount every cell from the events (after a bulk load; the migration's backfill).

    With `alliance_id`, the member and alliance roll-ups of that alliance only; the
    company roll-up is rebuilt whole either way (a company's cells span its alliances).
    """
    for rollup in ROLLUPS:
        table = rollup.table
        clear = delete(table)
        if alliance_id is not None and "alliance_id" in rollup.keys:
            clear = clear.where(table.c.alliance_id == alliance_id)
            query = rollup.grouped(alliance_id)
        else:
            query = rollup.grouped()
        db.session.execute(clear)
        db.session.execute(
            insert(table).from_select([*rollup.keys, "total"], query),
        )


def differences() -> dict[str, list[tuple]]:
    """{table: [(key, roll-up count, recount)]} for every cell that disagrees: empty when
    the roll-ups are right."""
    found: dict[str, list[tuple]] = {}
    for rollup in ROLLUPS:
        table = rollup.table
        stored = {
            _sort_key(tuple(row[:-1])): row[-1]
            for row in db.session.execute(select(*[table.c[k] for k in rollup.keys], table.c.total))
        }
        counted = {
            _sort_key(tuple(row[:-1])): row[-1] for row in db.session.execute(rollup.grouped())
        }
        wrong = [
            (key, stored.get(key), counted.get(key))
            for key in sorted(set(stored) | set(counted))
            if stored.get(key) != counted.get(key)
        ]
        if wrong:
            found[table.name] = wrong
    return found


def cells_where(*conditions) -> list[Cell]:
    """The member cells of the events matching `conditions` (before a delete or move)."""
    return [
        (a, c, m, Link(k))
        for a, c, m, k in db.session.execute(
            select(LinkEvent.alliance_id, LinkEvent.company_id, LinkEvent.month, LinkEvent.link)
            .distinct()
            .where(and_(*conditions))
        )
    ]
