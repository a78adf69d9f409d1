"""Task forces: forming, rosters (phones, overlaps, leaving), work picked up, goals, six links."""

from __future__ import annotations

from datetime import date

import pytest

from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import events_of_source
from engage.alliance.taskforces import roster, services
from engage.alliance.taskforces.models import GoalMeasure
from engage.core.errors import NotAllowed
from engage.core.vocab import FocusTarget
from engage.tracker import problem_summaries
from engage.tracker.models import ProblemStatus

from .conftest import START


def _data(cast, **kw):
    base = {
        "name": "工改仓突击队",
        "area_id": cast.area.id,
        "focus_target": FocusTarget.WAREHOUSE_CONVERSION.value,
        "leader_id": None,
        "starts_on": START,
    }
    base.update(kw)
    return services.ForceData(**base)


@pytest.mark.parametrize("role", ["a_manager", "a_employee", "grid", "dept_lead"])
def test_only_admins_and_supervisors_form_forces(cast, role):
    with pytest.raises(NotAllowed):
        services.create_taskforce(_data(cast), actor=cast.who(role))


def test_a_supervisor_forms_a_force(db, cast):
    force = services.create_taskforce(_data(cast), actor=cast.supervisor)
    assert force.is_active and force.focus_target == FocusTarget.WAREHOUSE_CONVERSION


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": ""}, "name"),
        ({"area_id": None}, "area_id"),
        ({"focus_target": "moon_base"}, "focus_target"),
        ({"ends_on": date(2026, 2, 1)}, "ends_on"),
        ({"leader_id": 999_999}, "leader_id"),
        ({"alliance_ids": [999_999]}, "alliance_ids"),
    ],
)
def test_bad_force_input_is_refused_beside_its_field(db, cast, changes, field):
    with pytest.raises(services.TaskForceError) as err:
        services.create_taskforce(_data(cast, **changes), actor=cast.admin)
    assert err.value.field == field


def test_two_forces_cannot_share_a_name(db, cast, force):
    with pytest.raises(services.TaskForceError, match="高层楼宇突击队"):
        services.create_taskforce(_data(cast, name=force.name), actor=cast.admin)


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("13800131234", "13800131234"),
        ("138 0013 1234", "13800131234"),
        ("+86 138-0013-1234", "13800131234"),
        ("0512-66881234", "0512-66881234"),
        ("051266881234", "0512-66881234"),
        ("010 12345678", "010-12345678"),
        ("(021)87654321", "021-87654321"),
        ("", ""),
    ],
)
def test_chinese_mobiles_and_landlines_are_kept_in_one_form(raw, stored):
    assert roster.normalise_phone(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "12345678901",
        "1380013123",
        "138001312345",
        "0512-123",
        "hello",
        "00-12345678",
        "１３８００１３１２３４",
    ],
)
def test_a_phone_that_is_neither_mobile_nor_landline_is_refused(raw):
    with pytest.raises(roster.RosterError) as err:
        roster.normalise_phone(raw)
    assert err.value.field == "phone"


def test_the_same_person_twice_at_overlapping_dates_is_refused(db, cast, force, stranger_member):
    again = roster.MemberData(
        name="赵志刚", department_id=cast.department.id, role="other", joined_on=date(2026, 5, 1)
    )
    with pytest.raises(roster.RosterError) as err:
        roster.add_member(force, again, actor=cast.supervisor)
    assert err.value.field == "name" and "赵志刚" in str(err.value)


def test_an_account_holder_cannot_be_added_twice(db, cast, force):
    data = {"user_id": cast.b_manager.id, "role": "safety_manager", "joined_on": START}
    roster.add_member(force, roster.MemberData(**data), actor=cast.a_manager)
    with pytest.raises(roster.RosterError):
        roster.add_member(force, roster.MemberData(**data), actor=cast.a_manager)


def test_a_left_date_before_the_joined_date_is_refused(db, cast, force):
    data = roster.MemberData(
        name="钱红梅",
        company_id=cast.company_b.id,
        role="other",
        joined_on=date(2026, 5, 1),
        left_on=date(2026, 4, 1),
    )
    with pytest.raises(roster.RosterError) as err:
        roster.add_member(force, data, actor=cast.supervisor)
    assert err.value.field == "left_on"


def test_a_member_without_an_account_needs_a_company_or_department(db, cast, force):
    with pytest.raises(roster.RosterError) as err:
        roster.add_member(
            force,
            roster.MemberData(name="无名", role="other", joined_on=START),
            actor=cast.supervisor,
        )
    assert err.value.field == "unit"


def test_members_leave_and_the_roster_keeps_their_stint(db, cast, force, stranger_member):
    roster.leave(
        stranger_member, force, left_on=date(2026, 6, 1), note="调岗", actor=cast.a_manager
    )
    db.session.commit()
    assert roster.current_members(force) == []
    assert [m.left_on for m in roster.roster_of(force)] == [date(2026, 6, 1)]
    back = roster.add_member(
        force,
        roster.MemberData(
            name="赵志刚",
            department_id=cast.department.id,
            role="grid_officer",
            joined_on=date(2026, 6, 1),
        ),
        actor=cast.supervisor,
    )
    assert back.is_current and len(roster.roster_of(force)) == 2


def test_leaving_before_joining_or_in_the_future_is_refused(db, cast, force, stranger_member):
    for day in (date(2026, 2, 1), date(2026, 7, 1)):
        with pytest.raises(roster.RosterError):
            roster.leave(stranger_member, force, left_on=day, note="", actor=cast.supervisor)


def test_only_managers_keep_the_roster(db, cast, force):
    with pytest.raises(NotAllowed):
        roster.add_member(
            force,
            roster.MemberData(name="某人", company_id=cast.company_a.id, joined_on=START),
            actor=cast.a_employee,
        )


def test_bulk_pickup_lists_only_the_focus_target_in_the_area(db, cast, force, high_rise):
    candidates = services.pickup_candidates(force, cast.supervisor)
    assert {p.id for p in candidates} == {high_rise["a"].id, high_rise["b"].id}
    assert services.pick_up(force, [p.id for p in candidates], actor=cast.supervisor) == 2
    db.session.commit()
    assert services.pickup_candidates(force, cast.supervisor) == []
    assert sorted(services.problem_ids(force)) == sorted([high_rise["a"].id, high_rise["b"].id])


def test_a_problem_that_does_not_match_cannot_be_picked_up(db, cast, force, high_rise):
    with pytest.raises(services.TaskForceError):
        services.pick_up(force, [high_rise["old"].id], actor=cast.supervisor)
    assert services.problem_ids(force) == []


def test_a_leader_from_company_a_picks_up_only_what_they_may_see(db, cast, force, high_rise):
    visible = {p.id for p in services.pickup_candidates(force, cast.a_manager)}
    assert visible == {high_rise["a"].id}
    with pytest.raises(services.TaskForceError):
        services.pick_up(force, [high_rise["b"].id], actor=cast.a_manager)


def test_company_b_reads_company_a_problem_of_a_force_without_its_details(
    db, cast, force, high_rise
):
    services.assign_problem(force, high_rise["a"].number, actor=cast.supervisor)
    db.session.commit()
    [row] = problem_summaries(services.problem_ids(force), cast.b_employee)
    assert row.number == high_rise["a"].number and row.is_open
    assert not row.visible and row.title == "" and row.company_name == "" and row.url is None
    [own] = problem_summaries(services.problem_ids(force), cast.a_employee)
    assert own.visible and own.title == "消防控制室无人值守"


def test_assigning_by_number_and_code(db, cast, force, high_rise):
    services.assign_problem(force, high_rise["old"].number.lower(), actor=cast.supervisor)
    services.assign_point(force, high_rise["a_point"].code, actor=cast.supervisor)
    with pytest.raises(services.TaskForceError):
        services.assign_problem(force, "P-1999-00001", actor=cast.supervisor)
    with pytest.raises(services.TaskForceError):
        services.assign_point(force, high_rise["a_point"].code, actor=cast.supervisor)
    assert services.assign_matching_points(force, actor=cast.supervisor) == 1  # b's point


def test_a_finished_force_takes_no_more_work(db, cast, force, high_rise):
    services.update_taskforce(
        force,
        _data(cast, name=force.name, status="finished", focus_target="high_rise"),
        actor=cast.admin,
        version=force.version,
    )
    with pytest.raises(services.TaskForceError):
        services.assign_problem(force, high_rise["a"].number, actor=cast.supervisor)


def test_a_stale_edit_is_refused(db, cast, force):
    from engage.core.errors import StaleVersion

    with pytest.raises(StaleVersion):
        services.update_taskforce(
            force, _data(cast, name="新名字"), actor=cast.admin, version=force.version - 1
        )


def test_goal_bars_are_drawn_from_real_data(db, cast, force, high_rise):
    services.add_goal(
        force,
        services.GoalData("整改高层隐患 4 项", GoalMeasure.AREA_RECTIFIED.value, 4, "项"),
        actor=cast.supervisor,
    )
    services.add_goal(
        force, services.GoalData("走访 2 次", GoalMeasure.VISITS.value, 2), actor=cast.supervisor
    )
    problem = high_rise["a"]
    problem.status, problem.closed_at = ProblemStatus.CLOSED, problem.created_at
    high_rise["old"].status = ProblemStatus.CLOSED  # another focus target: not counted
    high_rise["old"].closed_at = problem.created_at
    services.record_activity(
        force, services.ActivityData("visit", date(2026, 6, 1), "走访"), actor=cast.a_manager
    )
    db.session.commit()
    problems, points = services.work_of(force, cast.supervisor)
    bars = services.progress(force, problems, points, services.activity_counts(force))
    assert [(b.value, b.percent) for b in bars] == [(1, 25), (1, 50)]


@pytest.mark.parametrize(
    "changes",
    [
        {"target": 0},
        {"target": None},
        {"measure": "x"},
        {"title": " "},
        {"due_on": date(2026, 1, 1)},
    ],
)
def test_bad_goals_are_refused(db, cast, force, changes):
    data = {"title": "目标", "measure": "visits", "target": 3}
    data.update(changes)
    with pytest.raises(services.TaskForceError):
        services.add_goal(force, services.GoalData(**data), actor=cast.supervisor)


def test_the_log_counts_build_and_promote_in_the_alliance(
    db, cast, force, alliance, stranger_member
):
    roster.add_member(
        force,
        roster.MemberData(user_id=cast.b_manager.id, role="safety_manager", joined_on=START),
        actor=cast.supervisor,
    )
    formed = events_of_source(SourceKind.TASKFORCE, force.id)
    assert [(e.company_id, e.link) for e in formed] == [(cast.company_b.id, Link.BUILD)]
    helped = services.record_activity(
        force,
        services.ActivityData(
            "helped", date(2026, 6, 10), "帮助甲企业整改消防通道", company_id=cast.company_a.id
        ),
        actor=cast.supervisor,
    )
    db.session.commit()
    events = {
        (e.company_id, e.link) for e in events_of_source(SourceKind.TASKFORCE_ACTIVITY, helped.id)
    }
    assert events == {
        (cast.company_a.id, Link.BUILD),
        (cast.company_b.id, Link.BUILD),
        (cast.company_a.id, Link.PROMOTE),
    }


def test_the_log_refuses_future_days_and_outsiders(db, cast, force):
    with pytest.raises(services.TaskForceError):
        services.record_activity(
            force, services.ActivityData("visit", date(2026, 7, 1), "x"), actor=cast.supervisor
        )
    with pytest.raises(NotAllowed):
        services.record_activity(
            force, services.ActivityData("visit", date(2026, 6, 1), "x"), actor=cast.b_employee
        )


def test_a_member_with_an_account_logs_work(db, cast, force):
    roster.add_member(
        force,
        roster.MemberData(user_id=cast.grid.id, role="grid_officer", joined_on=START),
        actor=cast.supervisor,
    )
    activity = services.record_activity(
        force, services.ActivityData("meeting", date(2026, 6, 2), "周例会"), actor=cast.grid
    )
    assert activity.id
