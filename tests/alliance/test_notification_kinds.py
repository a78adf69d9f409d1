"""Every kind of notification the alliance sends opens its object: one story makes each
kind happen through the services, then one of its readers taps it."""

from __future__ import annotations

import importlib
import io

import pytest
from flask import g
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from engage.accounts.models import User
from engage.alliance.aid import services as aid
from engage.alliance.alliances import services as alliances
from engage.alliance.posts import feedback, moderation
from engage.alliance.posts import services as posts
from engage.core import notifications
from engage.core.notifications import Notification
from engage.core.uploads import save_image
from engage.tracker import ProblemCategory, ProblemSource, ProblemStatus, Severity, open_problem
from engage.tracker.problems import loop
from tests.tracker.problems.conftest import png_bytes

# Every module that registers a kind is imported, so that KINDS is whole however
# the tests are collected.
importlib.import_module("engage.alliance.posts.lessons")
KINDS = sorted(k for k in notifications._KINDS if k.startswith("alliance."))


@pytest.fixture
def story(db, cast, alliance, make_company, make_user):
    c = cast
    # Two companies ask to join: one is let in, one is not.
    joining = make_user("safety_manager", company=make_company("丙企业", area=c.area))
    refused = make_user("safety_manager", company=make_company("丁企业", area=c.area))
    alliances.decide_join(
        alliances.request_join(alliance, "希望加入联盟共同提升。", actor=joining),
        approve=True,
        reason="",
        actor=c.a_manager,
    )
    alliances.decide_join(
        alliances.request_join(
            alliance, "我们也希望加入联盟，一起提升安全管理水平。", actor=refused
        ),
        approve=False,
        reason="名额已满",
        actor=c.a_manager,
    )
    # A post: reviewed, commented on with a mention, adopted, flagged, hidden, restored.
    post = posts.create_post(
        posts.PostData(title="受限空间作业票三级审核", body="正文", alliance_id=alliance.id),
        actor=c.a_manager,
        publish=True,
    )
    feedback.review_post(post, 4, "很实用的做法", actor=c.b_manager)
    comment = feedback.add_comment(post, f"@{c.a_employee.name} 请看这个做法", actor=c.b_manager)
    feedback.adopt(post, "我们已在车间推行", actor=c.b_manager)
    feedback.flag(post, "有错别字", actor=c.b_manager)
    moderation.hide_post(post, "内容待核实", actor=c.admin)
    moderation.restore_post(post, "已核实", actor=c.admin)
    moderation.set_comment_hidden(post, comment, True, "与主题无关", actor=c.admin)
    # Mutual aid: a request, an offer, accepted, closed.
    request = aid.raise_request(
        alliance, what="消防泵", where="甲企业东门", urgency="high", actor=c.a_manager
    )
    offer = aid.offer_help(request, alliance, quantity=1, note="马上送到", actor=c.b_manager)
    aid.accept_offer(offer, request, actor=c.a_manager)
    aid.close_request(request, "已处置完毕", actor=c.a_manager)
    # A fix a peer verified invites the company to write a lesson.
    problem = open_problem(
        title="配电箱门缺失",
        category=ProblemCategory.ELECTRICAL,
        severity=Severity.MAJOR,
        source=ProblemSource.PEER_INSPECTION,
        actor=c.b_manager,
        company=c.company_a,
    )
    photo = save_image(
        FileStorage(io.BytesIO(png_bytes()), filename="p.png", content_type="image/png"),
        actor=c.a_manager,
    )
    loop.transition(problem, ProblemStatus.ASSIGNED, actor=c.supervisor)
    loop.transition(problem, ProblemStatus.RECTIFYING, actor=c.a_manager)
    loop.transition(
        problem,
        ProblemStatus.AWAITING_VERIFICATION,
        actor=c.a_manager,
        note="已换门",
        photos=[photo],
    )
    loop.transition(problem, ProblemStatus.CLOSED, actor=c.b_manager, note="复核通过")
    db.session.commit()


def test_the_story_makes_every_alliance_kind(db, story):
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert set(KINDS) <= made, set(KINDS) - made


@pytest.mark.parametrize("kind", KINDS)
def test_opening_an_alliance_notification_lands_on_its_object(db, client, login_as, story, kind):
    note = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).first()
    assert note is not None, kind
    assert note.url.startswith("/alliance/"), note.url
    g.pop("_login_user", None)
    login_as(db.session.get(User, note.user_id))
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == note.url
    # A lesson invitation's address opens the post form it prefills (a redirect).
    assert client.get(note.url, follow_redirects=True).status_code == 200, (kind, note.url)
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is not None
