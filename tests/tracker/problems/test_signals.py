"""The tracker announces opened and closed problems; a failing receiver undoes the change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.core import signals
from engage.tracker import ProblemClosed, ProblemOpened
from engage.tracker.models import Problem, ProblemStatus
from engage.tracker.problems import loop
from tests.tracker.problems.conftest import open_problem

S = ProblemStatus


@pytest.fixture
def heard():
    got: list = []

    def receiver(sender, payload):
        got.append(payload)

    for signal in (signals.problem_opened, signals.problem_closed):
        signal.connect(receiver)
    yield got
    for signal in (signals.problem_opened, signals.problem_closed):
        signal.disconnect(receiver)


def _close(problem, park, photo, verifier):
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor)
    loop.transition(problem, S.RECTIFYING, actor=park.owner_manager)
    loop.transition(
        problem, S.AWAITING_VERIFICATION, actor=park.owner_manager, note="已整改", photos=[photo()]
    )
    loop.transition(problem, S.CLOSED, actor=verifier, note="现场复核合格")


def test_a_peer_verified_closure_is_announced_with_who_verified(db, park, photo, heard):
    problem = open_problem(park)
    _close(problem, park, photo, park.inspector_manager)
    opened, closed = heard
    assert isinstance(opened, ProblemOpened) and opened.problem_id == problem.id
    assert opened.reporter_company_id == park.inspector.id
    assert isinstance(closed, ProblemClosed) and closed.number == problem.number
    assert closed.company_id == park.owner.id
    assert closed.verifier_company_id == park.inspector.id and closed.peer_verified
    assert closed.rectified_by_id == park.owner_manager.id


def test_a_supervisors_verification_is_not_a_peers(db, park, photo, heard):
    problem = open_problem(park)
    _close(problem, park, photo, park.supervisor)
    assert not heard[-1].peer_verified


def test_a_failing_receiver_rolls_the_whole_change_back(db, park, photo):
    problem = open_problem(park)
    db.session.commit()

    def broken(sender, payload):
        raise RuntimeError("receiver failed")

    signals.problem_closed.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            _close(problem, park, photo, park.inspector_manager)
        db.session.rollback()
    finally:
        signals.problem_closed.disconnect(broken)
    assert db.session.get(Problem, problem.id).status is S.REPORTED
    assert db.session.scalar(select(func.count(Problem.id))) == 1
