"""Every kind of notification events send opens its event or performance: one story makes
each kind happen through the services, then one of its readers taps it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from flask import g
from sqlalchemy import select

from engage.accounts.models import User
from engage.core import notifications
from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.events.catalogue import services as catalogue
from engage.events.catalogue.services import EDITABLE
from engage.events.performances import services as performances
from engage.events.registration import services as registration

KINDS = sorted(k for k in notifications._KINDS if k.startswith("events."))


@pytest.fixture
def story(db, make_event, people, make_company, make_user):
    # A full event: a seat freed goes to the first waiting, whose offer lapses.
    event = make_event(capacity=1, confirm_hours=24, title="消防演练观摩")
    a, b, c = people(3)
    first = registration.register(event, actor=a)
    registration.register(event, actor=b)
    registration.register(event, actor=c)
    db.session.commit()
    registration.cancel_registration(first, event, actor=a)
    db.session.commit()
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=False):
        registration.expire_offers()
        db.session.commit()
    # It moves to another hall, then another event is cancelled.
    organiser = event.organisers[0].user
    values = {k: getattr(event, k) for k in EDITABLE}
    values["venue"] = "园区二号礼堂"
    catalogue.update_event(event, values, actor=organiser)
    cancelled = make_event(capacity=5, title="安全知识竞赛")
    registration.register(cancelled, actor=a)
    db.session.commit()
    catalogue.cancel_event(cancelled, "台风预警", actor=cancelled.organisers[0].user)
    # A company's performance for the showcase is reviewed.
    showcase = make_event(
        capacity=50,
        title="安全文化月汇演",
        submissions_close_at=utcnow() + timedelta(days=5),
    )
    manager = make_user("safety_manager", company=make_company())
    perf = performances.submit_performance(
        showcase,
        {
            "title": "安全小品",
            "genre": "skit",
            "duration_minutes": 8,
            "performers": "安全部全体",
            "description": "",
        },
        actor=manager,
    )
    organiser = showcase.organisers[0].user
    # Asked to change it, the company does, then withdraws a second act it had sent.
    performances.review_performance(perf, showcase, "changes_requested", "请缩短", actor=organiser)
    values = {
        "title": "安全小品",
        "genre": "skit",
        "duration_minutes": 6,
        "performers": "安全部全体",
        "description": "",
    }
    performances.update_performance(perf, showcase, values, actor=manager)
    performances.review_performance(perf, showcase, "accepted", "欢迎参演", actor=organiser)
    second = performances.submit_performance(
        showcase,
        {
            "title": "安全快板",
            "genre": "other",
            "duration_minutes": 5,
            "performers": "仓储部",
            "description": "",
        },
        actor=manager,
    )
    performances.withdraw_performance(second, showcase, "演员出差", actor=manager)
    db.session.commit()


def test_the_story_makes_every_events_kind(db, story):
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert set(KINDS) <= made, set(KINDS) - made


@pytest.mark.parametrize("kind", KINDS)
def test_opening_an_events_notification_lands_on_its_object(db, client, login_as, story, kind):
    note = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).first()
    assert note is not None, kind
    assert note.url.startswith("/events/"), note.url
    g.pop("_login_user", None)
    login_as(db.session.get(User, note.user_id))
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == note.url
    assert client.get(note.url).status_code == 200, (kind, note.url)
