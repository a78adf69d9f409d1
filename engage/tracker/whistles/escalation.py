"""Escalating whistles a department has not reported in on: to its leads, then to supervisors.

`run_escalations(now)` is called by `flask --app engage tracker remind`. Each
stage of each routing happens once: a ReminderLog row claims it (unique per
problem, routing and stage), so running it twice sends nothing twice, and a
re-routed whistle starts again from stage 0 with the new department.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from engage.core.timeutil import deadline
from engage.extensions import db
from engage.tracker.models import OPEN_STATUSES, EventKind, Problem, ReminderLog
from engage.tracker.problems.services import add_event
from engage.tracker.whistles import notify

LEAD, SUPERVISORS = 1, 2


def escalation_hours() -> int:
    """Hours after the report-in deadline when supervisors are told (stage 2)."""
    return int(current_app.config.get("ENGAGE_ESCALATION_HOURS", 24))


def reminder_kind(problem: Problem) -> str:
    """One key per routing, so a fresh deadline after a re-route escalates afresh."""
    return f"ack:{problem.routed_at:%Y%m%d%H%M%S%f}" if problem.routed_at else "ack"


def due_stage(problem: Problem, now: datetime) -> int:
    """The stage the problem should be at now: 0, 1 (leads) or 2 (supervisors)."""
    if (
        problem.ack_due_at is None
        or problem.acknowledged_at is not None
        or problem.department_id is None
        or not problem.is_open
    ):
        return 0
    if now >= deadline(problem.ack_due_at, hours=escalation_hours()):
        return SUPERVISORS
    if now >= problem.ack_due_at:
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
    """Escalate every overdue, unacknowledged routed problem one stage at a time.

    Stage 1 tells the department's leads, stage 2 (ENGAGE_ESCALATION_HOURS after
    the deadline) the supervisors; each writes an ESCALATED timeline line.
    Returns how many stages were taken. Flushes; the caller commits.
    """
    candidates = db.session.scalars(
        select(Problem)
        .where(
            Problem.department_id.is_not(None),
            Problem.acknowledged_at.is_(None),
            Problem.ack_due_at.is_not(None),
            Problem.ack_due_at <= now,
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
            if stage == LEAD:
                people = notify.department_leads(department.id)
                kind = "tracker.whistle_escalated_lead"
            else:
                people = notify.supervisors()
                kind = "tracker.whistle_escalated_supervisor"
            problem.escalation_stage = stage
            db.session.flush()
            add_event(
                problem,
                EventKind.ESCALATED,
                actor=None,
                stage=stage,
                department_id=department.id,
                department=department.name,
                department_en=department.name_en or "",
                told=len(people),
            )
            notify.tell(people, kind, problem, department=department, hours=escalation_hours())
            taken += 1
    return taken
