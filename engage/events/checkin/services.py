"""Tickets (a code and its QR image) and checking people in at the door.

A ticket is the registration's code. Checking in is one conditional UPDATE
(`checked_in_at IS NULL`), so a ticket scanned twice at two doors is counted once.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from engage.accounts.models import User
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.mail import queue_mail
from engage.core.sql import like_pattern
from engage.core.timeutil import to_local, utcnow
from engage.events.catalogue.models import Event
from engage.events.checkin.permissions import can_check_in
from engage.events.registration.models import Registration, RegistrationStatus
from engage.events.times import for_recipient
from engage.extensions import db


class TicketRefused(DomainError):
    """The ticket is unknown, of another event, not confirmed, or checked in already."""


def normalise_code(raw: str) -> str:
    """What a scanner or a person typed, as a ticket code: the code alone or a ticket URL."""
    text = (raw or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())[:16]


def ticket_url(reg: Registration) -> str:
    return f"{current_app.config['ENGAGE_BASE_URL']}/events/tickets/{reg.ticket_code}"


def ticket_mail(event: Event, user: User, code: str) -> dict:
    """The ticket mail for `user` (queue_mail's arguments): its code, the event's time in
    the recipient's zone, the place and the ticket page. Built before any write."""
    return {
        "to": user.email,
        "subject": _("Your ticket: %(title)s", title=event.title),
        "body": _(
            "You have a seat at %(title)s.\n\nWhen: %(when)s\nWhere: %(venue)s\n"
            "Ticket code: %(code)s\n\nShow the QR code on your ticket page at the door: "
            "%(url)s",
            title=event.title,
            when=for_recipient(event.starts_at, user),
            venue=event.venue,
            code=code,
            url=f"{current_app.config['ENGAGE_BASE_URL']}/events/tickets/{code}",
        ),
        "user_id": user.id,
    }


def send_ticket(event: Event, reg: Registration) -> None:
    """Mail the ticket of `reg`."""
    user = reg.user or db.session.get(User, reg.user_id)
    assert user is not None  # a registration's user exists (foreign key)
    queue_mail(**ticket_mail(event, user, reg.ticket_code))


def get_by_code(code: str) -> Registration | None:
    code = normalise_code(code)
    if not code:
        return None
    return db.session.scalar(select(Registration).where(Registration.ticket_code == code))


def check_in(event: Event, code: str, *, actor: User) -> Registration:
    """Check the ticket `code` in at `event`. Raises NotAllowed, TicketRefused (with
    when and by whom for a ticket checked in already)."""
    if not can_check_in(actor, event):
        raise NotAllowed(_("Only the organisers check people in."))
    reg = get_by_code(code)
    if reg is None:
        raise TicketRefused(_("No ticket has this code."), field="code")
    if reg.event_id != event.id:
        raise TicketRefused(_("This ticket is for another event."), field="code")
    if reg.status != RegistrationStatus.CONFIRMED:
        raise TicketRefused(
            _("This ticket is not confirmed (%(status)s).", status=reg.status_label), field="code"
        )
    now = utcnow()
    changed = db.session.execute(  # type: ignore[attr-defined]
        update(Registration)
        .where(Registration.id == reg.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now, checked_in_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(reg)
    if not changed:
        assert reg.checked_in_at is not None  # the only other condition of the update
        by = reg.checked_in_by.name if reg.checked_in_by else "?"
        raise TicketRefused(
            _(
                "%(name)s was checked in already, at %(when)s by %(by)s.",
                name=reg.user.name,
                when=to_local(reg.checked_in_at).strftime("%H:%M:%S"),
                by=by,
            ),
            field="code",
        )
    audit.record(actor, "registration.checked_in", reg, summary=event.title)
    return reg


def live_counts(event: Event) -> tuple[int, int]:
    """(checked in, confirmed)."""
    checked, confirmed = db.session.execute(
        select(
            func.count(Registration.id).filter(Registration.checked_in_at.is_not(None)),
            func.count(Registration.id),
        ).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED
        )
    ).one()
    return checked, confirmed


def search(event: Event, query: str, limit: int = 20) -> list[Registration]:
    """Confirmed registrations of the event whose person's name or e-mail, or the
    ticket code, contains `query`."""
    query = (query or "").strip()[:60]
    if not query:
        return []
    pattern = like_pattern(query)
    return list(
        db.session.scalars(
            select(Registration)
            .join(User, User.id == Registration.user_id)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                or_(
                    User.name.ilike(pattern, escape="\\"),
                    User.email.ilike(pattern, escape="\\"),
                    Registration.ticket_code == normalise_code(query),
                ),
            )
            .order_by(User.name)
            .limit(limit)
        )
    )
