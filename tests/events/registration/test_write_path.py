"""The register form's write path: what it writes and reads, and what it builds for whom.

200 people pressing "register" at once queue for the seat's row (PostgreSQL) or the
write lock (SQLite): these tests keep the path that holds it short."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import PendingRollbackError

from engage.core.mail import OutboxMessage
from engage.events.catalogue.models import Event
from engage.events.registration import services
from engage.events.registration.models import Registration
from engage.events.registration.models import RegistrationStatus as S


def _outbox_to(db, person) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == person.email)))


def test_a_second_registration_slipping_past_the_check_keeps_no_seat(
    db, make_event, people, monkeypatch
):
    """The same person twice at once: the unique index refuses the second, and its seat,
    taken the statement before, goes back with it whatever the caller does next."""
    event = make_event(capacity=5)
    (alice,) = people(1)
    services.register(event, actor=alice)
    db.session.commit()
    # As if the other request had not committed yet when this one looked.
    monkeypatch.setattr(services, "_ACTIVE_ID", services._ACTIVE_ID.where(Registration.id < 0))
    with pytest.raises(services.AlreadyRegistered):
        services.register(event, actor=alice)
    with pytest.raises(PendingRollbackError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Event, event.id).taken == 1
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_a_seat_freed_after_the_event_was_read_still_comes_with_its_ticket(db, make_event, people):
    event = make_event(capacity=1)
    alice, bob = people(2)
    services.register(event, actor=alice)
    db.session.commit()
    assert event.taken == 1  # read: the event looks full to whoever comes next
    # Alice's seat frees in another request, after that read.
    db.session.execute(update(Event.__table__).values(taken=0))
    reg = services.register(event, actor=bob)
    db.session.commit()
    assert reg.status == S.CONFIRMED
    (ticket,) = _outbox_to(db, bob)
    assert reg.ticket_code in ticket.body


def test_who_finds_the_event_full_waits_without_a_ticket(db, make_event, people):
    event = make_event(capacity=1)
    alice, bob = people(2)
    services.register(event, actor=alice)
    reg = services.register(event, actor=bob)
    db.session.commit()
    assert reg.status == S.WAITING and reg.queue_position == reg.id
    assert _outbox_to(db, bob) == [] and len(_outbox_to(db, alice)) == 1
    assert [unit[0].user_id for unit in services.waiting_list(event)] == [bob.id]


def _verbs(statements: list[str]) -> list[str]:
    """`UPDATE events`, `INSERT registrations`, `SELECT users`: what each statement did."""
    out = []
    for sql in statements:
        words = sql.replace('"', "").split()
        verb = words[0].upper()
        if verb == "SELECT":
            table = words[words.index("FROM") + 1] if "FROM" in words else "?"
        elif verb == "INSERT":
            table = words[2]
        else:
            table = words[1]
        out.append(f"{verb} {table}")
    return out


@pytest.mark.parametrize("full", [False, True], ids=["seat", "waiting"])
def test_the_register_form_reads_once_and_writes_the_seat_and_one_row(
    app, db, make_event, people, login_as, count_queries, full
):
    """Nothing is read again after the commit: not the registration, not the person
    (the message is in their language, chosen before), not the event."""
    event = make_event(capacity=0 if full else 5)
    (person,) = people(1)
    client = login_as(person)
    event_id = event.id
    with count_queries() as counter:
        answer = client.post(f"/events/{event_id}/register")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/events/{event_id}")
    verbs = _verbs(counter.statements)
    # The reads, then the seat and the registration, in this order.
    assert verbs[:5] == [
        "SELECT users",
        "SELECT events",
        "SELECT registrations",
        "UPDATE events",
        "INSERT registrations",
    ]
    if full:
        # The commit's flush: the audit entry and the place in the queue.
        assert sorted(verbs[5:]) == ["INSERT audit_entries", "UPDATE registrations"]
    else:
        # The audit entry and the ticket; the ticket's delivery after the commit.
        assert sorted(verbs[5:7]) == ["INSERT audit_entries", "INSERT outbox_messages"]
        assert verbs[7:] == ["SELECT outbox_messages", "UPDATE outbox_messages"]
    status = db.session.scalar(select(Registration.status))
    assert status == (S.WAITING if full else S.CONFIRMED)
