"""Every kind of notification accounts send opens its page: one story makes each kind
happen through the services, then one of its readers taps it."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from engage.accounts.companies import services
from engage.accounts.models import User
from engage.core import notifications
from engage.core.notifications import Notification

KINDS = sorted(k for k in notifications._KINDS if k.startswith("account."))


@pytest.fixture
def story(db, cast, make_user):
    joining, refused = make_user(name="求职者甲"), make_user(name="求职者乙")
    services.decide_request(
        services.request_to_join(cast.company_a, actor=joining, message="我是新来的安全员"),
        approve=True,
        role="safety_manager",
        actor=cast.a_admin,
    )
    services.decide_request(
        services.request_to_join(cast.company_a, actor=refused, message="想加入"),
        approve=False,
        note="不认识此人",
        actor=cast.a_admin,
    )
    services.change_member_role(cast.a_employee, "safety_manager", actor=cast.a_admin)
    db.session.commit()


def test_the_story_makes_every_account_kind(db, story):
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert set(KINDS) <= made, set(KINDS) - made


@pytest.mark.parametrize("kind", KINDS)
def test_opening_an_account_notification_lands_on_its_page(db, client, login_as, story, kind):
    note = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).first()
    assert note is not None and note.url.startswith("/"), kind
    g.pop("_login_user", None)
    login_as(db.session.get(User, note.user_id))
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == note.url
    # "/company" is the reader's own company page (or, without one, where to join one).
    page = client.get(note.url, follow_redirects=True)
    assert page.status_code == 200, (kind, note.url)
    assert page.request.path != "/notifications"
