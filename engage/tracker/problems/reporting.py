"""Reporting a problem from the problem pages (supervisors, grid officers, and
companies' own checks), and the admins' due rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from engage.accounts.models import Company, Department, User
from engage.core import audit
from engage.core.permissions import is_admin, is_park_staff, signed_in
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.models import (
    DueRule,
    Point,
    Problem,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Severity,
)
from engage.tracker.problems.loop import MoveRefused, NoteRequired, transition
from engage.tracker.services import due_days, open_problem

MAX_CHOICES = 2000


def can_report(user) -> bool:
    """Park staff report anywhere; a company's safety managers report their own (self-check)."""
    return is_park_staff(user) or (signed_in(user) and user.company_id is not None
                                   and user.is_safety_manager)


def usable_points(user) -> list[Point]:
    """The active points `user` may report on, by company then name."""
    stmt = (select(Point).join(Company, Company.id == Point.company_id)
            .where(Point.active).order_by(Company.name, Point.name, Point.id).limit(MAX_CHOICES))
    if not is_park_staff(user):
        stmt = stmt.where(Point.company_id == (user.company_id or -1))
    return list(db.session.scalars(stmt))


def company_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the companies a filter may offer, without loading whole rows."""
    stmt = select(Company.id, Company.name).where(Company.is_active).order_by(
        Company.name).limit(MAX_CHOICES)
    if not is_park_staff(user):
        stmt = stmt.where(Company.id == (user.company_id or -1))
    return [tuple(row) for row in db.session.execute(stmt)]


def all_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.name)))


def people_of(company_id: int | None, department_id: int | None = None) -> list[User]:
    """Who may be assigned: the people of the responsible company or department."""
    clauses = []
    if company_id is not None:
        clauses.append(User.company_id == company_id)
    if department_id is not None:
        clauses.append(User.department_id == department_id)
    if not clauses:
        return []
    return list(db.session.scalars(select(User).where(or_(*clauses), User.active)
                                   .order_by(User.name).limit(500)))


def report_problem(*, actor: User, title: str, category: ProblemCategory, severity: Severity,
                   source: ProblemSource, description: str = "", point: Point | None = None,
                   company: Company | None = None, department: Department | None = None,
                   assignee: User | None = None, due_at: datetime | None = None,
                   location_text: str = "", photos: Iterable[MediaFile] = ()) -> Problem:
    """Open a problem from the report form and, with an assignee, assign it at once.

    Park staff (any point, any company) and companies' safety managers (their
    own points: a self-check). Flushes. Raises MoveRefused, NoteRequired.
    """
    if not can_report(actor):
        raise MoveRefused(_l("You may not report problems here."))
    if not is_park_staff(actor):
        source = ProblemSource.SELF_CHECK
        if point is not None and point.company_id != actor.company_id:
            raise MoveRefused(_l("Choose one of your company's points."))
        company = actor.company
    elif source is ProblemSource.WHISTLE:
        source = ProblemSource.SUPERVISOR_VISIT
    if point is not None:
        if not point.active:
            raise NoteRequired(_l("This point is no longer in use."))
        company = point.company
    if company is None and department is None:
        raise NoteRequired(_l("Choose a point, a responsible company or a department."))
    if assignee is not None and not (
            (company is not None and assignee.company_id == company.id)
            or (department is not None and assignee.department_id == department.id)):
        raise NoteRequired(_l("The assignee must work for the responsible company or "
                             "department."))
    problem = open_problem(title=title, category=category, severity=severity, source=source,
                           actor=actor, description=description, point=point, company=company,
                           location_text=location_text, photos=photos, department=department,
                           due_at=due_at)
    if assignee is not None:
        transition(problem, ProblemStatus.ASSIGNED, actor=actor, assignee=assignee)
    return problem


def due_rule_days() -> dict[Severity, int]:
    return {severity: due_days(severity) for severity in Severity}


def set_due_rules(days: dict[Severity, int], *, actor: User) -> None:
    """Admins set the days to rectify per severity. Flushes. Raises MoveRefused."""
    if not is_admin(actor):
        raise MoveRefused(_l("Only administrators may change the due rules."))
    existing = {r.severity: r for r in db.session.scalars(select(DueRule))}
    for severity, value in days.items():
        rule = existing.get(severity)
        if rule is None:
            db.session.add(DueRule(severity=severity, days=value))
        else:
            rule.days = value
    audit.record(actor, "tracker.due_rules", None, summary="due rules",
                 **{s.value: d for s, d in days.items()})
    db.session.flush()

