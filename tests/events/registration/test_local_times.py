"""Times in mail and notifications are the reader's wall-clock time: the park's zone
(Asia/Shanghai) unless the recipient chose another, never UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from engage.core.mail import OutboxMessage
from engage.core.notifications import Notification
from engage.events.registration import services
from engage.events.registration.models import Registration

NOW = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@time_machine.travel(NOW, tick=False)
def test_the_ticket_mail_gives_the_start_in_the_park_s_time(app, db, make_event, people):
    # 11:30 UTC is 19:30 in Shanghai, on the same day.
    event = make_event(capacity=5, starts_at=datetime(2026, 6, 20, 11, 30, tzinfo=UTC))
    (alice,) = people(1)
    services.register(event, actor=alice)
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.to == alice.email))
    assert "2026-06-20 19:30" in body
    assert "11:30" not in body and "UTC" not in body


@time_machine.travel(NOW, tick=False)
def test_a_promotion_notification_and_mail_give_the_deadline_in_the_park_s_time(
    app, db, make_event, people
):
    # Starts 2026-06-20 11:30 UTC; an offer made now must be confirmed within 24 hours:
    # by 2026-06-11 02:00 UTC, which is 10:00 in Shanghai.
    event = make_event(
        capacity=1, confirm_hours=24, starts_at=datetime(2026, 6, 20, 11, 30, tzinfo=UTC)
    )
    first, second = people(2)
    seat = services.register(event, actor=first)
    waiting = services.register(event, actor=second)
    db.session.commit()
    services.cancel_registration(seat, event, actor=first)
    db.session.commit()
    offered = db.session.get(Registration, waiting.id)
    assert offered.confirm_by == NOW + timedelta(hours=24)
    note = db.session.scalar(select(Notification).where(Notification.user_id == second.id))
    assert note.kind == "events.promoted"
    assert "2026-06-11 10:00" in note.message and "UTC" not in note.message
    mail = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.to == second.email)
        .order_by(OutboxMessage.id.desc())
    )
    assert "2026-06-11 10:00" in mail and "02:00" not in mail and "UTC" not in mail


@time_machine.travel(NOW, tick=False)
def test_a_recipient_who_chose_another_zone_reads_it_in_theirs(app, db, make_event, people):
    event = make_event(capacity=5, starts_at=datetime(2026, 6, 20, 11, 30, tzinfo=UTC))
    (visitor,) = people(1)
    visitor.timezone = "Europe/Berlin"  # 13:30 in summer
    db.session.commit()
    services.register(event, actor=visitor)
    db.session.commit()
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.to == visitor.email))
    assert "2026-06-20 13:30" in body and "19:30" not in body
