"""Notifications on moves, and `tracker remind` sending each reminder once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from engage.core.mail import OutboxMessage
from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.tracker.models import ProblemStatus, ReminderLog
from engage.tracker.problems import loop
from engage.tracker.problems.reminders import send_reminders
from tests.tracker.problems.conftest import open_problem

S = ProblemStatus


def _notes(db, user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def test_assigning_tells_the_assignee_and_the_companys_safety_managers(db, park, problem):
    park.owner_manager.locale = "en"
    db.session.commit()
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker)
    db.session.commit()
    assert [n.kind for n in _notes(db, park.owner_worker)] == ["tracker.assigned"]
    assert [n.kind for n in _notes(db, park.owner_manager)] == ["tracker.assigned"]
    assert _notes(db, park.supervisor) == []  # the actor is not told of their own move
    assert _notes(db, park.stranger_manager) == []
    mails = {m.to: m for m in db.session.scalars(select(OutboxMessage))}
    assert problem.number in mails[park.owner_manager.email].subject
    assert "was assigned" in mails[park.owner_manager.email].body  # in English
    assert "分配" in mails[park.owner_worker.email].body  # in Chinese, the default


def test_submitting_tells_the_reporters_side_and_watchers(db, park, problem, photo):
    loop.watch(problem, actor=park.grid)
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor)
    loop.transition(problem, S.RECTIFYING, actor=park.owner_manager)
    loop.transition(
        problem, S.AWAITING_VERIFICATION, actor=park.owner_manager, note="好", photos=[photo()]
    )
    db.session.commit()
    assert "tracker.submitted" in [n.kind for n in _notes(db, park.inspector_manager)]
    assert "tracker.submitted" in [n.kind for n in _notes(db, park.grid)]


def test_remind_sends_due_soon_and_overdue_once(db, park):
    now = utcnow()
    soon = open_problem(park, title="即将到期")
    soon.due_at = now + timedelta(days=1)
    late = open_problem(park, title="已逾期")
    late.due_at = now - timedelta(days=1)
    far = open_problem(park, title="还早")
    far.due_at = now + timedelta(days=20)
    db.session.commit()
    assert send_reminders(now) == {"due_soon": 1, "overdue": 1}
    db.session.commit()
    mails = db.session.scalar(select(func.count(OutboxMessage.id)))
    assert send_reminders(now) == {"due_soon": 0, "overdue": 0}
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == mails
    assert db.session.scalar(select(func.count(ReminderLog.id))) == 2
    kinds = [n.kind for n in _notes(db, park.owner_manager)]
    assert sorted(kinds) == ["tracker.due_soon", "tracker.overdue"]
    # A new due date earns a new reminder.
    late.due_at = now - timedelta(hours=2)
    db.session.commit()
    assert send_reminders(now)["overdue"] == 1


def test_the_remind_command_runs_twice_without_sending_twice(app, db, park):
    late = open_problem(park)
    late.due_at = utcnow() - timedelta(days=3)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["tracker", "remind"])
    assert first.exit_code == 0, first.output
    assert "overdue: 1" in first.output
    second = runner.invoke(args=["tracker", "remind"])
    assert "overdue: 0" in second.output
