"""What the home page shows a signed-in person: their desk's counts and the first open
problems of their company, read as the few columns the section shows."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.core.permissions import signed_in
from engage.extensions import db
from engage.tracker.points.models import Point
from engage.tracker.problems.models import OPEN_STATUSES, Problem
from engage.tracker.problems.permissions import visible_problems
from engage.tracker.problems.queries import my_work_counts

HOME_LIMIT = 5


def home_summary(user) -> dict:
    """The counts of the person's desk and their company's first open problems (due
    first), each as (number, status, title, due_at, point_name). Two queries."""
    if not signed_in(user):
        return {}
    company = []
    if user.company_id is not None:
        company = list(
            db.session.execute(
                select(
                    Problem.number,
                    Problem.status,
                    Problem.title,
                    Problem.due_at,
                    Point.name.label("point_name"),
                )
                .outerjoin(Point, Point.id == Problem.point_id)
                .where(
                    Problem.company_id == user.company_id,
                    Problem.status.in_(OPEN_STATUSES),
                    visible_problems(user),
                )
                # coalesce: no index serves it, so the planner takes the company's few
                # problems first rather than walking the park-wide due date index
                .order_by(func.coalesce(Problem.due_at, Problem.due_at).asc(), Problem.id.asc())
                .limit(HOME_LIMIT)
            )
        )
    return {"counts": my_work_counts(user), "company_problems": company}
