"""Problem lists: filters from the URL, sorting, visibility, and the "my work" sections.

Every list loads what its rows show eagerly, so a page costs the same number of
statements for 2 rows as for 50. The problem list and My work read their rows as
columns (ListRow: the names of the company, point, department and assignee joined
in), not as models with their related objects.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.orm import joinedload, selectinload

from engage.accounts.models import Company, Department, User
from engage.core import search
from engage.core.args import choice_arg, int_arg, text_arg
from engage.core.i18n import local_name_column
from engage.core.permissions import is_park_staff, is_supervisor_or_admin, signed_in
from engage.core.timeutil import utcnow
from engage.extensions import db
from engage.tracker.problems import search_index
from engage.tracker.problems.models import (
    OPEN_STATUSES,
    Point,
    Problem,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Severity,
)
from engage.tracker.problems.permissions import visible_problems

SORTS = ("newest", "due", "severity", "waiting")


def _values(kind) -> set[str]:
    return {m.value for m in kind}


NUMBER_RE = re.compile(r"P-\d{4}-\d{5,9}")
NUMBER_PART_RE = re.compile(r"(?i)(P-?)?[\d-]*\d[\d-]*")
SEVERITY_RANK = case(
    {Severity.CRITICAL.value: 0, Severity.MAJOR.value: 1, Severity.MINOR.value: 2},
    value=Problem.severity,
    else_=3,
)


def row_options():
    """What a list row shows: company, point, department, assignee."""
    return (
        joinedload(Problem.company),
        selectinload(Problem.point),
        joinedload(Problem.department),
        selectinload(Problem.assignee),
    )


@dataclass(slots=True)
class ListRow:
    """What a row of the problem list or My work shows, read as columns. The names are
    None where the problem has no company, point, department or assignee."""

    id: int
    number: str
    status: ProblemStatus
    severity: Severity
    title: str
    due_at: datetime | None
    rectified_at: datetime | None
    closed_at: datetime | None
    company_name: str | None
    point_name: str | None
    department_name: str | None
    assignee_name: str | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def list_rows(stmt: Select) -> list[ListRow]:
    """The problems `stmt` selects (its conditions, order and limit kept) as list rows,
    in one statement: the names in the reader's language are joined in."""
    stmt = (
        stmt.with_only_columns(
            Problem.id,
            Problem.number,
            Problem.status,
            Problem.severity,
            Problem.title,
            Problem.due_at,
            Problem.rectified_at,
            Problem.closed_at,
            local_name_column(Company).label("company_name"),
            Point.name.label("point_name"),
            local_name_column(Department).label("department_name"),
            User.name.label("assignee_name"),
        )
        .outerjoin_from(Problem, Company, Company.id == Problem.company_id)
        .outerjoin_from(Problem, Point, Point.id == Problem.point_id)
        .outerjoin_from(Problem, Department, Department.id == Problem.department_id)
        .outerjoin_from(Problem, User, User.id == Problem.assignee_id)
    )
    rows: list[tuple[Any, ...]] = list(db.session.execute(stmt))
    return [ListRow(*r) for r in rows]


@dataclass
class ProblemFilters:
    """The list's filters and sort, as they appear in the URL."""

    status: str | None = None  # a status, or "open"
    company: int | None = None
    area: int | None = None
    point: int | None = None
    department: int | None = None
    severity: str | None = None
    source: str | None = None
    category: str | None = None
    overdue: bool = False
    mine: bool = False
    q: str = ""
    sort: str = "newest"

    @classmethod
    def from_request(cls) -> ProblemFilters:
        """Parse the request's query string; anything malformed is simply not a filter."""
        status = request.args.get("status")
        return cls(
            status=status
            if status == "open"
            else choice_arg("status", _values(ProblemStatus)) or None,
            company=int_arg("company") or None,
            area=int_arg("area") or None,
            point=int_arg("point") or None,
            department=int_arg("department") or None,
            severity=choice_arg("severity", _values(Severity)) or None,
            source=choice_arg("source", _values(ProblemSource)) or None,
            category=choice_arg("category", _values(ProblemCategory)) or None,
            overdue=request.args.get("overdue") in ("1", "on", "true"),
            mine=request.args.get("mine") in ("1", "on", "true"),
            q=text_arg("q", 100),
            sort=choice_arg("sort", SORTS, "newest"),
        )

    def to_args(self) -> dict:
        """The non-default filters, for links that keep them."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", False) or (f.name == "sort" and value == "newest"):
                continue
            out[f.name] = 1 if value is True else value
        return out

    @property
    def active(self) -> bool:
        return bool({k for k in self.to_args() if k != "sort"})

    def as_dict(self) -> dict:
        return asdict(self)


def _unindexed(column):
    """`column` as an expression no index serves: a planner hint. A company user sees a
    few hundred of the park's problems; found through the OR of their indexed columns
    and sorted, they are cheaper than walking the park-wide date index to collect them."""
    return func.coalesce(column, column)


def filtered(user, filters: ProblemFilters, *, now: datetime | None = None) -> Select:
    """The problems `user` may see that match `filters`, sorted; no loader options."""
    now = now or utcnow()
    stmt = select(Problem).where(visible_problems(user))
    if filters.status == "open":
        stmt = stmt.where(Problem.status.in_(OPEN_STATUSES))
    elif filters.status:
        stmt = stmt.where(Problem.status == ProblemStatus(filters.status))
    if filters.company:
        stmt = stmt.where(Problem.company_id == filters.company)
    if filters.area:
        stmt = stmt.where(Problem.area_id == filters.area)
    if filters.point:
        stmt = stmt.where(Problem.point_id == filters.point)
    if filters.department:
        stmt = stmt.where(Problem.department_id == filters.department)
    if filters.severity:
        stmt = stmt.where(Problem.severity == Severity(filters.severity))
    if filters.source:
        stmt = stmt.where(Problem.source == ProblemSource(filters.source))
    if filters.category:
        stmt = stmt.where(Problem.category == ProblemCategory(filters.category))
    if filters.overdue:
        stmt = stmt.where(Problem.status.in_(OPEN_STATUSES), Problem.due_at < now)
    if filters.mine:
        stmt = stmt.where(Problem.assignee_id == (user.id if signed_in(user) else -1))
    if filters.q and NUMBER_RE.fullmatch(filters.q.upper()):
        stmt = stmt.where(Problem.number == filters.q.upper())  # said aloud: the index
    elif filters.q:
        # Words go to the search index (number, title, description, place,
        # company), which knows who may see each problem; a bare piece of a
        # number ("00042", "2026-0004") also matches the start of numbers.
        ids = search.matching_ids(filters.q, user=user, kind=search_index.KIND) or []
        found: ColumnElement[bool] = Problem.id.in_(ids)
        if NUMBER_PART_RE.fullmatch(filters.q):
            found = or_(found, Problem.number.contains(filters.q.upper(), autoescape=True))
        stmt = stmt.where(found)
    park_wide = is_park_staff(user)
    created = Problem.created_at if park_wide else _unindexed(Problem.created_at)
    due = Problem.due_at if park_wide else _unindexed(Problem.due_at)
    if filters.sort == "due":
        stmt = stmt.order_by(due.asc(), Problem.id.asc())
    elif filters.sort == "severity":
        stmt = stmt.order_by(SEVERITY_RANK, created.desc(), Problem.id.desc())
    elif filters.sort == "waiting":
        # Longest waiting since the rectification was submitted (else since reported).
        waiting = func.coalesce(Problem.rectified_at, Problem.created_at)
        stmt = stmt.order_by(waiting.asc(), Problem.id.asc())
    else:
        stmt = stmt.order_by(created.desc(), Problem.id.desc())
    return stmt


COUNT_CAP = 20_000


class ProblemPage(Pagination):
    """A page of problems whose total is counted up to COUNT_CAP, so a list of a
    hundred thousand problems costs a bounded count (the page says "more than").

    The page's ids come first from the sort index alone (a deep OFFSET then walks
    index entries, not rows); the rows and what they show are loaded for those ids."""

    capped = False

    def _query_items(self) -> list:
        stmt = self._query_args["select"]
        ids = list(
            db.session.scalars(
                stmt.with_only_columns(Problem.id).limit(self.per_page).offset(self._query_offset)
            )
        )
        if not ids:
            return []
        rows = list_rows(select(Problem).where(Problem.id.in_(ids)))
        order = {pid: i for i, pid in enumerate(ids)}
        return sorted(rows, key=lambda p: order[p.id])

    def _query_count(self) -> int:
        stmt = self._query_args["select"]
        inner = select(literal(1)).select_from(Problem)
        if stmt.whereclause is not None:
            inner = inner.where(stmt.whereclause)
        n = (
            db.session.scalar(
                select(func.count()).select_from(inner.limit(COUNT_CAP + 1).subquery())
            )
            or 0
        )
        self.capped = n > COUNT_CAP
        return min(n, COUNT_CAP)


def list_page(user, filters: ProblemFilters, *, page: int, per_page: int = 20) -> ProblemPage:
    return ProblemPage(
        page=page, per_page=per_page, error_out=False, select=filtered(user, filters)
    )


def get_by_number(number: str) -> Problem | None:
    """One problem by its spoken number, with what its page header shows."""
    number = (number or "").strip().upper()
    if not NUMBER_RE.fullmatch(number):
        return None
    return db.session.scalar(
        select(Problem)
        .where(Problem.number == number)
        .options(
            joinedload(Problem.company),
            joinedload(Problem.point),
            joinedload(Problem.department),
            joinedload(Problem.assignee),
            joinedload(Problem.reporter),
            joinedload(Problem.duplicate_of),
        )
    )


def list_for_point(point, user, *, open_only: bool = False, limit: int = 10) -> list[Problem]:
    """The problems on `point` that `user` may see, newest first (none for anonymous)."""
    if not signed_in(user):
        return []
    stmt = (
        select(Problem)
        .where(Problem.point_id == point.id, visible_problems(user))
        .order_by(Problem.created_at.desc(), Problem.id.desc())
        .limit(max(1, min(limit, 100)))
        .options(*row_options())
    )
    if open_only:
        stmt = stmt.where(Problem.status.in_(OPEN_STATUSES))
    return list(db.session.scalars(stmt))


MY_WORK_LIMIT = 10


def _my_work_filters(user) -> dict:
    """Each "my work" section as a condition on problems, in the order the page shows them."""
    filters = {
        "assigned": (Problem.assignee_id == user.id) & Problem.status.in_(OPEN_STATUSES),
    }
    if user.company_id is not None:
        filters["company"] = (Problem.company_id == user.company_id) & Problem.status.in_(
            OPEN_STATUSES
        )
    awaiting = Problem.status == ProblemStatus.AWAITING_VERIFICATION
    park_wide = is_supervisor_or_admin(user)
    # Whoever is not park-wide verifies what they, their company or their department
    # reported: found through those indexes (the planner is told the status alone
    # serves no index), not by walking every problem of the park that awaits
    # verification (9,000 of a park of 100,000).
    verify = (
        awaiting if park_wide else _unindexed(Problem.status) == ProblemStatus.AWAITING_VERIFICATION
    ) & or_(Problem.rectified_by_id.is_(None), Problem.rectified_by_id != user.id)
    if user.company_id is not None:
        verify = verify & or_(Problem.company_id.is_(None), Problem.company_id != user.company_id)
    if not park_wide:
        mine = [Problem.reporter_id == user.id]
        if user.is_safety_manager:
            mine.append(Problem.reporter_company_id == user.company_id)
        if user.department_id is not None:
            # The department that reported in and gave the work to a company verifies it
            # (found by department and status: one index).
            mine.append(
                (Problem.department_id == user.department_id)
                & awaiting
                & Problem.acknowledged_at.is_not(None)
                & Problem.company_id.is_not(None)
                & Problem.department_rectifies.is_(False)
            )
        verify = verify & or_(*mine)
    filters["verify"] = verify
    if user.department_id is not None:
        filters["department"] = (Problem.department_id == user.department_id) & Problem.status.in_(
            OPEN_STATUSES
        )
    return filters


def my_work(user) -> dict[str, list[ListRow]]:
    """The person's desk: assigned to me, my company's open problems, awaiting my
    verification, routed to my department. One query per section."""
    sections: dict[str, list[ListRow]] = {}
    for key, condition in _my_work_filters(user).items():
        # What awaits verification has waited since its submission: the longest first.
        order = Problem.rectified_at if key == "verify" else Problem.due_at
        stmt = (
            select(Problem)
            .where(condition, visible_problems(user))
            .order_by(_unindexed(order).asc(), Problem.id.asc())
            .limit(MY_WORK_LIMIT)
        )
        sections[key] = list_rows(stmt)
    return sections


def my_work_counts(user) -> dict[str, int]:
    """How many problems wait in each "my work" section, in one statement: a count per
    section, each through that section's own index (a supervisor sees the whole park,
    so one pass over everything visible would read every problem)."""
    filters = _my_work_filters(user)
    visible = visible_problems(user)
    counts = [
        select(func.count()).select_from(Problem).where(condition, visible).scalar_subquery()
        for condition in filters.values()
    ]
    row: tuple[Any, ...] = db.session.execute(select(*counts)).one()
    return {key: int(n or 0) for key, n in zip(filters, row, strict=True)}


HOME_LIMIT = 5


def home_summary(user) -> dict:
    """What the home page shows a signed-in person: the counts of their desk and
    the first open problems of their company (due first). Two queries."""
    if not signed_in(user):
        return {}
    company: list[Problem] = []
    if user.company_id is not None:
        company = list(
            db.session.scalars(
                select(Problem)
                .where(
                    Problem.company_id == user.company_id,
                    Problem.status.in_(OPEN_STATUSES),
                    visible_problems(user),
                )
                .order_by(_unindexed(Problem.due_at).asc(), Problem.id.asc())
                .limit(HOME_LIMIT)
                .options(*row_options())
            )
        )
    return {"counts": my_work_counts(user), "company_problems": company}
