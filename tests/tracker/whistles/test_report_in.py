"""Routing, report-in, "not ours", escalation, and who sees what along the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from engage.core.mail import OutboxMessage
from engage.core.notifications import Notification
from engage.core.permissions import PermissionDenied, can
from engage.core.timeutil import utcnow
from engage.tracker.models import (
    EventKind,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ReminderLog,
    RoutingRule,
)
from engage.tracker.whistles import services
from engage.tracker.whistles.escalation import run_escalations


def _whistle(db, actor, point=None, category=ProblemCategory.FIRE, **kw):
    problem = services.blow_whistle(
        actor=actor, category=category, title="灭火器过期", point=point, **kw
    )
    db.session.commit()
    return problem


def _events(db, problem) -> list[EventKind]:
    return list(
        db.session.scalars(
            select(ProblemEvent.kind)
            .where(ProblemEvent.problem_id == problem.id)
            .order_by(ProblemEvent.id)
        )
    )


def test_a_signed_in_whistle_at_a_point_code(client, login_as, make_user, point, fire_rule, db):
    officer = make_user("grid_officer")
    login_as(officer)
    response = client.post(
        "/whistle/new",
        data={
            "point_code": point.code.lower(),
            "category": "fire",
            "title": "通道堵塞",
            "area_id": "0",
        },
    )
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert problem.reporter_id == officer.id and problem.point_id == point.id
    assert problem.follow_token is None
    assert problem.department_id == fire_rule.department_id
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_signed_in_whistle_at_a_described_place_in_an_area(
    client, login_as, make_user, make_area, db
):
    area = make_area("星湖片区")
    login_as(make_user("employee", company=None) if False else make_user("grid_officer"))
    response = client.post(
        "/whistle/new",
        data={
            "place": "3号路装卸区",
            "category": "storage",
            "title": "货物堆放过高",
            "area_id": str(area.id),
        },
    )
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert problem.location_text == "3号路装卸区" and problem.area_id == area.id
    assert problem.department_id is None  # no rule: waits for a supervisor


@pytest.mark.parametrize(
    "data,field",
    [
        ({"category": "fire", "title": "x", "area_id": "0"}, "describe the place"),
        ({"point_code": "ZZZZZZZZ", "category": "fire", "title": "x", "area_id": "0"}, "No point"),
        ({"place": "x", "category": "volcano", "title": "x", "area_id": "0"}, "is-invalid"),
        ({"place": "x", "category": "fire", "title": "x", "area_id": "abc"}, "is-invalid"),
        ({"place": "\x00", "category": "fire", "title": "\u202e", "area_id": "0"}, "is-invalid"),
    ],
)
def test_a_signed_in_whistle_with_bad_input_says_why(client, login_as, make_user, db, data, field):
    login_as(make_user("grid_officer"))
    response = client.post("/whistle/new", data=data)
    assert response.status_code == 200
    assert field in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Problem.id))) == 0


def test_an_area_rule_overrides_the_default(
    db, make_area, make_company, make_user, fire, emergency, fire_rule
):
    area = make_area()
    db.session.add(
        RoutingRule(category=ProblemCategory.FIRE, area_id=area.id, department_id=emergency.id)
    )
    db.session.commit()
    in_area = _whistle(db, make_user("grid_officer"), location_text="x", area=area)
    elsewhere = _whistle(db, make_user("grid_officer"), location_text="y")
    assert in_area.department_id == emergency.id
    assert elsewhere.department_id == fire.id


def test_routing_tells_the_department_in_its_language(
    db, point, fire_rule, fire_member, make_user, fire
):
    english = make_user("department", department=fire, locale="en")
    problem = _whistle(db, make_user("grid_officer"), point)
    assert problem.ack_due_at - problem.routed_at == timedelta(hours=24)
    told = {n.user_id for n in db.session.scalars(select(Notification))}
    assert told == {fire_member.id, english.id}
    mails = {m.to: m for m in db.session.scalars(select(OutboxMessage))}
    assert "Fire brigade" in mails[english.email].body
    assert "消防救援大队" in mails[fire_member.email].body
    assert _events(db, problem) == [EventKind.CREATED, EventKind.ROUTED]


def test_the_report_in_deadline_is_configurable(db, app, point, fire_rule, make_user):
    app.config["ENGAGE_REPORT_IN_HOURS"] = 4
    problem = _whistle(db, make_user("grid_officer"), point)
    assert problem.ack_due_at - problem.routed_at == timedelta(hours=4)


def test_a_supervisor_routes_an_unrouted_whistle_by_hand(
    client, login_as, make_user, point, emergency, db
):
    problem = _whistle(db, None, point, reporter_name="匿名")
    supervisor = make_user("supervisor")
    login_as(supervisor)
    page = client.get("/whistles/unrouted")
    assert problem.title in page.get_data(as_text=True)
    response = client.post(
        f"/whistles/{problem.id}/route", data={"department_id": str(emergency.id), "note": ""}
    )
    assert response.status_code == 302
    db.session.refresh(problem)
    assert problem.department_id == emergency.id and problem.ack_due_at is not None
    again = client.post(
        f"/whistles/{problem.id}/route",
        data={"department_id": str(emergency.id)},
        follow_redirects=True,
    )
    assert "already routed" in again.get_data(as_text=True)


@pytest.mark.parametrize("value", ["0", "abc", "99999", "\x00", ""])
def test_routing_to_no_department_is_refused(client, login_as, make_user, point, db, value):
    problem = _whistle(db, None, point)
    login_as(make_user("supervisor"))
    client.post(f"/whistles/{problem.id}/route", data={"department_id": value})
    db.session.refresh(problem)
    assert problem.department_id is None


@pytest.mark.parametrize("role", ["grid_officer", "employee", "department"])
def test_only_supervisors_route(client, login_as, make_user, point, db, role, company, fire):
    problem = _whistle(db, None, point)
    kwargs = (
        {"company": company}
        if role == "employee"
        else ({"department": fire} if role == "department" else {})
    )
    login_as(make_user(role, **kwargs))
    assert client.get("/whistles/unrouted").status_code == 404
    client.post(f"/whistles/{problem.id}/route", data={"department_id": str(fire.id)})
    db.session.refresh(problem)
    assert problem.department_id is None


def test_the_department_reports_in(client, login_as, point, fire_rule, fire_member, db):
    problem = _whistle(db, None, point)
    login_as(fire_member)
    assert "We take it" in client.get(f"/whistles/{problem.id}").get_data(as_text=True)
    response = client.post(
        f"/whistles/{problem.id}/acknowledge", data={"note": "马上到"}, follow_redirects=True
    )
    assert "Reported in" in response.get_data(as_text=True)
    db.session.refresh(problem)
    assert problem.acknowledged_by_id == fire_member.id
    again = client.post(f"/whistles/{problem.id}/acknowledge", data={}, follow_redirects=True)
    assert "already reported in" in again.get_data(as_text=True)
    assert _events(db, problem).count(EventKind.ACKNOWLEDGED) == 1
    follow = client.get(f"/w/{problem.follow_token}").get_data(as_text=True)
    assert "reported in" in follow


def test_another_department_cannot_see_or_acknowledge(
    client, login_as, point, fire_rule, make_user, emergency, db
):
    problem = _whistle(db, None, point)
    login_as(make_user("department", department=emergency))
    assert client.get(f"/whistles/{problem.id}").status_code == 404
    assert client.post(f"/whistles/{problem.id}/acknowledge").status_code == 404
    assert (
        client.post(
            f"/whistles/{problem.id}/reroute",
            data={"department_id": str(emergency.id), "reason": "x"},
        ).status_code
        == 404
    )
    db.session.refresh(problem)
    assert problem.acknowledged_at is None


def test_the_company_sees_its_whistle_but_cannot_report_in(
    client, login_as, point, fire_rule, make_user, company, db
):
    problem = _whistle(db, None, point)
    login_as(make_user("safety_manager", company=company))
    page = client.get(f"/whistles/{problem.id}")
    assert page.status_code == 200 and "We take it" not in page.get_data(as_text=True)
    assert problem.number in page.get_data(as_text=True)
    assert client.post(f"/whistles/{problem.id}/acknowledge").status_code == 403


def test_another_company_cannot_see_the_whistle(
    client, login_as, point, make_user, make_company, db
):
    problem = _whistle(db, None, point)
    login_as(make_user("safety_manager", company=make_company()))
    assert client.get(f"/whistles/{problem.id}").status_code == 404


def test_not_ours_needs_a_department_and_a_reason(
    client, login_as, point, fire_rule, fire_member, emergency, db
):
    problem = _whistle(db, None, point)
    login_as(fire_member)
    for data in (
        {"department_id": str(emergency.id), "reason": ""},
        {"department_id": "0", "reason": "不归我们"},
        {"department_id": str(problem.department_id), "reason": "同一个"},
        {"department_id": "x" * 10_000, "reason": "\x00"},
    ):
        response = client.post(f"/whistles/{problem.id}/reroute", data=data)
        assert response.status_code == 400
    db.session.refresh(problem)
    assert problem.department_id == fire_member.department_id


def test_not_ours_passes_it_on_with_a_fresh_deadline_and_tells_the_reporter(
    client, login_as, point, fire_rule, fire_member, make_user, emergency, db
):
    reporter = make_user("grid_officer")
    problem = _whistle(db, reporter, point)
    first_due = problem.ack_due_at
    login_as(fire_member)
    response = client.post(
        f"/whistles/{problem.id}/reroute",
        data={"department_id": str(emergency.id), "reason": "危化品归应急管理局"},
    )
    assert response.status_code == 302
    db.session.refresh(problem)
    assert problem.department_id == emergency.id
    assert problem.ack_due_at >= first_due and problem.escalation_stage == 0
    assert db.session.scalar(
        select(Notification).where(
            Notification.user_id == reporter.id, Notification.kind == "tracker.whistle_rerouted"
        )
    )
    # The department that said "not ours" no longer sees it.
    assert not can(fire_member, "view", problem)
    assert response.headers["Location"].endswith("/departments/board")
    g.pop("_login_user", None)
    login_as(reporter)
    text = client.get(f"/whistles/{problem.id}").get_data(as_text=True)
    assert "危化品归应急管理局" in text and "应急管理局" in text


def test_the_anonymous_reporter_sees_who_rerouted_and_why(
    client, point, fire_rule, fire_member, emergency, db
):
    problem = _whistle(db, None, point)
    services.reroute(problem, emergency, actor=fire_member, reason="不是消防问题")
    db.session.commit()
    response = client.get(f"/w/{problem.follow_token}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "不是消防问题" in text and "应急管理局" in text
    assert fire_member.name not in text  # departments, not private persons


def test_the_follow_page_hides_comments(client, point, db, make_user):
    from engage.tracker.problems.services import add_event

    problem = _whistle(db, None, point)
    add_event(
        problem, EventKind.COMMENT, actor=make_user("supervisor"), note="内部备注：老板是熟人"
    )
    db.session.commit()
    response = client.get(f"/w/{problem.follow_token}")
    assert response.status_code == 200 and problem.number in response.get_data(as_text=True)
    assert "内部备注" not in response.get_data(as_text=True)


def test_reroute_service_refuses_outsiders(db, point, fire_rule, make_user, emergency):
    problem = _whistle(db, None, point)
    with pytest.raises(PermissionDenied):
        services.reroute(problem, emergency, actor=make_user("grid_officer"), reason="x")


class TestEscalation:
    def test_nothing_happens_before_the_deadline(self, db, point, fire_rule, fire_lead):
        problem = _whistle(db, None, point)
        assert run_escalations(problem.ack_due_at - timedelta(minutes=1)) == 0

    def test_stage_one_tells_the_leads_once(self, db, point, fire_rule, fire_lead, fire_member):
        problem = _whistle(db, None, point)
        db.session.execute(Notification.__table__.delete())
        later = problem.ack_due_at + timedelta(minutes=5)
        assert run_escalations(later) == 1
        db.session.commit()
        assert run_escalations(later) == 0
        db.session.commit()
        told = [n.user_id for n in db.session.scalars(select(Notification))]
        assert told == [fire_lead.id]
        assert problem.escalation_stage == 1
        assert _events(db, problem).count(EventKind.ESCALATED) == 1

    def test_stage_two_tells_the_supervisors_a_day_later(
        self, db, point, fire_rule, fire_lead, make_user
    ):
        supervisor = make_user("supervisor")
        problem = _whistle(db, None, point)
        run_escalations(problem.ack_due_at + timedelta(hours=1))
        db.session.commit()
        assert run_escalations(problem.ack_due_at + timedelta(hours=23)) == 0
        assert run_escalations(problem.ack_due_at + timedelta(hours=25)) == 1
        db.session.commit()
        assert run_escalations(problem.ack_due_at + timedelta(hours=50)) == 0
        assert problem.escalation_stage == 2
        assert db.session.scalar(
            select(Notification).where(
                Notification.user_id == supervisor.id,
                Notification.kind == "tracker.whistle_escalated_supervisor",
            )
        )
        assert db.session.scalar(select(func.count(ReminderLog.id))) == 2

    def test_a_late_run_takes_both_stages(self, db, point, fire_rule, fire_lead):
        problem = _whistle(db, None, point)
        assert run_escalations(problem.ack_due_at + timedelta(days=3)) == 2

    def test_an_acknowledged_whistle_the_department_acted_on_is_not_escalated(
        self, db, point, fire_rule, fire_member
    ):
        problem = _whistle(db, None, point)
        services.acknowledge(problem, actor=fire_member)
        services.hand_to_company(
            problem, point.company, actor=fire_member, due=utcnow().date() + timedelta(days=7)
        )
        db.session.commit()
        assert run_escalations(problem.act_due_at + timedelta(days=3)) == 0

    def test_a_rerouted_whistle_escalates_afresh(
        self, db, point, fire_rule, fire_member, emergency, make_user
    ):
        lead = make_user("department_lead", department=emergency)
        problem = _whistle(db, None, point)
        run_escalations(problem.ack_due_at + timedelta(hours=1))
        db.session.commit()
        services.reroute(problem, emergency, actor=fire_member, reason="应急的事")
        db.session.commit()
        assert problem.escalation_stage == 0
        assert run_escalations(problem.ack_due_at + timedelta(hours=1)) == 1
        db.session.commit()
        assert db.session.scalar(
            select(Notification).where(
                Notification.user_id == lead.id,
                Notification.kind == "tracker.whistle_escalated_lead",
            )
        )

    def test_the_stage_two_delay_is_configurable(self, app, db, point, fire_rule):
        app.config["ENGAGE_ESCALATION_HOURS"] = 2
        problem = _whistle(db, None, point)
        assert run_escalations(problem.ack_due_at + timedelta(hours=3)) == 2


def test_run_escalations_uses_now_given(db, point, fire_rule):
    problem = _whistle(db, None, point)
    assert run_escalations(utcnow()) == 0
    assert problem.escalation_stage == 0


@pytest.mark.parametrize(
    "value", ["x" * 10_000, "<script>alert(1)</script>", "\x00", "\u202e", "🔥", "'\""]
)
def test_hostile_report_in_notes_never_break_the_page(
    client, login_as, point, fire_rule, fire_member, db, value
):
    problem = _whistle(db, None, point)
    login_as(fire_member)
    response = client.post(f"/whistles/{problem.id}/acknowledge", data={"note": value})
    assert response.status_code == 302
    db.session.refresh(problem)
    if len(value) > 500:
        assert problem.acknowledged_at is None
    notes = [e.note for e in db.session.scalars(select(ProblemEvent))]
    assert not any("\x00" in n or "\u202e" in n for n in notes)


def test_two_departments_members_reporting_in_at_once_leave_one_acknowledgement(
    app, db, point, fire_rule, fire_member, fire_lead
):
    """The second writer's stale copy is refused by the version check, never a mixed state."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    problem = _whistle(db, None, point)
    problem_id, member_id, lead_id = problem.id, fire_member.id, fire_lead.id
    db.session.commit()  # SQLite: the test's own session must not hold the write lock
    with (
        Session(db.engine, expire_on_commit=False) as first,
        Session(db.engine, expire_on_commit=False) as second,
    ):
        mine = first.get(Problem, problem_id)
        first.commit()  # both pages were loaded before either was sent
        theirs = second.get(Problem, problem_id)
        second.commit()
        mine.acknowledged_at = utcnow()
        mine.acknowledged_by_id = member_id
        first.commit()
        theirs.acknowledged_at = utcnow()
        theirs.acknowledged_by_id = lead_id
        with pytest.raises(StaleDataError):
            second.commit()
    db.session.expire_all()
    assert db.session.get(Problem, problem_id).acknowledged_by_id == member_id
