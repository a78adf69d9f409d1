"""The closed loop: the transition table, who may make each move, the timeline."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from engage.core.audit import AppendOnlyViolation, AuditEntry
from engage.tracker.models import (
    EventKind,
    PhotoStage,
    Problem,
    ProblemEvent,
    ProblemPhoto,
    ProblemStatus,
)
from engage.tracker.problems import loop, permissions
from tests.tracker.problems.conftest import open_problem

S = ProblemStatus


def _events(db, problem):
    return db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.problem_id == problem.id).order_by(ProblemEvent.id)
    ).all()


def _walk_to(db, park, problem, status, photo):
    """Move `problem` along the happy path until it is `status`."""
    steps = [
        (S.ASSIGNED, park.inspector_manager, {"assignee": park.owner_worker}),
        (S.RECTIFYING, park.owner_worker, {}),
        (S.AWAITING_VERIFICATION, park.owner_worker, {"note": "已清理通道", "photos": [photo()]}),
        (S.CLOSED, park.inspector_manager, {"note": "现场复核通道畅通"}),
    ]
    for to, actor, kw in steps:
        if problem.status == status:
            break
        loop.transition(problem, to, actor=actor, **kw)
        db.session.commit()
    assert problem.status == status
    return problem


def test_a_problem_goes_round_the_whole_loop_and_every_step_is_on_the_timeline(
    db, park, problem, photo
):
    _walk_to(db, park, problem, S.CLOSED, photo)
    events = _events(db, problem)
    assert [(e.from_status, e.to_status) for e in events] == [
        (None, "reported"),
        ("reported", "assigned"),
        ("assigned", "rectifying"),
        ("rectifying", "awaiting_verification"),
        ("awaiting_verification", "closed"),
    ]
    assert events[-1].actor_id == park.inspector_manager.id
    assert events[-1].note == "现场复核通道畅通"
    assert problem.closed_at is not None and problem.verified_by_id == park.inspector_manager.id
    assert problem.rectified_by_id == park.owner_worker.id
    after = db.session.scalars(
        select(ProblemPhoto).where(
            ProblemPhoto.problem_id == problem.id, ProblemPhoto.stage == PhotoStage.AFTER
        )
    ).all()
    assert len(after) == 1 and after[0].event_id == events[3].id
    actions = db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "Problem", AuditEntry.object_id == problem.id
        )
    ).all()
    assert {"problem.assign", "problem.start", "problem.submit", "problem.verify"} <= set(actions)


def test_a_move_the_table_does_not_have_is_refused_and_changes_nothing(db, park, problem):
    with pytest.raises(loop.MoveRefused):
        loop.transition(problem, S.CLOSED, actor=park.supervisor, note="直接关闭")
    db.session.rollback()
    assert db.session.get(Problem, problem.id).status == S.REPORTED
    assert len(_events(db, problem)) == 1


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("inspector_manager", True),
        ("supervisor", True),
        ("admin", True),
        ("owner_manager", False),
        ("owner_worker", False),
        ("inspector_worker", False),
        ("stranger_manager", False),
        ("grid", False),
        ("dept_member", False),
        ("nobody", False),
    ],
)
def test_who_may_assign(db, park, problem, who, allowed):
    assert permissions.can_assign_problem(getattr(park, who), problem) is allowed


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("owner_manager", True),
        ("owner_admin", True),
        ("owner_worker", True),
        ("inspector_manager", False),
        ("supervisor", False),
        ("stranger_manager", False),
    ],
)
def test_the_responsible_company_or_the_assignee_starts_rectifying(db, park, problem, who, allowed):
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker)
    db.session.commit()
    assert permissions.can_start_rectifying(getattr(park, who), problem) is allowed


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("inspector_manager", True),
        ("supervisor", True),
        ("admin", True),
        ("owner_manager", False),
        ("owner_worker", False),
        ("owner_admin", False),
        ("stranger_manager", False),
        ("inspector_worker", False),
        ("grid", False),
    ],
)
def test_only_a_party_other_than_the_rectifier_verifies(db, park, problem, photo, who, allowed):
    _walk_to(db, park, problem, S.AWAITING_VERIFICATION, photo)
    assert permissions.can_verify_problem(getattr(park, who), problem) is allowed
    assert permissions.can_send_back_problem(getattr(park, who), problem) is allowed


def test_the_rectifying_user_never_verifies_even_as_a_supervisor(db, park, photo, make_user):
    problem = open_problem(park, reporter=park.supervisor)
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor)
    loop.transition(problem, S.RECTIFYING, actor=park.owner_manager)
    db.session.commit()
    problem.rectified_by_id = park.supervisor.id  # as if the supervisor had rectified it
    problem.status = S.AWAITING_VERIFICATION
    db.session.commit()
    assert not permissions.can_verify_problem(park.supervisor, problem)
    assert permissions.can_verify_problem(park.admin, problem)


def test_closing_needs_a_verification_note(db, park, problem, photo):
    _walk_to(db, park, problem, S.AWAITING_VERIFICATION, photo)
    with pytest.raises(loop.NoteRequired):
        loop.transition(problem, S.CLOSED, actor=park.supervisor, note="   ")
    db.session.rollback()
    assert db.session.get(Problem, problem.id).status == S.AWAITING_VERIFICATION


def test_submitting_needs_an_after_photo_and_a_note(db, park, problem, photo):
    _walk_to(db, park, problem, S.RECTIFYING, photo)
    with pytest.raises(loop.NoteRequired):
        loop.transition(problem, S.AWAITING_VERIFICATION, actor=park.owner_worker, note="好了")
    db.session.rollback()
    with pytest.raises(loop.NoteRequired):
        loop.transition(problem, S.AWAITING_VERIFICATION, actor=park.owner_worker, photos=[photo()])


def test_sending_back_returns_it_to_rectifying_with_the_note(db, park, problem, photo):
    _walk_to(db, park, problem, S.AWAITING_VERIFICATION, photo)
    loop.transition(problem, S.RECTIFYING, actor=park.supervisor, note="灭火器仍未更换")
    db.session.commit()
    assert problem.status == S.RECTIFYING
    assert _events(db, problem)[-1].data["move"] == "send_back"


def test_a_duplicate_is_rejected_with_a_link_to_the_original(db, park, problem):
    second = open_problem(park, reporter=park.grid)
    db.session.commit()
    loop.transition(
        second, S.REJECTED, actor=park.supervisor, note="重复上报", duplicate_of=problem
    )
    db.session.commit()
    assert second.status == S.REJECTED and second.duplicate_of_id == problem.id
    assert _events(db, second)[-1].data["duplicate_of"] == problem.number


def test_rejecting_needs_a_reason(db, park, problem):
    with pytest.raises(loop.NoteRequired):
        loop.transition(problem, S.REJECTED, actor=park.supervisor)


def test_a_closed_problem_can_be_reopened_with_a_reason(db, park, problem, photo):
    _walk_to(db, park, problem, S.CLOSED, photo)
    assert not permissions.can_reopen_problem(park.owner_manager, problem)
    loop.transition(problem, S.REOPENED, actor=park.supervisor, note="复查发现再次堵塞")
    db.session.commit()
    assert problem.status == S.REOPENED and problem.closed_at is None
    loop.transition(problem, S.RECTIFYING, actor=park.owner_manager)
    db.session.commit()
    assert problem.status == S.RECTIFYING


def test_the_timeline_is_append_only(db, park, problem):
    event = _events(db, problem)[0]
    event.note = "改写历史"
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()


def test_a_stale_form_is_refused_and_says_the_new_state(db, park, problem):
    seen_version = problem.version
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor)
    db.session.commit()
    with pytest.raises(loop.ProblemChanged) as caught:
        loop.transition(
            problem, S.REJECTED, actor=park.inspector_manager, note="不是隐患", version=seen_version
        )
    assert caught.value.problem.status == S.ASSIGNED
    db.session.rollback()
    assert db.session.get(Problem, problem.id).status == S.ASSIGNED


def test_two_people_acting_at_once_one_wins_the_other_is_told(db, park, problem):
    """Both loaded the problem; the first write lands between the second's form check
    and its flush: the version column refuses the second, never a mixed state."""
    loaded = db.session.get(Problem, problem.id)
    version = loaded.version
    db.session.expunge(loaded)  # what the second user's request holds in memory
    db.session.commit()
    with db.engine.begin() as first_user:
        first_user.execute(
            update(Problem.__table__)
            .where(Problem.__table__.c.id == problem.id)
            .values(status="rejected", version=version + 1)
        )
    db.session.add(loaded)
    with pytest.raises(loop.ProblemChanged) as caught:
        loop.transition(loaded, S.ASSIGNED, actor=park.supervisor, version=version)
    assert caught.value.problem.status == S.REJECTED
    db.session.expire_all()
    fresh = db.session.get(Problem, problem.id)
    assert fresh.status == S.REJECTED and fresh.version == version + 1
    assert [e.kind for e in _events(db, fresh)] == [EventKind.CREATED]


def test_a_department_acts_as_the_responsible_party_once_it_has_reported_in(
    db, park, problem, photo
):
    from engage.core.timeutil import utcnow

    problem.department_id = park.dept.id
    db.session.commit()
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.dept_member)
    db.session.commit()
    assert not permissions.can_start_rectifying(park.dept_lead, problem)
    problem.acknowledged_at = utcnow()
    db.session.commit()
    assert permissions.can_start_rectifying(park.dept_lead, problem)
    loop.transition(problem, S.RECTIFYING, actor=park.dept_lead)
    loop.transition(
        problem, S.AWAITING_VERIFICATION, actor=park.dept_lead, note="已整改", photos=[photo()]
    )
    db.session.commit()
    assert not permissions.can_verify_problem(park.dept_member, problem)
    assert permissions.can_verify_problem(park.supervisor, problem)


def test_the_assignee_must_work_for_the_responsible_side(db, park, problem):
    with pytest.raises(loop.NoteRequired):
        loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.stranger_manager)
    db.session.rollback()
    assert db.session.get(Problem, problem.id).assignee_id is None


def test_reassigning_and_moving_the_due_date_are_on_the_timeline(db, park, problem):
    from datetime import timedelta

    loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker)
    loop.reassign(problem, actor=park.owner_manager, assignee=park.owner_admin, note="换人")
    loop.change_due(
        problem, actor=park.supervisor, due_at=problem.due_at + timedelta(days=7), note="需采购设备"
    )
    db.session.commit()
    kinds = [e.kind for e in _events(db, problem)]
    assert kinds[-2:] == [EventKind.ASSIGNED, EventKind.DUE_CHANGED]
    assert problem.assignee_id == park.owner_admin.id
    with pytest.raises(loop.MoveRefused):
        loop.change_due(problem, actor=park.owner_manager, due_at=problem.due_at)
