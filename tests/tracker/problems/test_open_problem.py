"""Opening a problem: numbered, timed, on the timeline, and seen by the right people."""

import pytest
from sqlalchemy import select

from engage.core.permissions import can
from engage.tracker.models import (
    EventKind,
    Point,
    PointKind,
    ProblemCategory,
    ProblemEvent,
    ProblemSource,
    Severity,
)
from engage.tracker.problems import services


@pytest.fixture
def point(db, make_company):
    company = make_company()
    p = Point(company=company, kind=PointKind.SITE, name="一号厂房", code="TESTCODE1")
    db.session.add(p)
    db.session.commit()
    return p


def _open(point, actor, **kw):
    return services.open_problem(
        title="消防通道堆放杂物",
        category=ProblemCategory.FIRE,
        severity=Severity.MAJOR,
        source=ProblemSource.WHISTLE,
        actor=actor,
        point=point,
        **kw,
    )


def test_problems_get_consecutive_numbers_people_can_say(db, point, make_user):
    reporter = make_user("grid_officer")
    first = _open(point, reporter)
    second = _open(point, reporter)
    db.session.commit()
    year = first.created_at.year
    assert first.number == f"P-{year}-00001"
    assert second.number == f"P-{year}-00002"


def test_a_new_problem_has_a_due_date_and_a_first_timeline_line(db, point, make_user):
    problem = _open(point, make_user("supervisor"))
    db.session.commit()
    assert (problem.due_at - problem.created_at).days == 14
    events = db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.problem_id == problem.id)
    ).all()
    assert [e.kind for e in events] == [EventKind.CREATED]
    assert problem.company_id == point.company_id


def test_company_b_cannot_see_company_a_problem(db, point, make_user, make_company):
    problem = _open(point, make_user("supervisor"))
    db.session.commit()
    own = make_user("employee", company=point.company)
    other = make_user("employee", company=make_company())
    assert can(own, "view", problem)
    assert not can(other, "view", problem)
    assert can(make_user("grid_officer"), "view", problem)


def test_an_anonymous_whistle_gets_a_private_follow_link(db, point):
    problem = _open(point, None, reporter_name="热心群众", anonymous=True)
    db.session.commit()
    assert problem.follow_token and len(problem.follow_token) > 20


def test_a_problem_opened_for_a_department_starts_its_report_in_clock(
    db, point, make_user, make_department
):
    fire = make_department("消防救援大队")
    member = make_user("department", department=fire)
    problem = _open(point, make_user("supervisor"), department=fire)
    db.session.commit()
    assert problem.department_id == fire.id
    assert problem.ack_due_at is not None and problem.ack_due_at > problem.routed_at
    from engage.core.notifications import Notification

    notes = db.session.scalars(select(Notification).where(Notification.user_id == member.id))
    assert [n.kind for n in notes] == ["tracker.whistle_routed"]
