"""Due-soon and overdue reminders, each sent once per problem and due date."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError

from engage.core.timeutil import park_zone
from engage.extensions import db
from engage.tracker.problems import notify
from engage.tracker.problems.models import OPEN_STATUSES, Problem, ReminderLog

DUE_SOON = timedelta(days=2)
BATCH = 500


def _stage(problem: Problem) -> int:
    """The due date, in whole hours: a new due date earns a new reminder."""
    assert problem.due_at is not None  # chosen by its due date
    return int(problem.due_at.timestamp() // 3600)


def send_reminders(now: datetime) -> dict[str, int]:
    """Remind the responsible side and watchers of problems due within two days and of
    overdue ones. Idempotent: ReminderLog remembers what was sent. Flushes."""
    sent = {"due_soon": 0, "overdue": 0}
    open_ = Problem.status.in_(OPEN_STATUSES)
    for kind, condition in (
        ("overdue", Problem.due_at < now),
        ("due_soon", (Problem.due_at >= now) & (Problem.due_at < now + DUE_SOON)),
    ):
        problems = db.session.scalars(
            select(Problem).where(open_, condition).order_by(Problem.id)
        ).all()
        for start in range(0, len(problems), BATCH):
            chunk = problems[start : start + BATCH]
            keys = [(p.id, kind, _stage(p)) for p in chunk]
            done = set(
                db.session.execute(
                    select(ReminderLog.problem_id, ReminderLog.kind, ReminderLog.stage).where(
                        tuple_(ReminderLog.problem_id, ReminderLog.kind, ReminderLog.stage).in_(
                            keys
                        )
                    )
                ).all()
            )
            for problem, key in zip(chunk, keys, strict=True):
                if key in done:
                    continue
                try:
                    with db.session.begin_nested():
                        db.session.add(
                            ReminderLog(problem_id=problem.id, kind=kind, stage=key[2], sent_at=now)
                        )
                except IntegrityError:  # another run sent it a moment ago
                    continue
                ids = notify.responsible_ids(problem) | notify.watcher_ids(problem)
                assert problem.due_at is not None  # chosen by its due date
                notify.send(
                    problem,
                    f"tracker.{kind}",
                    ids,
                    due=problem.due_at.astimezone(park_zone()).strftime("%Y-%m-%d"),
                )
                sent[kind] += 1
    return sent
