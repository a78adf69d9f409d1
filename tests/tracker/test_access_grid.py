"""The tracker's access grid: every `tracker.*` endpoint, for every kind of person.

A row gives the status each role gets. GET rows are requested as they are; for
POST rows, a role with a status is refused and the test checks that nothing
changed, while "ok" marks a role that may act (its effects are tested in the
part's own tests). A new tracker endpoint without a row fails the first test.

Objects another company may not see answer 404; a page that is not for the
reader at all answers 404; a visible whistle the reader may not act on answers
403; a loop move or edit the reader may not make on a visible problem is refused
on the problem page (a redirect back with the reason, nothing changed).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import g, url_for
from sqlalchemy import func, select

from engage.extensions import db as _db
from engage.tracker.models import (
    DueRule,
    Point,
    PointCode,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ProblemLink,
    ProblemSource,
    ProblemWatcher,
    RoutingRule,
    Severity,
)
from engage.tracker.points import services as points
from engage.tracker.problems import services as problems
from engage.tracker.whistles import services as whistles

ROLES = (
    "anonymous",
    "newcomer",
    "a_employee",
    "a_manager",
    "b_manager",
    "dept_lead",
    "supervisor",
    "admin",
)
OK = "ok"  # may act: not posted here


def _row(**statuses) -> dict:
    """Statuses by role; `signed_in=` fills every signed-in role not named, `rest=` every
    role not named at all."""
    signed_in = statuses.pop("signed_in", None)
    rest = statuses.pop("rest", None)
    out = {}
    for role in ROLES:
        if role in statuses:
            out[role] = statuses[role]
        elif role != "anonymous" and signed_in is not None:
            out[role] = signed_in
        else:
            out[role] = rest
    assert None not in out.values(), statuses
    return out


LOGIN = 302  # login_required sends the anonymous to sign in
# Pages of company A's points: its managers and the park's supervisors and admins.
KEEPS_A = _row(anonymous=LOGIN, a_manager=200, supervisor=200, admin=200, rest=404)
KEEPS_A_POST = _row(anonymous=LOGIN, a_manager=OK, supervisor=OK, admin=OK, rest=404)
# Company A's problem (routed to the department): who sees it.
SEES = {"anonymous": LOGIN, "newcomer": 404, "b_manager": 404}
PUBLIC = _row(rest=200)

# endpoint -> (url values, {method: {role: status}}, form data for POST)
GRID = {
    # Points
    "tracker.points.index": (
        lambda w: {},
        {
            "GET": _row(
                anonymous=LOGIN, a_manager=302, b_manager=302, supervisor=200, admin=200, rest=404
            )
        },
    ),
    "tracker.points.tree": (lambda w: {"company_id": w.a.id}, {"GET": KEEPS_A}),
    "tracker.points.create": (
        lambda w: {"company_id": w.a.id},
        {"GET": KEEPS_A, "POST": KEEPS_A_POST},
        {"name": "新点位"},
    ),
    "tracker.points.edit": (
        lambda w: {"point_id": w.point.id},
        {"GET": KEEPS_A, "POST": KEEPS_A_POST},
        {"name": "改名"},
    ),
    "tracker.points.deactivate": (lambda w: {"point_id": w.point.id}, {"POST": KEEPS_A_POST}),
    "tracker.points.activate": (lambda w: {"point_id": w.point.id}, {"POST": KEEPS_A_POST}),
    "tracker.points.code": (
        lambda w: {"point_id": w.point.id},
        {"GET": KEEPS_A, "POST": KEEPS_A_POST},
        {"reason": "标签坏了"},
    ),
    "tracker.points.labels": (lambda w: {"company_id": w.a.id}, {"GET": KEEPS_A}),
    "tracker.points.qr_svg": (lambda w: {"code": w.point.code}, {"GET": PUBLIC}),
    "tracker.points.qr_png": (lambda w: {"code": w.point.code}, {"GET": PUBLIC}),
    "tracker.points.find": (lambda w: {}, {"GET": PUBLIC}),
    "tracker.points.detail": (lambda w: {"code": w.point.code}, {"GET": PUBLIC}),
    # Problems
    "tracker.problems.index": (lambda w: {}, {"GET": _row(anonymous=LOGIN, signed_in=200)}),
    "tracker.problems.export_list": (
        lambda w: {"fmt": "csv"},
        {"GET": _row(anonymous=LOGIN, signed_in=200)},
    ),
    "tracker.problems.create": (
        lambda w: {},
        {
            "GET": _row(
                anonymous=LOGIN, a_manager=200, b_manager=200, supervisor=200, admin=200, rest=404
            ),
            "POST": _row(
                anonymous=LOGIN, a_manager=OK, b_manager=OK, supervisor=OK, admin=OK, rest=404
            ),
        },
        {"title": "新问题"},
    ),
    "tracker.problems.detail": (
        lambda w: {"number": w.problem.number},
        {"GET": _row(**SEES, signed_in=200)},
    ),
    "tracker.problems.my_work": (lambda w: {}, {"GET": _row(anonymous=LOGIN, signed_in=200)}),
    "tracker.problems.due_rules": (
        lambda w: {},
        {
            "GET": _row(anonymous=LOGIN, admin=200, rest=404),
            "POST": _row(anonymous=LOGIN, admin=OK, rest=404),
        },
        {"minor": "1", "major": "1", "critical": "1"},
    ),
    "tracker.problems.dashboard": (
        lambda w: {},
        {"GET": _row(anonymous=LOGIN, newcomer=404, signed_in=200)},
    ),
    # The loop on a reported problem: the reporter's side and supervisors assign it.
    "tracker.problems.move": (
        lambda w: {"number": w.problem.number, "move": "assign"},
        {"POST": _row(**SEES, a_manager=OK, supervisor=OK, admin=OK, signed_in=302)},
        lambda w: {"assign-version": str(w.problem.version)},
    ),
    "tracker.problems.comment": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, signed_in=OK)},
        {"comment-note": "看到了"},
    ),
    # Nobody reassigns a problem that is not assigned yet.
    "tracker.problems.reassign": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, signed_in=302)},
        lambda w: {"reassign-version": str(w.problem.version)},
    ),
    "tracker.problems.change_due": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, a_manager=OK, supervisor=OK, admin=OK, signed_in=302)},
        lambda w: {
            "due-due": "2031-01-31",
            "due-note": "延期",
            "due-version": str(w.problem.version),
        },
    ),
    "tracker.problems.watch": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, signed_in=OK)},
    ),
    "tracker.problems.unwatch": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, signed_in=OK)},
    ),
    "tracker.problems.link": (
        lambda w: {"number": w.problem.number},
        {"POST": _row(**SEES, signed_in=OK)},
        lambda w: {"link-number": w.whistle.number},
    ),
    # Whistles
    "tracker.whistles.create": (
        lambda w: {},
        {"GET": _row(anonymous=LOGIN, signed_in=200), "POST": _row(anonymous=LOGIN, signed_in=OK)},
        {"title": "x"},
    ),
    "tracker.whistles.create_public": (
        lambda w: {"code": w.point.code},
        {"GET": _row(anonymous=200, signed_in=302), "POST": _row(anonymous=OK, signed_in=302)},
        {"title": "x"},
    ),
    "tracker.whistles.follow": (lambda w: {"token": w.whistle.follow_token}, {"GET": PUBLIC}),
    "tracker.whistles.report": (lambda w: {}, {"GET": PUBLIC}),
    "tracker.whistles.detail": (
        lambda w: {"problem_id": w.problem.id},
        {"GET": _row(**SEES, signed_in=200)},
    ),
    "tracker.whistles.acknowledge": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, dept_lead=OK, supervisor=OK, admin=OK, signed_in=403)},
    ),
    "tracker.whistles.reroute": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, dept_lead=OK, supervisor=OK, admin=OK, signed_in=403)},
        lambda w: {"department_id": str(w.other_department.id), "reason": "不归我们"},
    ),
    # Acting after report-in: this whistle's department has not reported in yet, so no one
    # may give it to the company or take it on (the services' own tests do it).
    "tracker.whistles.hand_over": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, signed_in=403)},
        lambda w: {"company_id": str(w.a.id), "due": "2030-01-31", "version": "1"},
    ),
    "tracker.whistles.take_on": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, signed_in=403)},
        {"due": "2030-01-31", "version": "1"},
    ),
    # "Not fixed" is the reporter's (company A's manager opened this one); nothing is
    # rectified yet, so even the reporter is sent back with the reason.
    "tracker.whistles.not_fixed": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, a_manager=302, signed_in=403)},
        {"note": "还是堵着"},
    ),
    "tracker.whistles.follow_not_fixed": (
        lambda w: {"token": w.whistle.follow_token},
        {"POST": _row(rest=302)},
        {"note": "还是堵着"},
    ),
    # Routing by hand is for unrouted whistles; this one is routed, so nothing changes.
    "tracker.whistles.route": (
        lambda w: {"problem_id": w.problem.id},
        {"POST": _row(**SEES, supervisor=302, admin=302, signed_in=403)},
        lambda w: {"department_id": str(w.other_department.id)},
    ),
    "tracker.whistles.unrouted": (
        lambda w: {},
        {"GET": _row(anonymous=LOGIN, supervisor=200, admin=200, rest=404)},
    ),
    "tracker.whistles.board_park": (
        lambda w: {},
        {"GET": _row(anonymous=LOGIN, dept_lead=200, supervisor=200, admin=200, rest=404)},
    ),
    "tracker.whistles.board_department": (
        lambda w: {"department_id": w.department.id},
        {"GET": _row(anonymous=LOGIN, dept_lead=200, supervisor=200, admin=200, rest=404)},
    ),
    "tracker.whistles.routing": (
        lambda w: {},
        {
            "GET": _row(anonymous=LOGIN, admin=200, rest=404),
            "POST": _row(anonymous=LOGIN, admin=OK, rest=404),
        },
        lambda w: {"r-fire-0": str(w.other_department.id)},
    ),
}


def _methods(rule) -> set[str]:
    return set(rule.methods) - {"HEAD", "OPTIONS"}


def test_every_tracker_endpoint_has_a_row(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("tracker."):
            continue
        row = GRID.get(rule.endpoint)
        if row is None:
            missing.append(rule.endpoint)
            continue
        missing += [f"{rule.endpoint} {m}" for m in _methods(rule) - set(row[1])]
    assert not missing, f"endpoints without a row in the access grid: {missing}"
    assert len(GRID) >= 37


@pytest.fixture
def world(db, cast, make_department):
    """Company A's point and a problem on it routed to the department, an anonymous
    whistle (for its follow link and as a problem to link to), another department."""
    point = points.create_point(cast.company_a, actor=cast.a_manager, name="一号车间")
    problem = problems.open_problem(
        title="消防通道堵塞",
        category=ProblemCategory.FIRE,
        severity=Severity.MAJOR,
        source=ProblemSource.SELF_CHECK,
        actor=cast.a_manager,
        point=point,
        department=cast.department,
    )
    whistle = whistles.blow_whistle(
        actor=None, category=ProblemCategory.FIRE, title="配电箱没有盖子", point=point
    )
    db.session.commit()
    return SimpleNamespace(
        a=cast.company_a,
        point=point,
        problem=problem,
        whistle=whistle,
        department=cast.department,
        other_department=make_department("应急管理局"),
    )


def _snapshot() -> tuple:
    """What any tracker POST could change."""
    s = _db.session
    s.expire_all()
    return (
        s.execute(
            select(
                Problem.id,
                Problem.status,
                Problem.version,
                Problem.department_id,
                Problem.acknowledged_at,
                Problem.assignee_id,
                Problem.due_at,
            ).order_by(Problem.id)
        ).all(),
        s.execute(
            select(Point.id, Point.version, Point.active, Point.code, Point.name).order_by(Point.id)
        ).all(),
        s.scalar(select(func.count(ProblemEvent.id))),
        s.scalar(select(func.count(ProblemWatcher.id))),
        s.scalar(select(func.count(ProblemLink.id))),
        s.scalar(select(func.count(PointCode.id))),
        s.execute(
            select(RoutingRule.category, RoutingRule.area_id, RoutingRule.department_id).order_by(
                RoutingRule.id
            )
        ).all(),
        s.execute(select(DueRule.severity, DueRule.days).order_by(DueRule.severity)).all(),
    )


def _request(app, client, method: str, endpoint: str, values: dict, data: dict):
    with app.test_request_context():
        url = url_for(endpoint, **values)
    _db.session.expire_all()
    g.pop("_login_user", None)
    if method == "GET":
        return url, client.get(url)
    return url, client.post(url, data=data)


@pytest.mark.parametrize("role", ROLES)
def test_access_grid(app, client, login_as, cast, world, role):
    user = cast.who(role)
    if user is not None:
        login_as(user)
    wrong = []
    for method in ("GET", "POST"):
        for endpoint, (values, statuses, *form) in GRID.items():
            expected = statuses.get(method, {}).get(role)
            if expected is None or expected == OK:
                continue
            data = form[0] if form else {}
            data = data(world) if callable(data) else data
            before = _snapshot() if method == "POST" else None
            url, response = _request(app, client, method, endpoint, values(world), data)
            if response.status_code != expected:
                wrong.append(
                    f"{method} {url} ({endpoint}): {response.status_code}, expected {expected}"
                )
            if method == "POST" and _snapshot() != before:
                wrong.append(f"{method} {url} ({endpoint}) changed something")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
