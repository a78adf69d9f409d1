"""Every kind of notification the tracker sends opens its object: tapping it marks it read
and lands its reader on the problem or whistle it is about.

One story makes every kind happen through the services (whistles blown, routed,
re-routed, escalated, passed back, reported in, handed to the company, rectified,
sent back, closed, "not fixed", reopened, rejected, commented on, also by the
whistleblower, reminded of); then, for each kind, one of its readers opens it.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import g
from sqlalchemy import select

from engage.core import notifications
from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.tracker.models import Problem, ProblemCategory, ProblemStatus, RoutingRule
from engage.tracker.points import services as points
from engage.tracker.problems import loop
from engage.tracker.problems.reminders import send_reminders
from engage.tracker.whistles import services as whistles
from engage.tracker.whistles.escalation import run_escalations
from tests.tracker.problems.conftest import png_bytes

S = ProblemStatus
TRACKER_KINDS = sorted(k for k in notifications._KINDS if k.startswith("tracker."))


def _photo(db, actor):
    import io

    from werkzeug.datastructures import FileStorage

    from engage.core.uploads import save_image

    media = save_image(
        FileStorage(io.BytesIO(png_bytes()), filename="p.png", content_type="image/png"),
        actor=actor,
    )
    db.session.flush()
    return media


@pytest.fixture
def story(db, cast, make_department, make_user):
    """The park's week: every tracker notification kind happens at least once."""
    c = cast
    emergency = make_department("应急管理局")
    make_user("department_lead", department=emergency, name="应急局长")
    point = points.create_point(c.company_a, actor=c.a_manager, name="危化品仓库")
    db.session.add(RoutingRule(category=ProblemCategory.FIRE, department_id=c.department.id))
    db.session.commit()
    in_a_week = (utcnow() + timedelta(days=7)).date()

    def blow(actor=None, category=ProblemCategory.FIRE, title="消防通道被堵"):
        return whistles.blow_whistle(actor=actor, category=category, title=title, point=point)

    # No rule for electrical hazards: the supervisors are told to route it.
    unrouted = blow(category=ProblemCategory.ELECTRICAL, title="配电箱敞开")
    # The grid officer's whistle: routed, re-routed, back, then through the whole loop.
    main = blow(actor=c.grid)
    whistles.reroute(main, emergency, actor=c.dept_member, reason="应急的事")
    whistles.reroute(main, c.department, actor=c.supervisor, reason="还是消防的事")
    whistles.acknowledge(main, actor=c.dept_member)
    whistles.hand_to_company(main, c.company_a, actor=c.dept_member, due=in_a_week)
    loop.reassign(main, actor=c.a_manager, assignee=c.a_employee)
    loop.comment(main, actor=c.a_employee, note="今天下午处理")
    # The whistleblower asks: the company reads "the whistleblower", not the name.
    loop.comment(main, actor=c.grid, note="什么时候修好？")
    loop.transition(main, S.RECTIFYING, actor=c.a_manager)
    loop.transition(
        main,
        S.AWAITING_VERIFICATION,
        actor=c.a_manager,
        note="已清理",
        photos=[_photo(db, c.a_manager)],
    )
    loop.transition(main, S.RECTIFYING, actor=c.dept_member, note="还有纸箱")
    loop.transition(
        main,
        S.AWAITING_VERIFICATION,
        actor=c.a_manager,
        note="全部清走",
        photos=[_photo(db, c.a_manager)],
    )
    loop.transition(main, S.CLOSED, actor=c.dept_member, note="复核通过")
    whistles.report_not_fixed(main, actor=c.grid, note="又堆上了")
    loop.transition(main, S.REOPENED, actor=c.dept_lead, note="确实又堆上了")
    # A whistle rejected, one passed back to the supervisors.
    rejected = blow(actor=c.grid, title="误报")
    loop.transition(rejected, S.REJECTED, actor=c.supervisor, note="不是隐患")
    passed = blow(title="消防栓漏水")
    whistles.acknowledge(passed, actor=c.dept_member)
    whistles.pass_to_supervisors(passed, actor=c.dept_member, reason="不归我们")
    # One nobody reports in on, one reported in on and left: both escalate to the end.
    silent = blow(title="疏散指示灯不亮")
    idle = blow(title="灭火器过期")
    whistles.acknowledge(idle, actor=c.dept_member)
    db.session.commit()
    run_escalations(utcnow() + timedelta(days=5))
    # Reminders of due dates: one due soon, one overdue.
    soon = blow(actor=c.grid, title="安全出口上锁")
    loop.transition(soon, S.ASSIGNED, actor=c.supervisor)
    soon.due_at = utcnow() + timedelta(days=1)
    late = blow(actor=c.grid, title="喷淋头被遮挡")
    loop.transition(late, S.ASSIGNED, actor=c.supervisor)
    late.due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    send_reminders(utcnow())
    db.session.commit()
    problems = [unrouted, main, rejected, passed, silent, idle, soon, late]
    return SimpleNamespace(numbers={p.id: p.number for p in problems})


def test_the_story_makes_every_tracker_kind(db, story):
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert set(TRACKER_KINDS) <= made, set(TRACKER_KINDS) - made


@pytest.mark.parametrize("kind", TRACKER_KINDS)
def test_opening_a_notification_lands_on_its_object(db, client, login_as, story, kind):
    note = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id).limit(1)
    ).first()
    assert note is not None, f"the story made no {kind}"
    assert note.url.startswith("/") and not note.url.startswith("//"), note.url
    reader = note.user_id
    from engage.accounts.models import User

    g.pop("_login_user", None)
    login_as(db.session.get(User, reader))
    listed = client.get("/notifications").text
    assert f"/notifications/{note.id}/open" in listed
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target == note.url and target != "/notifications"
    page = client.get(target)
    assert page.status_code == 200, (kind, target)
    problem = _problem_of(db, target)
    assert problem.number in page.text
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is not None


def _problem_of(db, path: str) -> Problem:
    if path.startswith("/whistles/"):
        return db.session.get(Problem, int(path.split("/")[2]))
    number = path.split("/")[2]
    return db.session.scalars(select(Problem).where(Problem.number == number)).one()
