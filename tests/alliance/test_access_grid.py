"""Who reaches which alliance page: every `alliance.*` endpoint has a row, tried by every role.

Anonymous visitors are sent to sign in. Objects a reader may not see answer 404;
a visible object whose action is refused answers 403. An endpoint added without a
row here fails `test_every_alliance_endpoint_has_a_row`.
"""

from __future__ import annotations

import pytest

from engage.alliance.aid import services as aid
from engage.alliance.alliances import services as alliances
from engage.alliance.posts import feedback
from engage.alliance.posts import services as posts
from engage.alliance.posts.models import LessonInvite
from engage.alliance.sixlinks import services as sixlinks
from tests.conftest import Cast

A = {"a_employee", "a_manager", "a_admin"}
B = {"b_employee", "b_manager", "b_admin"}
MEMBERS = A | B
STAFF = {"grid", "supervisor", "admin"}
INSIDE = MEMBERS | STAFF
LEADS = {"a_manager", "a_admin", "supervisor", "admin"}
MANAGERS = {"a_manager", "a_admin", "b_manager", "b_admin"}
EVERYONE = set(Cast.ROLES) - {"anonymous"}


def rule(ok: set, code_ok: int = 200, *, denied: set = frozenset(), hidden_default=None):
    """ok -> code_ok; roles in `denied` -> 403; everyone else -> 403, or 404 when
    hidden_default is 404 (then `denied` lists the roles that see but may not act)."""

    def expected(role: str) -> int:
        if role in ok:
            return code_ok
        if hidden_default == 404:
            return 403 if role in denied else 404
        return 403

    return expected


GRID = {
    # alliances
    "alliance.alliances.index": ("GET", "/alliance/", None, rule(EVERYONE)),
    "alliance.alliances.create": ("GET", "/alliance/new", None, rule({"supervisor", "admin"})),
    "alliance.alliances.edit": (
        "GET",
        "/alliance/{alliance}/edit",
        None,
        rule({"supervisor", "admin"}),
    ),
    "alliance.alliances.detail": ("GET", "/alliance/{alliance}", None, rule(EVERYONE)),
    "alliance.alliances.request_join": (
        "POST",
        "/alliance/{alliance}/join",
        {"statement": "我们希望加入联盟互助。"},
        rule(MEMBERS, 302),
    ),
    "alliance.alliances.requests": ("GET", "/alliance/{alliance}/requests", None, rule(LEADS)),
    "alliance.alliances.decide": (
        "POST",
        "/alliance/{alliance}/requests/{join}/approve",
        {"reason": ""},
        rule(LEADS, 302),
    ),
    "alliance.alliances.leave": (
        "POST",
        "/alliance/{alliance}/leave",
        {"note": ""},
        rule({"b_manager", "b_admin"}, 302),
    ),
    "alliance.alliances.history": ("GET", "/alliance/{alliance}/history", None, rule(EVERYONE)),
    # six links
    "alliance.sixlinks.activities": (
        "GET",
        "/alliance/{alliance}/activities",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.sixlinks.activity_create": (
        "GET",
        "/alliance/{alliance}/activities/new",
        None,
        rule(
            LEADS | {"b_manager", "b_admin"},
            denied={"a_employee", "b_employee", "grid"},
            hidden_default=404,
        ),
    ),
    "alliance.sixlinks.activity": (
        "GET",
        "/alliance/{alliance}/activities/{activity}",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.sixlinks.activity_delete": (
        "POST",
        "/alliance/{alliance}/activities/{activity}/delete",
        {},
        rule(LEADS, 302, denied={"a_employee"} | B | {"grid"}, hidden_default=404),
    ),
    "alliance.sixlinks.dashboard": (
        "GET",
        "/alliance/{alliance}/dashboard",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.sixlinks.dashboard_export": (
        "GET",
        "/alliance/{alliance}/dashboard/export.csv",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.sixlinks.summary": (
        "GET",
        "/alliance/{alliance}/summary/2026",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.sixlinks.company": (
        "GET",
        "/alliance/companies/{company_a}/sixlinks",
        None,
        rule(A | STAFF, hidden_default=404),
    ),
    # posts
    "alliance.posts.index": ("GET", "/alliance/posts/", None, rule(EVERYONE)),
    "alliance.posts.create": ("GET", "/alliance/posts/new", None, rule(MANAGERS)),
    "alliance.posts.edit": (
        "GET",
        "/alliance/posts/{post}/edit",
        None,
        rule({"a_manager", "a_admin"}, denied=INSIDE, hidden_default=404),
    ),
    "alliance.posts.publish": (
        "POST",
        "/alliance/posts/{post}/publish",
        {},
        rule({"a_manager", "a_admin"}, 302, denied=INSIDE, hidden_default=404),
    ),
    "alliance.posts.detail": (
        "GET",
        "/alliance/posts/{post}",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.posts.history": (
        "GET",
        "/alliance/posts/{post}/history",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.posts.diff": (
        "GET",
        "/alliance/posts/{post}/diff?a=1&b=1",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.posts.comment": (
        "POST",
        "/alliance/posts/{post}/comments",
        {"body": "好"},
        rule(INSIDE, 302, hidden_default=404),
    ),
    "alliance.posts.review": (
        "POST",
        "/alliance/posts/{post}/reviews",
        {"score": "4", "text": "很有用的做法"},
        rule({"b_admin", "b_manager"} | A, 302, denied={"b_employee"} | STAFF, hidden_default=404),
    ),
    "alliance.posts.review_source": (
        "GET",
        "/alliance/posts/reviews/{review}",
        None,
        rule(INSIDE, 302, hidden_default=404),
    ),
    "alliance.posts.review_edit": (
        "GET",
        "/alliance/posts/reviews/{review}/edit",
        None,
        rule({"b_manager"}, denied=INSIDE, hidden_default=404),
    ),
    "alliance.posts.adopt": (
        "POST",
        "/alliance/posts/{post}/adopt",
        {"note": "已经采用了"},
        rule({"b_manager", "b_admin"} | A, 302, denied={"b_employee"} | STAFF, hidden_default=404),
    ),
    "alliance.posts.flag": (
        "POST",
        "/alliance/posts/{post}/flag",
        {"reason": "请看一下"},
        rule(INSIDE, 302, hidden_default=404),
    ),
    "alliance.posts.moderate": (
        "POST",
        "/alliance/posts/{post}/hide",
        {"reason": "不合适内容"},
        rule(LEADS, 302, denied=INSIDE, hidden_default=404),
    ),
    "alliance.posts.flags": ("GET", "/alliance/posts/flags", None, rule(LEADS)),
    "alliance.posts.lesson_write": (
        "GET",
        "/alliance/posts/lessons/{invite}/write",
        None,
        rule({"a_manager", "a_admin"}, 302, hidden_default=404),
    ),
    "alliance.posts.lesson_decline": (
        "POST",
        "/alliance/posts/lessons/{invite}/decline",
        {},
        rule({"a_manager", "a_admin"}, 302, hidden_default=404),
    ),
    "alliance.posts.promote": (
        "POST",
        "/alliance/posts/{post}/promote",
        {},
        rule({"admin"}, 302, denied=INSIDE, hidden_default=404),
    ),
    # mutual aid
    "alliance.aid.index": ("GET", "/alliance/aid/", None, rule(EVERYONE)),
    "alliance.aid.request_create": (
        "GET",
        "/alliance/aid/requests/new",
        None,
        rule(MANAGERS | {"supervisor", "admin"}),
    ),
    "alliance.aid.request_detail": (
        "GET",
        "/alliance/aid/requests/{aid}",
        None,
        rule(INSIDE, hidden_default=404),
    ),
    "alliance.aid.offer": (
        "POST",
        "/alliance/aid/requests/{aid}/offer",
        {"quantity": "1", "note": ""},
        rule(MANAGERS, 302, denied={"a_employee", "b_employee"} | STAFF, hidden_default=404),
    ),
    "alliance.aid.accept": (
        "POST",
        "/alliance/aid/offers/{offer}/accept",
        {},
        rule(LEADS, 302, denied=INSIDE, hidden_default=404),
    ),
    "alliance.aid.close": (
        "POST",
        "/alliance/aid/requests/{aid}/close",
        {},
        rule(LEADS, 302, denied=INSIDE, hidden_default=404),
    ),
    "alliance.aid.resources": ("GET", "/alliance/aid/resources", None, rule(MANAGERS)),
    "alliance.aid.resource_edit": (
        "GET",
        "/alliance/aid/resources/{resource}/edit",
        None,
        rule({"a_manager", "a_admin"}, hidden_default=404),
    ),
    "alliance.aid.resource_confirm": (
        "POST",
        "/alliance/aid/resources/{resource}/confirm",
        {},
        rule({"a_manager", "a_admin"}, 302, hidden_default=404),
    ),
    "alliance.aid.resource_delete": (
        "POST",
        "/alliance/aid/resources/{resource}/delete",
        {},
        rule({"a_manager", "a_admin"}, 302, hidden_default=404),
    ),
    "alliance.aid.park": ("GET", "/alliance/aid/park", None, rule(STAFF)),
}


def test_every_alliance_endpoint_has_a_row(app):
    # Peer inspections and task forces keep grids of their own (tests/alliance/<part>/).
    endpoints = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("alliance.")
        and not r.endpoint.startswith(("alliance.inspections.", "alliance.taskforces."))
    }
    assert endpoints - set(GRID) == set(), "add a row to GRID for each new endpoint"
    assert set(GRID) - endpoints == set()


@pytest.fixture
def world(db, cast, alliance, make_company, make_user):
    from datetime import date

    outsider = make_user("safety_manager", company=make_company("丙企业", area=cast.area))
    join = alliances.request_join(alliance, "我们希望加入联盟共同提升。", actor=outsider)
    activity = sixlinks.record_activity(
        alliance,
        sixlinks.ActivityData(
            title="联合培训",
            occurred_on=date(2026, 1, 5),
            links=["study"],
            company_ids=[cast.company_a.id, cast.company_b.id],
        ),
        actor=cast.a_manager,
    )
    post = posts.create_post(
        posts.PostData(title="做法", body="正文", alliance_id=alliance.id),
        actor=cast.a_manager,
        publish=True,
    )
    review = feedback.review_post(post, 4, "很实用的做法", actor=cast.b_manager)
    invite = LessonInvite(
        company_id=cast.company_a.id, alliance_id=alliance.id, problem_id=9, problem_number="P-9"
    )
    db.session.add(invite)
    request = aid.raise_request(
        alliance, what="消防泵", where="甲企业", urgency="high", actor=cast.a_manager
    )
    offer = aid.offer_help(request, alliance, quantity=1, note="", actor=cast.b_manager)
    resource = aid.save_resource(
        cast.company_a.id,
        aid.ResourceData(
            kind="fire_pump",
            name="手抬泵",
            quantity=2,
            unit="台",
            contact_name="张三",
            contact_phone="13800000000",
        ),
        actor=cast.a_manager,
    )
    db.session.commit()
    return {
        "alliance": alliance.id,
        "join": join.id,
        "activity": activity.id,
        "post": post.id,
        "review": review.id,
        "invite": invite.id,
        "aid": request.id,
        "offer": offer.id,
        "resource": resource.id,
        "company_a": cast.company_a.id,
    }


#: Endpoints whose first allowed request changes what the next role would see: tried with a
#: fresh world per role. Every other endpoint is tried by all roles in one world.
FRESH = {
    "alliance.alliances.leave",
    "alliance.sixlinks.activity_delete",
    "alliance.posts.moderate",
    "alliance.aid.resource_delete",
}


def _try(client, login_as, cast, world, endpoint, role) -> None:
    method, path, data, expected = GRID[endpoint]
    user = cast.who(role)
    if user is not None:
        login_as(user)
    else:
        with client.session_transaction() as session:
            session.clear()
    response = client.open(path.format(**world), method=method, data=data)
    if user is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected(role), (endpoint, role)


@pytest.mark.parametrize("endpoint", sorted(set(GRID) - FRESH))
def test_access(client, login_as, cast, world, endpoint):
    for role in Cast.ROLES:
        _try(client, login_as, cast, world, endpoint, role)


@pytest.mark.parametrize("role", Cast.ROLES)
@pytest.mark.parametrize("endpoint", sorted(FRESH))
def test_access_to_changing_endpoints(client, login_as, cast, world, endpoint, role):
    _try(client, login_as, cast, world, endpoint, role)
