"""Whistles: blow one, route it (by the table or by hand), report in, re-route; the routing table.

Services flush, never commit; they take `actor=` and raise domain exceptions.
Problems are opened through engage.tracker.problems.services.open_problem and every
step goes on the problem's timeline through add_event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select
from sqlalchemy.orm.exc import StaleDataError

from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.core import audit
from engage.core.errors import DomainError
from engage.core.timeutil import deadline, park_zone, utcnow
from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.errors import ActionRefused
from engage.tracker.models import (
    OPEN_STATUSES,
    EventKind,
    PhotoStage,
    Point,
    Problem,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    RoutingRule,
    Severity,
)
from engage.tracker.problems import notify as problem_notify
from engage.tracker.problems.loop import transition
from engage.tracker.problems.permissions import can_act_on_reported_in_problem
from engage.tracker.problems.services import add_event, open_problem
from engage.tracker.whistles import notify
from engage.tracker.whistles.permissions import (
    can_edit_routing_table,
    can_report_in_whistle,
    can_route_whistles,
)
from engage.tracker.whistles.timeline import department_details


class WhistleError(DomainError):
    """A whistle step could not be taken; the message says why."""


class NotRoutable(WhistleError):
    def __init__(self) -> None:
        super().__init__(_l("This whistle is already routed or closed."))


class AlreadyAcknowledged(WhistleError):
    def __init__(self) -> None:
        super().__init__(_l("Your department has already reported in on this whistle."))


class SameDepartment(WhistleError):
    def __init__(self) -> None:
        super().__init__(
            _l("The whistle is already with this department; choose another."), "department_id"
        )


class ReasonMissing(WhistleError):
    def __init__(self) -> None:
        super().__init__(_l("Say why the whistle is not your department's."), "reason")


def report_in_hours() -> int:
    return int(current_app.config.get("ENGAGE_REPORT_IN_HOURS", 24))


def blow_whistle(
    *,
    actor: User | None,
    category: ProblemCategory,
    title: str,
    description: str = "",
    point: Point | None = None,
    location_text: str = "",
    area: FunctionalArea | None = None,
    photos: Iterable[MediaFile] = (),
    reporter_name: str = "",
    reporter_phone: str = "",
) -> Problem:
    """Open a whistle problem and route it by the table when a rule fits.

    Anyone signed in, and anyone at all through a point's page (actor None: the
    problem then gets a private follow link). Flushes; the caller commits.
    """
    problem = open_problem(
        title=title,
        category=category,
        severity=Severity.MAJOR,
        source=ProblemSource.WHISTLE,
        actor=actor,
        description=description,
        point=point,
        location_text=location_text,
        reporter_name=reporter_name if actor is None else "",
        reporter_phone=reporter_phone if actor is None else "",
        photos=photos,
        anonymous=actor is None,
    )
    if problem.area_id is None and area is not None:
        problem.area_id = area.id
    db.session.flush()
    if not auto_route(problem):
        # No rule placed it: the supervisors choose the department, so they are told.
        notify.tell(notify.supervisors(), "tracker.whistle_unrouted", problem)
    return problem


def find_rule(category: ProblemCategory, area_id: int | None) -> RoutingRule | None:
    """The rule for this category in this area, else the category's rule for all areas."""
    stmt = select(RoutingRule).where(RoutingRule.category == category)
    if area_id is None:
        stmt = stmt.where(RoutingRule.area_id.is_(None))
    else:
        stmt = stmt.where(or_(RoutingRule.area_id == area_id, RoutingRule.area_id.is_(None)))
    rules = db.session.scalars(stmt).all()
    for rule in rules:
        if rule.area_id is not None:
            return rule
    return rules[0] if rules else None


def auto_route(problem: Problem) -> bool:
    """Route by the routing table; False when no rule fits (a supervisor routes it by hand)."""
    rule = find_rule(problem.category, problem.area_id)
    if rule is None:
        return False
    _route(problem, rule.department, actor=None, auto=True)
    return True


def route(problem: Problem, department: Department, *, actor: User, note: str = "") -> None:
    """Route an unrouted whistle by hand. Supervisors and admins.

    Raises ActionRefused, NotRoutable (closed, or already routed: re-route instead).
    """
    if not can_route_whistles(actor):
        raise ActionRefused(_l("You may not route whistles."))
    if not problem.is_open or problem.department_id is not None:
        raise NotRoutable
    _route(problem, department, actor=actor, note=note)
    audit.record(
        actor, "problem.routed", problem, summary=problem.number, department=department.code
    )


def send_to_department(problem: Problem, department: Department, *, actor: User | None) -> None:
    """Route a problem opened with a responsible department (the reporter chose it):
    the report-in deadline starts and the department's members are told."""
    _route(problem, department, actor=actor)


def _route(
    problem: Problem,
    department: Department,
    *,
    actor: User | None,
    note: str = "",
    auto: bool = False,
    event: bool = True,
) -> None:
    """Give the problem to `department` with a fresh report-in deadline and tell its members."""
    now = utcnow()
    hours = report_in_hours()
    problem.department_id = department.id
    problem.department = department
    problem.routed_at = now
    problem.ack_due_at = deadline(now, hours=hours)
    problem.acknowledged_at = None
    problem.acknowledged_by_id = None
    problem.act_due_at = None
    problem.department_rectifies = False
    problem.escalation_stage = 0
    db.session.flush()
    if event:
        add_event(
            problem,
            EventKind.ROUTED,
            actor=actor,
            note=note,
            **department_details(department),
            auto=auto,
        )
    notify.tell(
        notify.department_members(department.id),
        "tracker.whistle_routed",
        problem,
        department=department,
        hours=hours,
    )


def acknowledge(problem: Problem, *, actor: User, note: str = "") -> None:
    """The department reports in: it takes the problem and must act on it within the
    report-in period (give it to the company, take it on, or pass it on), else the
    escalation stages run again.

    Members of the department it is routed to (supervisors and admins for them).
    Raises ActionRefused, AlreadyAcknowledged.
    """
    if not can_report_in_whistle(actor, problem):
        raise ActionRefused(_l("You may not report in on this whistle."))
    if problem.acknowledged_at is not None:
        raise AlreadyAcknowledged
    now = utcnow()
    problem.acknowledged_at = now
    problem.acknowledged_by_id = actor.id
    if problem.status in (ProblemStatus.REPORTED, ProblemStatus.REOPENED):
        problem.act_due_at = deadline(now, hours=report_in_hours())
        problem.escalation_stage = 0
    db.session.flush()
    department = problem.department
    assert department is not None  # can_report_in_whistle: a routed whistle
    late = bool(problem.ack_due_at and problem.acknowledged_at > problem.ack_due_at)
    add_event(
        problem,
        EventKind.ACKNOWLEDGED,
        actor=actor,
        note=note,
        **department_details(department),
        late=late,
    )
    audit.record(
        actor, "problem.acknowledged", problem, summary=problem.number, department=department.code
    )
    from engage.tracker.signals import announce_acknowledged

    announce_acknowledged(problem, late=late)


def reroute(problem: Problem, department: Department, *, actor: User, reason: str) -> None:
    """ "Not ours": pass the problem to `department`, which gets a fresh deadline.

    The reason is required and shown to the reporter, who is told.
    Members of the department it is routed to (supervisors and admins for them).
    Raises ActionRefused, SameDepartment, ReasonMissing.
    """
    if not can_report_in_whistle(actor, problem):
        raise ActionRefused(_l("You may not report in on this whistle."))
    if department.id == problem.department_id:
        raise SameDepartment
    reason = (reason or "").strip()
    if not reason:
        raise ReasonMissing
    old = _passed_on(
        problem,
        actor=actor,
        reason=reason,
        **department_details(department),
    )
    _route(problem, department, actor=actor, event=False)
    audit.record(
        actor,
        "problem.rerouted",
        problem,
        summary=problem.number,
        from_department=old.code,
        department=department.code,
        reason=reason,
    )
    if problem.reporter_id and problem.reporter_id != actor.id:
        notify.tell(
            [problem.reporter_id],
            "tracker.whistle_rerouted",
            problem,
            department=department,
            from_department=old,
            reason=reason,
        )


def _passed_on(problem: Problem, *, actor: User, reason: str, **to) -> Department:
    """The timeline line of a whistle passed on by the department it was routed to
    (re-routed, or back to the supervisors): from where, to where (`to`), and why.
    Returns the department it leaves."""
    old = problem.department
    assert old is not None  # can_report_in_whistle: a routed whistle
    add_event(
        problem,
        EventKind.REROUTED,
        actor=actor,
        note=reason,
        **department_details(old, "from_"),
        **to,
    )
    return old


def _local_day_end(day) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=park_zone())


def hand_to_company(
    problem: Problem,
    company: Company,
    *,
    actor: User,
    due: date,
    note: str = "",
    version: int | str | None = None,
) -> None:
    """After reporting in, the department gives the rectification to `company` by `due`
    and oversees it: it verifies what the company submits. The company's safety
    managers are told. The department's members (supervisors and admins for them).
    Raises ActionRefused, ProblemChanged, MoveRefused.
    """
    if not can_act_on_reported_in_problem(actor, problem):
        raise ActionRefused(_l("Report in first; then you can give the work to the company."))
    transition(
        problem,
        ProblemStatus.ASSIGNED,
        actor=actor,
        note=note,
        version=version,
        company=company,
        due_at=_local_day_end(due),
        department_rectifies=False,
    )


def take_on(
    problem: Problem,
    *,
    actor: User,
    due: date,
    note: str = "",
    version: int | str | None = None,
) -> None:
    """After reporting in, the department rectifies the problem itself, by `due`; a
    member taking it on becomes its assignee, and the supervisors verify it.
    Raises ActionRefused, ProblemChanged, MoveRefused.
    """
    if not can_act_on_reported_in_problem(actor, problem):
        raise ActionRefused(_l("Report in first; then your department can take it on."))
    member = actor if actor.department_id == problem.department_id else None
    transition(
        problem,
        ProblemStatus.ASSIGNED,
        actor=actor,
        note=note,
        version=version,
        assignee=member,
        due_at=_local_day_end(due),
        department_rectifies=True,
    )


def pass_to_supervisors(problem: Problem, *, actor: User, reason: str) -> None:
    """ "Not ours, and we do not know whose": the whistle goes back to the unrouted
    list and the supervisors are told, with the reason (which the reporter sees).
    Members of the department it is routed to (supervisors and admins for them).
    Raises ActionRefused, ReasonMissing.
    """
    if not can_report_in_whistle(actor, problem):
        raise ActionRefused(_l("You may not report in on this whistle."))
    reason = (reason or "").strip()
    if not reason:
        raise ReasonMissing
    old = _passed_on(problem, actor=actor, reason=reason, to_supervisors=True)
    problem.department_id = None
    problem.department = None
    problem.routed_at = None
    problem.ack_due_at = None
    problem.acknowledged_at = None
    problem.acknowledged_by_id = None
    problem.act_due_at = None
    problem.department_rectifies = False
    problem.escalation_stage = 0
    db.session.flush()
    audit.record(
        actor,
        "problem.returned_to_supervisors",
        problem,
        summary=problem.number,
        from_department=old.code,
        reason=reason,
    )
    notify.tell(
        notify.supervisors(),
        "tracker.whistle_returned",
        problem,
        from_department=old,
        reason=reason,
    )


# How long after closing a reporter may still say "not fixed".
NOT_FIXED_DAYS = 30


def can_say_not_fixed(problem: Problem, now: datetime | None = None) -> bool:
    """The reporter may say "not fixed" while the rectification awaits verification, or
    within NOT_FIXED_DAYS of the problem being closed (after that: a new whistle)."""
    if problem.status is ProblemStatus.AWAITING_VERIFICATION:
        return True
    if problem.status is ProblemStatus.CLOSED and problem.closed_at is not None:
        return (now or utcnow()) - problem.closed_at <= timedelta(days=NOT_FIXED_DAYS)
    return False


class NotFixedRefused(WhistleError):
    def __init__(self) -> None:
        super().__init__(
            _l(
                "This can no longer be sent back: it is not awaiting verification or was "
                "closed more than %(days)s days ago. Blow the whistle again instead.",
                days=NOT_FIXED_DAYS,
            )
        )


def report_not_fixed(
    problem: Problem,
    *,
    actor: User | None,
    note: str,
    photos: Iterable[MediaFile] = (),
    reporter_label: str = "",
) -> None:
    """The reporter says the hazard is still there: a closed problem goes back to
    verification (closing undone), one awaiting verification stays there; either way
    the line, the note and the photos go on the timeline and the audit log, and the
    verifying party is told. The caller has checked that `actor` is the reporter (or
    holds the anonymous whistle's follow link). Raises NotFixedRefused, ReasonMissing.
    """
    if not can_say_not_fixed(problem):
        raise NotFixedRefused
    note = (note or "").strip()
    if not note:
        raise WhistleError(_l("Say what is still wrong."), "note")
    before = problem.status
    if before is ProblemStatus.CLOSED:
        problem.status = ProblemStatus.AWAITING_VERIFICATION
        problem.closed_at = None
        problem.verified_by_id = None
        problem.days_to_close = None
    problem.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError as exc:  # someone verified or sent it back at the same moment
        db.session.rollback()
        raise WhistleError(
            _l("The problem changed at the same moment. Look at it again and resend.")
        ) from exc
    add_event(
        problem,
        EventKind.NOT_FIXED,
        actor=actor,
        actor_label=reporter_label if actor is None else "",
        note=note,
        from_status=before,
        to_status=problem.status,
        photos=list(photos),
        photo_stage=PhotoStage.OTHER,
    )
    audit.record(
        actor,
        "problem.not_fixed",
        problem,
        summary=problem.number,
        from_status=before.value,
        to_status=problem.status.value,
    )
    problem_notify.after_not_fixed(problem, actor=actor)


# The routing table: category x functional area -> department.


def routing_grid() -> dict[tuple[str, int | None], int]:
    """{(category value, area id or None): department id} for every rule."""
    return {
        (r.category.value, r.area_id): r.department_id
        for r in db.session.scalars(select(RoutingRule)).all()
    }


def save_routing(
    cells: dict[tuple[ProblemCategory, int | None], int | None], *, actor: User
) -> int:
    """Replace the routing table by `cells` (None or 0 clears a cell). Admins.

    Returns how many cells changed. Raises ActionRefused.
    """
    if not can_edit_routing_table(actor):
        raise ActionRefused(_l("Only administrators may change the routing table."))
    existing = {(r.category, r.area_id): r for r in db.session.scalars(select(RoutingRule))}
    changed = 0
    for key, department_id in cells.items():
        rule = existing.get(key)
        if not department_id:
            if rule is not None:
                db.session.execute(delete(RoutingRule).where(RoutingRule.id == rule.id))
                changed += 1
        elif rule is None:
            db.session.add(
                RoutingRule(category=key[0], area_id=key[1], department_id=department_id)
            )
            changed += 1
        elif rule.department_id != department_id:
            rule.department_id = department_id
            changed += 1
    db.session.flush()
    if changed:
        audit.record(actor, "tracker.routing_changed", None, summary=str(changed), changed=changed)
    return changed


def list_unrouted():
    """Open whistles no department has yet (a select to paginate)."""
    return (
        select(Problem)
        .where(
            Problem.source == ProblemSource.WHISTLE,
            Problem.department_id.is_(None),
            Problem.status.in_(OPEN_STATUSES),
        )
        .order_by(Problem.created_at, Problem.id)
    )


def find_by_follow_token(token: str) -> Problem | None:
    """The whistle behind an anonymous reporter's private link."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Problem).where(Problem.follow_token == token))
