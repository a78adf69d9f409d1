"""Problems' services: open one (the tracker's public way in), its timeline lines,
the report form's problem, the due rules, and what other parts read.

Flushes, never commits: the caller's transaction holds the problem, its first
timeline line and its audit entry together.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from engage.accounts.models import Company, Department, User
from engage.core import audit
from engage.core.i18n import local_name_column
from engage.core.permissions import is_park_staff
from engage.core.timeutil import deadline, park_zone, utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.errors import ActionRefused
from engage.tracker.points.models import Point
from engage.tracker.problems import search_index  # noqa: F401 (problems are found by search)
from engage.tracker.problems.loop import MoveRefused, NoteRequired, transition
from engage.tracker.problems.models import (
    DueRule,
    EventKind,
    PhotoStage,
    Problem,
    ProblemCategory,
    ProblemCounter,
    ProblemLink,
    ProblemSource,
    ProblemStatus,
    ProblemWatcher,
    Severity,
)
from engage.tracker.problems.permissions import can_edit_due_rules, can_report_problem
from engage.tracker.problems.queries import list_for_point
from engage.tracker.problems.timeline import add_event
from engage.tracker.signals import announce_opened

__all__ = ["add_event", "list_for_point", "open_problem"]

DEFAULT_DUE_DAYS = {Severity.MINOR: 30, Severity.MAJOR: 14, Severity.CRITICAL: 3}


def due_days(severity: Severity) -> int:
    """Days to rectify for a severity: the admins' rule, else the default."""
    days = db.session.scalar(select(DueRule.days).where(DueRule.severity == severity))
    return days if days is not None else DEFAULT_DUE_DAYS[severity]


def next_number(year: int) -> tuple[int, str]:
    """The next sequence number of `year` and its spoken form, P-2026-00042.

    A conditional UPDATE takes the number, so two reporters at once never get
    the same one; the first problem of a year inserts the counter row.
    """
    take = (
        update(ProblemCounter)
        .where(ProblemCounter.year == year)
        .values(last=ProblemCounter.last + 1)
        .returning(ProblemCounter.last)
    )
    result = db.session.execute(take).scalar()
    if result is None:
        try:
            with db.session.begin_nested():
                db.session.execute(insert(ProblemCounter).values(year=year, last=1))
            result = 1
        except IntegrityError:  # another reporter opened the year's counter first
            result = db.session.execute(take).scalar_one()
    return result, f"P-{year}-{result:05d}"


def open_problem(
    *,
    title: str,
    category: ProblemCategory,
    severity: Severity,
    source: ProblemSource,
    actor: User | None,
    description: str = "",
    point: Point | None = None,
    company: Company | None = None,
    location_text: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    photos: Iterable[MediaFile] = (),
    department: Department | None = None,
    due_at: datetime | None = None,
    links: Iterable[tuple[str, int, str, str]] = (),
    anonymous: bool = False,
) -> Problem:
    """Open a problem in the library: number, due date, first timeline line, audit.

    Anyone who found a hazard: a peer inspector, a supervisor, an employee's
    whistle (actor None and anonymous=True for a QR-page whistle without an
    account, which also gets a private follow link). The responsible company is
    the point's, else `company`. `links` are (kind, id, label, url) tuples.
    Flushes; the caller commits.
    """
    now = utcnow()
    if point is not None and company is None:
        company = point.company
    year = now.astimezone(park_zone()).year  # the park's year, not UTC's
    seq, number = next_number(year)
    problem = Problem(
        number=number,
        year=year,
        seq=seq,
        title=title.strip()[:200],
        created_at=now,
        description=description or "",
        category=category,
        severity=severity,
        source=source,
        status=ProblemStatus.REPORTED,
        point=point,
        company=company,
        area_id=company.area_id if company is not None else None,
        location_text=location_text[:300],
        reporter_id=getattr(actor, "id", None),
        reporter_company_id=getattr(actor, "company_id", None),
        reporter_name=reporter_name[:100],
        reporter_phone=reporter_phone[:40],
        follow_token=secrets.token_urlsafe(24) if anonymous or actor is None else None,
        due_at=due_at or deadline(now, days=due_days(severity)),
    )
    db.session.add(problem)
    db.session.flush()
    add_event(
        problem,
        EventKind.CREATED,
        actor=actor,
        to_status=ProblemStatus.REPORTED,
        actor_label=reporter_name if actor is None else "",
        photos=photos,
        photo_stage=PhotoStage.BEFORE,
        source=source.value,
    )
    if actor is not None:
        db.session.add(ProblemWatcher(problem_id=problem.id, user_id=actor.id))
    for kind, target_id, label, url in links:
        db.session.add(
            ProblemLink(
                problem_id=problem.id,
                target_kind=kind,
                target_id=target_id,
                label=label[:200],
                url=url[:500],
            )
        )
    if department is not None:
        # The department must report in like for any routed whistle: same clock, same notices.
        from engage.tracker.whistles.services import send_to_department

        send_to_department(problem, department, actor=actor)
    audit.record(actor, "problem.opened", problem, summary=number, source=source.value)
    announce_opened(problem)
    return problem


MAX_CHOICES = 2000


def usable_points(user) -> list[Point]:
    """The active points `user` may report on, by company then name."""
    stmt = (
        select(Point)
        .join(Company, Company.id == Point.company_id)
        .where(Point.active)
        .order_by(Company.name, Point.name, Point.id)
        .limit(MAX_CHOICES)
    )
    if not is_park_staff(user):
        stmt = stmt.where(Point.company_id == (user.company_id or -1))
    return list(db.session.scalars(stmt))


def company_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the companies a filter may offer, without loading whole rows."""
    stmt = (
        select(Company.id, local_name_column(Company))
        .where(Company.is_active)
        .order_by(Company.name)
        .limit(MAX_CHOICES)
    )
    if not is_park_staff(user):
        stmt = stmt.where(Company.id == (user.company_id or -1))
    return [(id_, name) for id_, name in db.session.execute(stmt)]


def company_names(locale: str) -> list[tuple[int, str]]:
    """(id, name in `locale`) of every active company: the company a department gives
    a whistle to may be any in the park."""
    rows = db.session.execute(
        select(Company.id, Company.name, Company.name_en)
        .where(Company.is_active)
        .order_by(Company.name)
        .limit(MAX_CHOICES)
    )
    return [(id_, (name_en if locale == "en" and name_en else name)) for id_, name, name_en in rows]


def people_of(company_id: int | None, department_id: int | None = None) -> list[User]:
    """Who may be assigned: the people of the responsible company or department."""
    clauses = []
    if company_id is not None:
        clauses.append(User.company_id == company_id)
    if department_id is not None:
        clauses.append(User.department_id == department_id)
    if not clauses:
        return []
    return list(
        db.session.scalars(
            select(User).where(or_(*clauses), User.active).order_by(User.name).limit(500)
        )
    )


def report_problem(
    *,
    actor: User,
    title: str,
    category: ProblemCategory,
    severity: Severity,
    source: ProblemSource,
    description: str = "",
    point: Point | None = None,
    company: Company | None = None,
    department: Department | None = None,
    assignee: User | None = None,
    due_at: datetime | None = None,
    location_text: str = "",
    photos: Iterable[MediaFile] = (),
) -> Problem:
    """Open a problem from the report form and, with an assignee, assign it at once.

    Park staff (any point, any company) and companies' safety managers (their
    own points: a self-check). Flushes. Raises ActionRefused, MoveRefused, NoteRequired.
    """
    if not can_report_problem(actor):
        raise ActionRefused(_l("You may not report problems here."), "point")
    if not is_park_staff(actor):
        source = ProblemSource.SELF_CHECK
        if point is not None and point.company_id != actor.company_id:
            raise MoveRefused(_l("Choose one of your company's points."), "point")
        company = actor.company
    elif source is ProblemSource.WHISTLE:
        source = ProblemSource.SUPERVISOR_VISIT
    if point is not None:
        if not point.active:
            raise NoteRequired(_l("This point is no longer in use."), "point")
        company = point.company
    if company is None and department is None:
        raise NoteRequired(_l("Choose a point, a responsible company or a department."), "point")
    if assignee is not None and not (
        (company is not None and assignee.company_id == company.id)
        or (department is not None and assignee.department_id == department.id)
    ):
        raise NoteRequired(
            _l("The assignee must work for the responsible company or department."), "point"
        )
    problem = open_problem(
        title=title,
        category=category,
        severity=severity,
        source=source,
        actor=actor,
        description=description,
        point=point,
        company=company,
        location_text=location_text,
        photos=photos,
        department=department,
        due_at=due_at,
    )
    if assignee is not None:
        transition(problem, ProblemStatus.ASSIGNED, actor=actor, assignee=assignee)
    return problem


def due_rule_days() -> dict[Severity, int]:
    return {severity: due_days(severity) for severity in Severity}


def set_due_rules(days: dict[Severity, int], *, actor: User) -> None:
    """Admins set the days to rectify per severity. Flushes. Raises ActionRefused."""
    if not can_edit_due_rules(actor):
        raise ActionRefused(_l("Only administrators may change the due rules."))
    existing = {r.severity: r for r in db.session.scalars(select(DueRule))}
    for severity, value in days.items():
        rule = existing.get(severity)
        if rule is None:
            db.session.add(DueRule(severity=severity, days=value))
        else:
            rule.days = value
    audit.record(
        actor,
        "tracker.due_rules",
        None,
        summary="due rules",
        **{s.value: d for s, d in days.items()},
    )
    db.session.flush()
