"""The loop hands itself on: once reported in, the department acts (gives the work to the
company, takes it on, passes it on), whoever must act next is told, the verifier hears of
the rectification, and nothing waits unseen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from engage.core.audit import AuditEntry
from engage.core.notifications import Notification
from engage.core.permissions import PermissionDenied
from engage.core.timeutil import utcnow
from engage.tracker.models import (
    EventKind,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ProblemSource,
    ProblemStatus,
    Severity,
)
from engage.tracker.problems import loop, permissions
from engage.tracker.problems import services as problems
from engage.tracker.whistles import services
from engage.tracker.whistles.escalation import run_escalations
from tests.tracker.problems.conftest import png_bytes

S = ProblemStatus
IN_A_WEEK = (utcnow() + timedelta(days=7)).date()


@pytest.fixture
def login(client, login_as):
    """Sign in as `user`, forgetting whoever was signed in before in this test."""

    def sign_in(user):
        g.pop("_login_user", None)
        g.pop("unread_notifications", None)
        return login_as(user)

    return sign_in


@pytest.fixture
def manager(make_user, company):
    return make_user("safety_manager", company=company, name="张静")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor", name="王监管")


def _whistle(db, point, actor=None):
    problem = services.blow_whistle(
        actor=actor, category=ProblemCategory.FIRE, title="消防通道被堵", point=point
    )
    db.session.commit()
    return problem


def _media(db, actor):
    import io

    from werkzeug.datastructures import FileStorage

    from engage.core.uploads import save_image

    media = save_image(
        FileStorage(io.BytesIO(png_bytes()), filename="after.png", content_type="image/png"),
        actor=actor,
    )
    db.session.flush()
    return media


def _supervisors(db) -> set[int]:
    from engage.accounts.models import PlatformRole, User

    return set(
        db.session.scalars(select(User.id).where(User.platform_role == PlatformRole.SUPERVISOR))
    )


def _told(db, kind: str) -> set[int]:
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def _reported_in(db, point, member):
    problem = _whistle(db, point)
    services.acknowledge(problem, actor=member)
    db.session.commit()
    return problem


# Reporting in moves the work.


def test_after_reporting_in_the_department_gives_the_work_to_the_company_with_a_due_date(
    db, point, fire_rule, fire_member, fire_lead, manager
):
    problem = _reported_in(db, point, fire_member)
    assert permissions.can_assign_problem(fire_member, problem)
    services.hand_to_company(
        problem, point.company, actor=fire_member, due=IN_A_WEEK, note="请三天内清理"
    )
    db.session.commit()
    assert problem.status is S.ASSIGNED and problem.company_id == point.company_id
    assert problem.due_at.date() in (IN_A_WEEK, IN_A_WEEK - timedelta(days=1))  # park's evening
    assert not problem.department_rectifies
    # The company must act next and is told; the department's lead is not told the work is his.
    assert manager.id in _told(db, "tracker.assigned")
    assert fire_lead.id not in _told(db, "tracker.assigned")
    # The company rectifies; the department no longer can, and verifies instead.
    assert permissions.can_start_rectifying(manager, problem)
    assert not permissions.can_start_rectifying(fire_lead, problem)


def test_the_department_can_take_the_work_on_itself(db, point, fire_rule, fire_member, fire_lead):
    problem = _reported_in(db, point, fire_member)
    services.take_on(problem, actor=fire_member, due=IN_A_WEEK)
    db.session.commit()
    assert problem.status is S.ASSIGNED and problem.assignee_id == fire_member.id
    assert problem.department_rectifies
    assert fire_lead.id in _told(db, "tracker.assigned")
    assert permissions.can_start_rectifying(fire_lead, problem)
    loop.transition(problem, S.RECTIFYING, actor=fire_member)
    loop.transition(
        problem,
        S.AWAITING_VERIFICATION,
        actor=fire_member,
        note="已清理",
        photos=[_media(db, fire_member)],
    )
    db.session.commit()
    # Its own work is verified by someone else: never the department itself.
    assert not permissions.can_verify_problem(fire_lead, problem)


def test_before_reporting_in_the_department_cannot_hand_the_work_on(
    db, point, fire_rule, fire_member
):
    problem = _whistle(db, point)
    with pytest.raises(PermissionDenied):
        services.hand_to_company(problem, point.company, actor=fire_member, due=IN_A_WEEK)
    db.session.rollback()
    assert db.session.get(Problem, problem.id).status is S.REPORTED


def test_someone_outside_the_department_cannot_hand_the_work_on(
    db, point, fire_rule, fire_member, manager
):
    problem = _reported_in(db, point, fire_member)
    with pytest.raises(PermissionDenied):
        services.take_on(problem, actor=manager, due=IN_A_WEEK)


def test_passing_it_back_to_the_supervisors_puts_it_on_their_list_and_tells_them(
    db, point, fire_rule, fire_member, supervisor
):
    problem = _reported_in(db, point, fire_member)
    services.pass_to_supervisors(problem, actor=fire_member, reason="不是消防问题，请另派")
    db.session.commit()
    assert problem.department_id is None and problem.acknowledged_at is None
    assert problem in db.session.scalars(services.list_unrouted()).all()
    assert _told(db, "tracker.whistle_returned") == _supervisors(db) != set()
    event = db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.kind == EventKind.REROUTED)
    ).one()
    assert event.note == "不是消防问题，请另派" and event.data["to_supervisors"]


def test_passing_it_back_needs_a_reason(db, point, fire_rule, fire_member):
    problem = _reported_in(db, point, fire_member)
    with pytest.raises(services.ReasonMissing):
        services.pass_to_supervisors(problem, actor=fire_member, reason="  ")


def test_a_department_that_reported_in_and_did_nothing_is_escalated_again(
    db, point, fire_rule, fire_member, fire_lead, supervisor
):
    problem = _reported_in(db, point, fire_member)
    db.session.execute(Notification.__table__.delete())
    assert problem.act_due_at is not None
    assert run_escalations(problem.act_due_at - timedelta(minutes=1)) == 0
    assert run_escalations(problem.act_due_at + timedelta(minutes=1)) == 1
    db.session.commit()
    assert _told(db, "tracker.whistle_idle_lead") == {fire_lead.id}
    assert run_escalations(problem.act_due_at + timedelta(hours=25)) == 1
    db.session.commit()
    assert _told(db, "tracker.whistle_idle_supervisor") == _supervisors(db) != set()
    assert run_escalations(problem.act_due_at + timedelta(days=5)) == 0


def test_the_report_in_period_sets_the_deadline_to_act(app, db, point, fire_rule, fire_member):
    app.config["ENGAGE_REPORT_IN_HOURS"] = 4
    problem = _reported_in(db, point, fire_member)
    assert problem.act_due_at - problem.acknowledged_at == timedelta(hours=4)


def test_the_whistle_page_offers_the_department_its_next_steps(
    client, login, db, point, fire_rule, fire_member, manager
):
    problem = _reported_in(db, point, fire_member)
    login(fire_member)
    body = client.get(f"/whistles/{problem.id}").text
    assert "Give it to the company" in body and "We take it on" in body
    assert "The park's supervisors (we cannot place it)" in body
    response = client.post(
        f"/whistles/{problem.id}/hand-over",
        data={
            "company_id": str(point.company_id),
            "due": IN_A_WEEK.isoformat(),
            "version": str(problem.version),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is S.ASSIGNED
    body = client.get(response.headers["Location"]).text
    assert "must rectify it by" in body
    assert "Give it to the company" not in body  # done: the choice is no longer offered


@pytest.mark.parametrize(
    "data,message",
    [
        ({"company_id": "0", "due": "2030-01-31"}, "Choose the company that must rectify it."),
        ({"company_id": "999999", "due": "2030-01-31"}, "Not a valid choice"),
        ({"company_id": "{company}", "due": ""}, "This field is required."),
        ({"company_id": "{company}", "due": "31/31/2030"}, "Not a valid date value."),
    ],
)
def test_a_bad_hand_over_form_says_why_and_changes_nothing(
    client, login, db, point, fire_rule, fire_member, data, message
):
    problem = _reported_in(db, point, fire_member)
    login(fire_member)
    data = {k: v.format(company=point.company_id) for k, v in data.items()}
    response = client.post(
        f"/whistles/{problem.id}/hand-over", data={**data, "version": str(problem.version)}
    )
    assert response.status_code == 400 and message in response.text
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is S.REPORTED


def test_a_stale_hand_over_form_is_refused(client, login, db, point, fire_rule, fire_member):
    problem = _reported_in(db, point, fire_member)
    stale = problem.version
    services.take_on(problem, actor=fire_member, due=IN_A_WEEK)
    db.session.commit()
    login(fire_member)
    response = client.post(
        f"/whistles/{problem.id}/take-on",
        data={"due": IN_A_WEEK.isoformat(), "version": str(stale)},
    )
    assert response.status_code in (302, 403)
    db.session.expire_all()
    assert (
        len(
            db.session.scalars(
                select(ProblemEvent).where(ProblemEvent.to_status == "assigned")
            ).all()
        )
        == 1
    )


# Nothing waits unseen.


def _rectified_by_company(db, problem, manager):
    loop.transition(problem, S.RECTIFYING, actor=manager)
    loop.transition(
        problem,
        S.AWAITING_VERIFICATION,
        actor=manager,
        note="已清理通道",
        photos=[_media(db, manager)],
    )
    db.session.commit()


def test_the_department_that_reported_in_is_told_and_verifies_the_companys_work(
    db, point, fire_rule, fire_member, fire_lead, manager, supervisor
):
    problem = _reported_in(db, point, fire_member)
    services.hand_to_company(problem, point.company, actor=fire_member, due=IN_A_WEEK)
    db.session.commit()
    _rectified_by_company(db, problem, manager)
    assert {fire_member.id, fire_lead.id} <= _told(db, "tracker.submitted")
    assert supervisor.id not in _told(db, "tracker.submitted")
    assert permissions.can_verify_problem(fire_lead, problem)
    assert not permissions.can_verify_problem(manager, problem)


def test_an_anonymous_whistle_nobody_reported_in_on_is_verified_by_the_supervisors(
    db, point, manager, supervisor
):
    problem = _whistle(db, point)  # no routing rule: unrouted
    loop.transition(problem, S.ASSIGNED, actor=supervisor)
    db.session.commit()
    _rectified_by_company(db, problem, manager)
    assert _told(db, "tracker.submitted") == _supervisors(db) != set()


def test_a_peer_found_problem_keeps_its_peer_verifier(
    db, point, manager, supervisor, make_user, make_company
):
    peer_company = make_company(name="邻居企业")
    peer = make_user("safety_manager", company=peer_company)
    problem = problems.open_problem(
        title="灭火器过期",
        category=ProblemCategory.FIRE,
        severity=Severity.MAJOR,
        source=ProblemSource.PEER_INSPECTION,
        actor=peer,
        point=point,
    )
    loop.transition(problem, S.ASSIGNED, actor=peer)
    db.session.commit()
    _rectified_by_company(db, problem, manager)
    assert _told(db, "tracker.submitted") == {peer.id}


def test_supervisors_are_told_of_a_whistle_no_rule_placed(db, point, supervisor, fire_member):
    problem = _whistle(db, point)
    assert problem.department_id is None
    notes = db.session.scalars(
        select(Notification).where(Notification.kind == "tracker.whistle_unrouted")
    ).all()
    assert {n.user_id for n in notes} == _supervisors(db) and supervisor.id in _supervisors(db)
    assert {n.url for n in notes} == {f"/whistles/{problem.id}"}


def test_a_routed_whistle_does_not_bother_the_supervisors(db, point, fire_rule, supervisor):
    _whistle(db, point)
    assert not _told(db, "tracker.whistle_unrouted")


def test_the_unrouted_list_is_in_the_supervisors_menu_and_my_work(
    client, login, db, point, supervisor, manager
):
    problem = _whistle(db, point)
    login(supervisor)
    home = client.get("/").text
    assert "/whistles/unrouted" in home and "Whistles to route" in home
    body = client.get("/my-work").text
    assert "Whistles to route" in body and f"/whistles/{problem.id}" in body
    login(manager)
    assert "/whistles/unrouted" not in client.get("/").text
    body = client.get("/my-work").text
    assert "My work" in body and "Whistles to route" not in body


def test_awaiting_my_verification_lists_the_longest_waiting_first(
    client, login, db, point, fire_rule, fire_member, manager, app
):
    import time_machine

    numbers = []
    start = utcnow()
    # The first rectified has the latest due date: the order is by waiting, not by due date.
    for i, due_days in enumerate((20, 10, 5)):
        problem = _reported_in(db, point, fire_member)
        services.hand_to_company(
            problem,
            point.company,
            actor=fire_member,
            due=(start + timedelta(days=due_days)).date(),
        )
        db.session.commit()
        with time_machine.travel(start + timedelta(hours=i + 1), tick=False):
            _rectified_by_company(db, problem, manager)
        numbers.append(problem.number)
    login(fire_member)
    body = client.get("/my-work").text
    section = body[body.index("Awaiting my verification") :]
    assert [section.index(n) for n in numbers] == sorted(section.index(n) for n in numbers)
    assert "Longest waiting first." in section


# The assignee list names people.


def test_the_assignee_list_groups_people_by_company_with_their_role(
    client, login, db, point, supervisor, make_user, company
):
    make_user("employee", company=company, name="张静")
    make_user("safety_manager", company=company, name="张静")
    problem = _whistle(db, point)
    login(supervisor)
    body = client.get(f"/problems/{problem.number}").text
    assert f'<optgroup label="{company.name}">' in body
    assert "张静 · Employee" in body and "张静 · Safety manager" in body


# The reporter sees the outcome.


def _closed_whistle(db, point, fire_member, manager, reporter=None):
    problem = _whistle(db, point, actor=reporter)
    services.acknowledge(problem, actor=fire_member)
    services.hand_to_company(problem, point.company, actor=fire_member, due=IN_A_WEEK)
    db.session.commit()
    _rectified_by_company(db, problem, manager)
    loop.transition(problem, S.CLOSED, actor=fire_member, note="现场复核通过")
    db.session.commit()
    return problem


def test_the_follow_link_shows_the_after_photos(client, db, point, fire_rule, fire_member, manager):
    problem = _closed_whistle(db, point, fire_member, manager)
    body = client.get(f"/w/{problem.follow_token}").text
    assert "After rectification" in body and "Photo after rectification" in body
    assert "Still not fixed?" in body


def test_the_reporter_says_not_fixed_and_it_goes_back_to_verification(
    client, db, point, fire_rule, fire_member, manager
):
    from tests.tracker.whistles.conftest import photo

    problem = _closed_whistle(db, point, fire_member, manager)
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    response = client.post(
        f"/w/{problem.follow_token}/not-fixed",
        data={"note": "通道又堆满了", "photos": [photo()]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    problem = db.session.get(Problem, problem.id)
    assert problem.status is S.AWAITING_VERIFICATION and problem.closed_at is None
    event = db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.kind == EventKind.NOT_FIXED)
    ).one()
    assert event.note == "通道又堆满了" and len(event.photos) == 1
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "problem.not_fixed"))
    assert fire_member.id in _told(db, "tracker.not_fixed")
    body = client.get(response.headers["Location"]).text
    assert "The reporter says it is not fixed" in body
    assert permissions.can_verify_problem(fire_member, problem)


def test_not_fixed_needs_a_note(client, db, point, fire_rule, fire_member, manager):
    problem = _closed_whistle(db, point, fire_member, manager)
    response = client.post(f"/w/{problem.follow_token}/not-fixed", data={"note": " "})
    assert response.status_code == 400 and "This field is required." in response.text
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is S.CLOSED


def test_not_fixed_is_refused_a_month_after_closing(
    client, db, point, fire_rule, fire_member, manager
):
    import time_machine

    problem = _closed_whistle(db, point, fire_member, manager)
    with time_machine.travel(utcnow() + timedelta(days=31), tick=False):
        page = client.get(f"/w/{problem.follow_token}").text
        response = client.post(f"/w/{problem.follow_token}/not-fixed", data={"note": "又坏了"})
    assert "Still not fixed?" not in page and "After rectification" in page
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is S.CLOSED


def test_not_fixed_is_refused_before_anything_was_rectified(client, db, point, fire_rule):
    problem = _whistle(db, point)
    body = client.get(f"/w/{problem.follow_token}").text
    assert problem.number in body and "Still not fixed?" not in body
    response = client.post(f"/w/{problem.follow_token}/not-fixed", data={"note": "x"})
    assert response.status_code == 302
    assert not db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.kind == EventKind.NOT_FIXED)
    ).all()


def test_a_signed_in_reporter_says_not_fixed_on_the_whistle_page(
    client, login, db, point, fire_rule, fire_member, manager, make_user
):
    reporter = make_user("grid_officer")
    problem = _closed_whistle(db, point, fire_member, manager, reporter=reporter)
    login(reporter)
    body = client.get(f"/whistles/{problem.id}").text
    assert "Photo after rectification" in body and "Still not fixed?" in body
    response = client.post(f"/whistles/{problem.id}/not-fixed", data={"note": "还是堵着"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is S.AWAITING_VERIFICATION
    login(manager)  # not the reporter: may see the whistle, may not say "not fixed"
    assert client.post(f"/whistles/{problem.id}/not-fixed", data={"note": "x"}).status_code == 403


def test_not_fixed_is_rate_limited(
    db, point, fire_rule, fire_member, manager, database_url, tmp_path
):
    from engage import create_app
    from engage.extensions import limiter
    from tests.conftest import base_config

    problem = _closed_whistle(db, point, fire_member, manager)
    token = problem.follow_token
    limited = create_app(
        {
            **base_config(database_url, tmp_path),
            "RATELIMIT_ENABLED": True,
            "ENGAGE_NOT_FIXED_LIMIT": "2 per hour",
        }
    )
    db.session.commit()  # SQLite: the outer session must not hold the write lock
    try:
        with limited.app_context():
            client = limited.test_client()
            statuses = [
                client.post(f"/w/{token}/not-fixed", data={"note": "还没好"}).status_code
                for _ in range(3)
            ]
            db.session.remove()
            db.engine.dispose()
    finally:
        limiter.reset()
    assert statuses == [302, 302, 429]
    assert (
        len(
            db.session.scalars(
                select(ProblemEvent).where(ProblemEvent.kind == EventKind.NOT_FIXED)
            ).all()
        )
        == 2
    )


def test_the_problem_list_sorts_by_the_longest_waiting(
    client, login, db, point, fire_rule, fire_member, manager
):
    import time_machine

    start = utcnow()
    numbers = []
    for _i in range(3):
        problem = _reported_in(db, point, fire_member)
        services.hand_to_company(problem, point.company, actor=fire_member, due=IN_A_WEEK)
        db.session.commit()
        numbers.append(problem.number)
    # Rectified in the opposite order of reporting: the last reported has waited longest.
    for i, number in enumerate(reversed(numbers)):
        problem = db.session.scalars(select(Problem).where(Problem.number == number)).one()
        with time_machine.travel(start + timedelta(hours=i + 1), tick=False):
            _rectified_by_company(db, problem, manager)
    login(fire_member)
    body = client.get("/problems?status=awaiting_verification&sort=waiting").text
    assert "Longest waiting" in body
    positions = [body.index(n) for n in reversed(numbers)]
    assert positions == sorted(positions)
