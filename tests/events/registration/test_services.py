"""Registration rules: one seat each, the window, groups, the waiting list, promotion,
the confirm deadline and reordering with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from engage.core.audit import AuditEntry
from engage.core.errors import DomainError, NotAllowed
from engage.core.mail import OutboxMessage
from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.events.registration import services
from engage.events.registration.models import Registration
from engage.events.registration.models import RegistrationStatus as S


def _status(db, reg):
    db.session.expire_all()
    return db.session.get(Registration, reg.id).status


def test_a_person_registers_once_and_gets_a_ticket_by_mail(db, make_event, people):
    event = make_event(capacity=2)
    (alice,) = people(1)
    reg = services.register(event, actor=alice)
    db.session.commit()
    assert reg.status == S.CONFIRMED and event.taken == 1
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to for m in mails] == [alice.email] and reg.ticket_code in mails[0].body
    with pytest.raises(services.AlreadyRegistered):
        services.register(event, actor=alice)
    db.session.rollback()
    assert db.session.get(type(event), event.id).taken == 1


@pytest.mark.parametrize("change", ["closed", "not_open", "draft", "cancelled"])
def test_registering_outside_the_window_is_refused_and_changes_nothing(
    db, make_event, people, change
):
    kw = {
        "closed": {"registration_closes_at": utcnow() - timedelta(hours=1)},
        "not_open": {"registration_opens_at": utcnow() + timedelta(days=1)},
        "draft": {"status": "draft"},
        "cancelled": {"status": "cancelled"},
    }[change]
    event = make_event(**kw)
    (alice,) = people(1)
    with pytest.raises((services.RegistrationClosed, NotAllowed)):
        services.register(event, actor=alice)
    db.session.rollback()
    assert db.session.scalar(select(Registration.id)) is None


def test_full_event_puts_people_on_the_waiting_list_in_arrival_order(db, make_event, people):
    event = make_event(capacity=2)
    a, b, c, d = people(4)
    regs = [services.register(event, actor=u) for u in (a, b, c, d)]
    db.session.commit()
    assert [r.status for r in regs] == [S.CONFIRMED, S.CONFIRMED, S.WAITING, S.WAITING]
    assert [u[0].user_id for u in services.waiting_list(event)] == [c.id, d.id]


def test_a_freed_seat_goes_to_the_first_waiting_who_confirms_before_the_deadline(
    db, make_event, people
):
    event = make_event(capacity=1, confirm_hours=24)
    a, b, c = people(3)
    first = services.register(event, actor=a)
    second = services.register(event, actor=b)
    services.register(event, actor=c)
    db.session.commit()
    services.cancel_registration(first, event, actor=a)
    db.session.commit()
    offered = db.session.get(Registration, second.id)
    assert offered.status == S.OFFERED
    assert abs((offered.confirm_by - utcnow()) - timedelta(hours=24)) < timedelta(minutes=1)
    assert (
        db.session.scalar(select(Notification.kind).where(Notification.user_id == b.id))
        == "events.promoted"
    )
    services.confirm_offer(offered, event, actor=b)
    db.session.commit()
    assert _status(db, second) == S.CONFIRMED
    assert db.session.get(type(event), event.id).taken == 1


def test_an_unconfirmed_offer_passes_to_the_next_after_the_deadline(db, make_event, people):
    event = make_event(capacity=1, confirm_hours=24)
    a, b, c = people(3)
    first = services.register(event, actor=a)
    second = services.register(event, actor=b)
    third = services.register(event, actor=c)
    db.session.commit()
    services.cancel_registration(first, event, actor=a)
    db.session.commit()
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=False):
        assert services.expire_offers() == 1
        db.session.commit()
        with pytest.raises(DomainError):
            services.confirm_offer(db.session.get(Registration, second.id), event, actor=b)
        db.session.rollback()
    assert _status(db, second) == S.EXPIRED
    assert _status(db, third) == S.OFFERED
    assert db.session.get(type(event), event.id).taken == 1


def test_a_group_registers_together_and_waits_as_a_group(
    db, make_event, make_company, make_user, people
):
    company = make_company()
    boss = make_user("company_admin", company=company)
    staff = people(5, company=company)
    event = make_event(capacity=4)
    (outsider,) = people(1)
    services.register(event, actor=outsider)
    group = services.register_group(event, [u.id for u in staff[:3]], actor=boss)
    db.session.commit()
    assert {r.status for r in group} == {S.CONFIRMED} and event.taken == 4
    waiting_group = services.register_group(event, [u.id for u in staff[3:]], actor=boss)
    (late,) = people(1)
    services.register(event, actor=late)
    db.session.commit()
    assert {r.status for r in waiting_group} == {S.WAITING}
    units = services.waiting_list(event)
    assert [len(u) for u in units] == [2, 1]
    # One seat frees: the group of two does not fit, the single person behind it does.
    services.cancel_registration(db.session.get(Registration, group[0].id), event, actor=boss)
    db.session.commit()
    assert {_status(db, r) for r in waiting_group} == {S.WAITING}
    assert (
        db.session.scalar(select(Registration.status).where(Registration.user_id == late.id))
        == S.OFFERED
    )


def test_a_company_admin_registers_only_colleagues_and_no_one_twice(
    db, make_event, make_company, make_user, people
):
    company = make_company()
    boss = make_user("company_admin", company=company)
    staff = people(2, company=company)
    (stranger,) = people(1)
    event = make_event(capacity=10)
    with pytest.raises(DomainError):
        services.register_group(event, [staff[0].id, stranger.id], actor=boss)
    db.session.rollback()
    services.register(event, actor=staff[0])
    db.session.commit()
    with pytest.raises(services.AlreadyRegistered):
        services.register_group(event, [s.id for s in staff], actor=boss)
    db.session.rollback()
    with pytest.raises(NotAllowed):
        services.register_group(event, [s.id for s in staff], actor=staff[1])
    db.session.rollback()
    assert db.session.get(type(event), event.id).taken == 1


def test_reordering_the_waiting_list_needs_a_reason_which_is_logged(db, make_event, people):
    event = make_event(capacity=1)
    organiser = event.organisers[0].user
    a, b, c, d = people(4)
    for u in (a, b, c, d):
        services.register(event, actor=u)
    db.session.commit()
    d_reg = services.get_active(event, d.id)
    with pytest.raises(DomainError):
        services.reorder_waiting(event, d_reg, 1, "", actor=organiser)
    db.session.rollback()
    with pytest.raises(NotAllowed):
        services.reorder_waiting(event, d_reg, 1, "I want to", actor=a)
    db.session.rollback()
    services.reorder_waiting(event, d_reg, 1, "消防队员需提前到场", actor=organiser)
    db.session.commit()
    assert [u[0].user_id for u in services.waiting_list(event)] == [d.id, b.id, c.id]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "registration.waiting_list_reordered")
    )
    assert entry.summary == "消防队员需提前到场" and entry.actor_id == organiser.id
    # Later arrivals still queue behind everyone.
    (e,) = people(1)
    services.register(event, actor=e)
    db.session.commit()
    assert services.waiting_list(event)[-1][0].user_id == e.id


def test_cancelling_the_event_tells_everyone_registered(db, make_event, people):
    from engage.events.catalogue import services as catalogue

    event = make_event(capacity=1)
    organiser = event.organisers[0].user
    a, b = people(2)
    services.register(event, actor=a)
    services.register(event, actor=b)
    db.session.commit()
    assert catalogue.cancel_event(event, "台风预警", actor=organiser) == 2
    db.session.commit()
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds.count("events.cancelled") == 2
    last = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to == b.email).order_by(OutboxMessage.id.desc())
    )
    assert "台风预警" in last.body


@time_machine.travel("2026-06-10 02:00:00+00:00", tick=False)
def test_cancel_after_the_start_is_refused(db, make_event, people):
    event = make_event(capacity=1, starts_in=timedelta(days=1))
    (a,) = people(1)
    reg = services.register(event, actor=a)
    db.session.commit()
    with time_machine.travel("2026-06-11 03:00:00+00:00", tick=False), pytest.raises(DomainError):
        services.cancel_registration(reg, event, actor=a)
    db.session.rollback()
    assert _status(db, reg) == S.CONFIRMED


def test_a_waiting_person_sees_their_place_in_the_queue(app, db, make_event, people, login_as):
    event = make_event(capacity=1)
    a, b, c = people(3)
    for person in (a, b, c):
        services.register(event, actor=person)
    db.session.commit()
    page = login_as(c).get(f"/events/{event.id}")
    assert page.status_code == 200
    assert "number 2 on the waiting list" in page.text or "候补第 2 位" in page.text
