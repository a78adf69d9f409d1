"""The alliance's inspection board: who inspected whom this year, planned / in progress /
overdue, conformity by category, the items most often failed. A handful of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from engage.accounts.models import Company
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.services import member_company_ids
from engage.alliance.inspections.models import (
    DONE_STATUSES,
    Answer,
    AnswerResult,
    Inspection,
    InspectionStatus,
    Item,
)
from engage.extensions import db


@dataclass
class Board:
    year: int
    companies: list[tuple[int, str]] = field(default_factory=list)
    # (inspector, host); an inspection by a team of no company has no inspector.
    matrix: dict[tuple[int | None, int], int] = field(default_factory=dict)
    planned: int = 0
    in_progress: int = 0
    overdue: int = 0
    done: int = 0
    by_category: list[tuple[str, int, int]] = field(default_factory=list)  # cat, ok, hazards
    most_failed: list[tuple[Item, int]] = field(default_factory=list)


def build(alliance: Alliance, today: date) -> Board:
    board = Board(year=today.year)
    ids = sorted(member_company_ids(alliance))
    board.companies = [
        (c, n)
        for c, n in db.session.execute(
            select(Company.id, Company.name).where(Company.id.in_(ids)).order_by(Company.name)
        )
    ]
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    in_year = (
        Inspection.alliance_id == alliance.id,
        Inspection.planned_on >= start,
        Inspection.planned_on <= end,
    )
    for inspector, host, n in db.session.execute(
        select(Inspection.inspecting_company_id, Inspection.host_company_id, func.count())
        .where(*in_year, Inspection.status.in_(DONE_STATUSES))
        .group_by(Inspection.inspecting_company_id, Inspection.host_company_id)
    ):
        board.matrix[(inspector, host)] = n
    open_ = [InspectionStatus.PROPOSED, InspectionStatus.ACCEPTED]
    row = db.session.execute(
        select(
            func.count(case((Inspection.status.in_(open_) & (Inspection.planned_on >= today), 1))),
            func.count(case((Inspection.status == InspectionStatus.IN_PROGRESS, 1))),
            func.count(case((Inspection.status.in_(open_) & (Inspection.planned_on < today), 1))),
            func.count(case((Inspection.status.in_(DONE_STATUSES), 1))),
        ).where(*in_year)
    ).one()
    board.planned, board.in_progress, board.overdue, board.done = row
    done_ids = select(Inspection.id).where(*in_year, Inspection.status.in_(DONE_STATUSES))
    board.by_category = [
        (cat, ok, bad)
        for cat, ok, bad in db.session.execute(
            select(
                Item.category,
                func.count(case((Answer.result == AnswerResult.CONFORMS, 1))),
                func.count(case((Answer.result == AnswerResult.HAZARD, 1))),
            )
            .join(Item, Item.id == Answer.item_id)
            .where(Answer.inspection_id.in_(done_ids))
            .group_by(Item.category)
            .order_by(Item.category)
        )
    ]
    board.most_failed = most_failed(limit=10, inspection_ids=done_ids)
    return board


def most_failed(*, limit: int = 10, inspection_ids=None) -> list[tuple[Item, int]]:
    """The items most often answered "hazard" (across the park when no inspections are
    given): what the knowledge base's "commonly failed" list is fed from."""
    stmt = (
        select(Item.code, func.count(Answer.id).label("n"))
        .join(Item, Item.id == Answer.item_id)
        .where(Answer.result == AnswerResult.HAZARD)
    )
    if inspection_ids is not None:
        stmt = stmt.where(Answer.inspection_id.in_(inspection_ids))
    rows = db.session.execute(
        stmt.group_by(Item.code).order_by(func.count(Answer.id).desc(), Item.code).limit(limit)
    ).all()
    if not rows:
        return []
    items = {
        i.code: i
        for i in db.session.scalars(
            select(Item).where(Item.code.in_([c for c, _n in rows]), Item.is_current.is_(True))
        )
    }
    return [(items[c], n) for c, n in rows if c in items]
