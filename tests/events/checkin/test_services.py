"""Check-in: a ticket of another event, an unconfirmed one, and a second scan are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.core.errors import NotAllowed
from engage.events.checkin import services
from engage.events.registration import services as registration
from engage.events.registration.models import Registration


def test_tickets_are_checked_in_once_and_only_at_their_event(db, make_event, people):
    show = make_event(capacity=1)
    drill = make_event(capacity=5, kind="drill", title="消防演练")
    organiser = show.organisers[0].user
    a, b = people(2)
    ticket = registration.register(show, actor=a)
    waiting = registration.register(show, actor=b)
    db.session.commit()
    with pytest.raises(services.TicketRefused, match="another event|其他活动"):
        services.check_in(drill, ticket.ticket_code, actor=drill.organisers[0].user)
    with pytest.raises(services.TicketRefused):
        services.check_in(show, waiting.ticket_code, actor=organiser)
    with pytest.raises(services.TicketRefused):
        services.check_in(show, "NOPE", actor=organiser)
    with pytest.raises(NotAllowed):
        services.check_in(show, ticket.ticket_code, actor=a)
    db.session.rollback()
    assert (
        db.session.scalar(select(Registration.checked_in_at).where(Registration.id == ticket.id))
        is None
    )
    services.check_in(
        show, f"https://park.example/events/tickets/{ticket.ticket_code}", actor=organiser
    )
    db.session.commit()
    assert services.live_counts(show) == (1, 1)
    with pytest.raises(services.TicketRefused, match=organiser.name):
        services.check_in(show, ticket.ticket_code, actor=organiser)
    assert [r.id for r in services.search(show, a.name)] == [ticket.id]
