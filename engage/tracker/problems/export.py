"""CSV and XLSX exports of a filtered problem list (what the reader may see, capped)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select

from engage.accounts.models import Company, Department, User
from engage.core import export
from engage.core.i18n import local_name_column
from engage.extensions import db
from engage.tracker.points.models import Point
from engage.tracker.problems import links
from engage.tracker.problems.models import Problem
from engage.tracker.problems.queries import ProblemFilters, filtered
from engage.tracker.vocab import CATEGORY_LABELS, SEVERITY_LABELS, SOURCE_LABELS, STATUS_LABELS

MAX_ROWS = 50_000


def _header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Status"),
        _("Severity"),
        _("Category"),
        _("Source"),
        _("Company"),
        _("Point"),
        _("Department"),
        _("Assignee"),
        _("Reported at"),
        _("Due"),
        _("Closed at"),
        _("Linked problems"),
    ]


def _rows_stmt(user, filters: ProblemFilters) -> Select:
    """Plain columns with outer joins: one statement for up to MAX_ROWS rows."""
    p = Problem
    return (
        filtered(user, filters)
        .with_only_columns(
            p.id,
            p.number,
            p.title,
            p.status,
            p.severity,
            p.category,
            p.source,
            local_name_column(Company),
            Point.name,
            local_name_column(Department),
            User.name,
            p.created_at,
            p.due_at,
            p.closed_at,
        )
        .select_from(Problem)
        .outerjoin(Company, Company.id == p.company_id)
        .outerjoin(Point, Point.id == p.point_id)
        .outerjoin(Department, Department.id == p.department_id)
        .outerjoin(User, User.id == p.assignee_id)
        .limit(MAX_ROWS)
    )


def _fmt(value):
    return value  # a moment: the export writer shows it in the reader's zone


def rows(user, filters: ProblemFilters) -> Iterator[list]:
    """One row per problem; its linked problems are named only when `user` may see them
    (one more statement per thousand rows)."""
    stmt = _rows_stmt(user, filters)
    result = db.session.execute(stmt).yield_per(1000)
    batches: Iterable[Any] = result.partitions()
    for batch in batches:
        linked = links.linked_labels(user, [row[0] for row in batch])
        for (
            problem_id,
            number,
            title,
            status,
            severity,
            category,
            source,
            company,
            point,
            department,
            assignee,
            created,
            due,
            closed,
        ) in batch:
            yield [
                number,
                title,  # core.export neutralises every text cell
                str(STATUS_LABELS[status]),
                str(SEVERITY_LABELS[severity]),
                str(CATEGORY_LABELS[category]),
                str(SOURCE_LABELS[source]),
                company or "",
                point or "",
                department or "",
                assignee or "",
                _fmt(created),
                _fmt(due),
                _fmt(closed),
                "; ".join(linked.get(problem_id, [])),
            ]


def to_csv(user, filters: ProblemFilters) -> Iterator[str]:
    """CSV text in chunks, with a BOM so Excel opens the Chinese text correctly."""
    return export.csv_stream(_header(), rows(user, filters))


def to_xlsx(user, filters: ProblemFilters) -> bytes:
    return export.xlsx_bytes(_("Problems"), _header(), rows(user, filters))
