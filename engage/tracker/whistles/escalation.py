"""Escalating whistles a department has not reported in on, or has reported in on and
not acted on: to its leads, then to supervisors.

`run_escalations(now)` is called by `flask --app engage tracker remind`. Each
stage of each routing happens once: a ReminderLog row claims it (unique per
problem, routing or report-in, and stage), so running it twice sends nothing twice;
a re-routed whistle starts again from stage 0 with the new department, and so does
a whistle once reported in, against its deadline to act (`act_due_at`).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError

from engage.core.timeutil import deadline
from engage.extensions import db
from engage.tracker.models import OPEN_STATUSES, EventKind, Problem, ProblemStatus, ReminderLog
from engage.tracker.problems.services import add_event
from engage.tracker.whistles import notify
from engage.tracker.whistles.timeline import department_details

LEAD, SUPERVISORS = 1, 2


def escalation_hours() -> int:
    """Hours after the report-in deadline when supervisors are told (stage 2)."""
    return int(current_app.config.get("ENGAGE_ESCALATION_HOURS", 24))


def reminder_kind(problem: Problem) -> str:
    """One key per routing and per report-in, so a fresh deadline escalates afresh."""
    if problem.acknowledged_at is not None:
        return f"act:{problem.acknowledged_at:%Y%m%d%H%M%S%f}"
    return f"ack:{problem.routed_at:%Y%m%d%H%M%S%f}" if problem.routed_at else "ack"


def waiting_deadline(problem: Problem) -> datetime | None:
    """What the department owes and by when: reporting in (`ack_due_at`), or, once
    reported in, acting on a problem nobody has been given yet (`act_due_at`)."""
    if problem.department_id is None or not problem.is_open:
        return None
    if problem.acknowledged_at is None:
        return problem.ack_due_at
    if problem.status in (ProblemStatus.REPORTED, ProblemStatus.REOPENED):
        return problem.act_due_at
    return None


def due_stage(problem: Problem, now: datetime) -> int:
    """The stage the problem should be at now: 0, 1 (leads) or 2 (supervisors)."""
    due = waiting_deadline(problem)
    if due is None:
        return 0
    if now >= deadline(due, hours=escalation_hours()):
        return SUPERVISORS
    if now >= due:
        return LEAD
    return 0


def _claim(problem: Problem, stage: int, now: datetime) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(
                insert(ReminderLog).values(
                    problem_id=problem.id, kind=reminder_kind(problem), stage=stage, sent_at=now
                )
            )
    except IntegrityError:
        return False
    return True


def run_escalations(now: datetime) -> int:
    """Escalate every routed problem whose department has not reported in by its
    deadline, or has reported in and not acted by its deadline to act, one stage at a time.

    Stage 1 tells the department's leads, stage 2 (ENGAGE_ESCALATION_HOURS after
    the deadline) the supervisors; each writes an ESCALATED timeline line.
    Returns how many stages were taken. Flushes; the caller commits.
    """
    unacknowledged = (
        Problem.acknowledged_at.is_(None)
        & Problem.ack_due_at.is_not(None)
        & (Problem.ack_due_at <= now)
    )
    idle = (
        Problem.acknowledged_at.is_not(None)
        & Problem.act_due_at.is_not(None)
        & (Problem.act_due_at <= now)
        & Problem.status.in_([ProblemStatus.REPORTED, ProblemStatus.REOPENED])
    )
    candidates = db.session.scalars(
        select(Problem)
        .where(
            Problem.department_id.is_not(None),
            or_(unacknowledged, idle),
            Problem.escalation_stage < SUPERVISORS,
            Problem.status.in_(OPEN_STATUSES),
        )
        .order_by(Problem.ack_due_at, Problem.id)
    ).all()
    taken = 0
    for problem in candidates:
        target = due_stage(problem, now)
        for stage in range(problem.escalation_stage + 1, target + 1):
            if not _claim(problem, stage, now):
                continue
            department = problem.department
            assert department is not None  # due_stage: only a routed whistle escalates
            acting = problem.acknowledged_at is not None
            if stage == LEAD:
                people = notify.department_leads(department.id)
                kind = "tracker.whistle_idle_lead" if acting else "tracker.whistle_escalated_lead"
            else:
                people = notify.supervisors()
                kind = (
                    "tracker.whistle_idle_supervisor"
                    if acting
                    else "tracker.whistle_escalated_supervisor"
                )
            problem.escalation_stage = stage
            db.session.flush()
            add_event(
                problem,
                EventKind.ESCALATED,
                actor=None,
                stage=stage,
                **department_details(department),
                told=len(people),
                waiting="act" if acting else "report_in",
            )
            notify.tell(people, kind, problem, department=department, hours=escalation_hours())
            taken += 1
    return taken
