"""Registration rules: seats, groups, the waiting list, promotion, confirm deadlines.

Never more seats held than the event has: seats change only through
registration.seats (a conditional UPDATE), and a partial unique index keeps one
active registration per person per event. Every function flushes and never
commits; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from engage.accounts.models import User
from engage.core import audit, notifications
from engage.core.errors import DomainError, NotAllowed
from engage.core.mail import queue_mail
from engage.core.timeutil import deadline, utcnow
from engage.events.catalogue.models import Event, EventStatus
from engage.events.checkin.services import ticket_mail
from engage.events.registration import seats
from engage.events.registration.models import (
    ACTIVE,
    HOLDS_SEAT,
    Registration,
    RegistrationGroup,
    RegistrationStatus,
    new_ticket_code,
)
from engage.events.registration.permissions import (
    can_change_registration,
    can_manage_registrations,
    can_register,
    can_register_group,
)
from engage.events.times import for_recipient
from engage.extensions import db

MAX_GROUP = 50

notifications.register_kind(
    "events.promoted",
    _l("A seat at %(title)s is yours: confirm it by %(deadline)s or it passes to the next."),
)
notifications.register_kind(
    "events.offer_expired",
    _l("Your offered seat at %(title)s was not confirmed in time and passed to the next."),
)


class AlreadyRegistered(DomainError):
    pass


class RegistrationClosed(DomainError):
    pass


def _check_window(event: Event, now: datetime | None = None) -> None:
    now = now or utcnow()
    if event.status != EventStatus.PUBLISHED:
        raise RegistrationClosed(_("This event does not take registrations."))
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationClosed(_("Registration has not opened yet."))
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        raise RegistrationClosed(_("Registration has closed."))


def window_state(event: Event) -> str:
    """ "open", "not_yet" (registration opens later) or "closed": what a page offers."""
    now = utcnow()
    if (
        event.registration_opens_at
        and now < event.registration_opens_at
        and event.status == EventStatus.PUBLISHED
    ):
        return "not_yet"
    try:
        _check_window(event, now)
    except RegistrationClosed:
        return "closed"
    return "open"


def get_active(event: Event, user_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id == user_id,
            Registration.status.in_(ACTIVE),
        )
    )


# Built once: a registration runs it with its own event and person.
_ACTIVE_ID = (
    select(Registration.id)
    .where(
        Registration.event_id == bindparam("event_id"),
        Registration.user_id == bindparam("user_id"),
        Registration.status.in_(ACTIVE),
    )
    .limit(1)
)


def register(event: Event, *, actor: User) -> Registration:
    """Give actor a seat, or a place at the end of the waiting list when none is free.

    Anyone who may see the event, inside its registration window.
    Raises NotAllowed, RegistrationClosed, AlreadyRegistered.

    Every read and check comes before the first write, and so does the ticket mail when
    the event, as loaded, had a seat free (who finds it full gets no ticket, so none is
    built for them: the page and the flashed message tell them their place). Then the
    seat's conditional UPDATE and one INSERT of the registration, confirmed or waiting;
    the audit entry, the ticket and a waiting person's place (their registration's id)
    go with the commit's flush. The event's row (PostgreSQL) or the write lock (SQLite)
    is held from the seat to the commit. A second active registration of the same
    person, refused by the unique index, fails the flush, which rolls the whole
    transaction back, the seat with it.
    """
    if not can_register(actor, event):
        raise NotAllowed(_("You may not register for this event."))
    _check_window(event)
    if db.session.scalar(_ACTIVE_ID, {"event_id": event.id, "user_id": actor.id}) is not None:
        raise AlreadyRegistered(_("You are registered for this event already (one seat each)."))
    now = utcnow()
    code = new_ticket_code()
    ticket = ticket_mail(event, actor, code) if event.taken < event.capacity else None
    confirmed = seats.take(event.id, 1)
    reg = Registration(
        event_id=event.id,
        user_id=actor.id,
        status=RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITING,
        registered_by_id=actor.id,
        created_at=now,
        confirmed_at=now if confirmed else None,
        ticket_code=code,
    )
    db.session.add(reg)
    try:
        db.session.flush()
    except IntegrityError as exc:
        raise AlreadyRegistered(
            _("You are registered for this event already (one seat each).")
        ) from exc
    if confirmed:
        queue_mail(**(ticket or ticket_mail(event, actor, code)))
    else:
        reg.queue_position = reg.id  # arrival order
    seats.refresh(event)
    audit.record(actor, "registration.created", reg, summary=event.title, status=reg.status.value)
    return reg


def register_group(event: Event, user_ids: Iterable[int], *, actor: User) -> list[Registration]:
    """A company admin registers named colleagues in one request: all get seats, or
    the whole group waits together. Raises NotAllowed, RegistrationClosed,
    AlreadyRegistered, DomainError."""
    if not can_register_group(actor, event):
        raise NotAllowed(_("Only a company's admin may register a group."))
    _check_window(event)
    ids = sorted(set(user_ids))
    if len(ids) < 2:
        raise DomainError(_("Choose at least two colleagues."), field="members")
    if len(ids) > MAX_GROUP:
        raise DomainError(_("At most %(n)s people in one group.", n=MAX_GROUP), field="members")
    members = list(
        db.session.scalars(
            select(User).where(
                User.id.in_(ids), User.company_id == actor.company_id, User.active.is_(True)
            )
        )
    )
    if len(members) != len(ids):
        raise DomainError(
            _("Only active colleagues of your company can be registered."), field="members"
        )
    taken = db.session.scalars(
        select(Registration.user_id).where(
            Registration.event_id == event.id,
            Registration.user_id.in_(ids),
            Registration.status.in_(ACTIVE),
        )
    ).all()
    if taken:
        names = ", ".join(sorted(u.name for u in members if u.id in set(taken)))
        raise AlreadyRegistered(
            _("Registered already: %(names)s. Leave them out and try again.", names=names),
            field="members",
        )
    group = RegistrationGroup(
        event_id=event.id, company_id=actor.company_id, registered_by_id=actor.id
    )
    db.session.add(group)
    db.session.flush()
    regs = _insert(event, ids, registered_by=actor, group=group)
    audit.record(
        actor,
        "registration.group_created",
        group,
        summary=event.title,
        company_id=actor.company_id,
        size=len(regs),
        status=regs[0].status.value,
    )
    if regs[0].status == RegistrationStatus.CONFIRMED:
        for reg in regs:
            _send_ticket(event, reg)
    return regs


def _insert(
    event: Event, user_ids: list[int], *, registered_by: User, group: RegistrationGroup | None
) -> list[Registration]:
    """Take len(user_ids) seats if free, else queue; inside a savepoint so a lost race
    on the unique index undoes the seats too."""
    n = len(user_ids)
    try:
        with db.session.begin_nested():
            got_seats = seats.take(event.id, n)
            now = utcnow()
            status = RegistrationStatus.CONFIRMED if got_seats else RegistrationStatus.WAITING
            regs = [
                Registration(
                    event_id=event.id,
                    user_id=uid,
                    status=status,
                    group_id=group.id if group else None,
                    registered_by_id=registered_by.id,
                    created_at=now,
                    confirmed_at=now if got_seats else None,
                )
                for uid in user_ids
            ]
            db.session.add_all(regs)
            db.session.flush()
            if not got_seats:
                # Arrival order: the first id of the request, shared by a group.
                position = min(r.id for r in regs)
                for reg in regs:
                    reg.queue_position = position
                db.session.flush()
    except IntegrityError as exc:
        raise AlreadyRegistered(
            _("You are registered for this event already (one seat each).")
        ) from exc
    seats.refresh(event)
    return regs


def _members(reg: Registration) -> list[Registration]:
    """The registration and, for a group, the others in the same state with it."""
    if reg.group_id is None:
        return [reg]
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.group_id == reg.group_id, Registration.status == reg.status)
            .order_by(Registration.id)
        )
    )


def cancel_registration(reg: Registration, event: Event, *, actor: User) -> None:
    """Give up a seat or a waiting place; a freed seat goes to the first waiting who fits.
    Raises NotAllowed, DomainError."""
    if not can_change_registration(actor, reg, event):
        raise NotAllowed(_("You may not cancel this registration."))
    if not reg.is_active:
        raise DomainError(_("This registration is not active."))
    if event.starts_at <= utcnow():
        raise DomainError(_("The event has started; registrations can no longer change."))
    held = reg.holds_seat
    changed = db.session.execute(  # type: ignore[attr-defined]
        update(Registration)
        .where(Registration.id == reg.id, Registration.status.in_(ACTIVE))
        .values(status=RegistrationStatus.CANCELLED, ended_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise DomainError(_("This registration is not active."))
    db.session.expire(reg)
    audit.record(actor, "registration.cancelled", reg, summary=event.title)
    if held:
        seats.release(event.id, 1)
        promote(event)


def confirm_offer(reg: Registration, event: Event, *, actor: User) -> list[Registration]:
    """Confirm a seat offered from the waiting list (a group's registrar confirms all of
    the group). Raises NotAllowed, DomainError."""
    if not can_change_registration(actor, reg, event):
        raise NotAllowed(_("You may not confirm this registration."))
    if reg.status != RegistrationStatus.OFFERED:
        raise DomainError(_("There is no seat offer to confirm."))
    now = utcnow()
    if reg.confirm_by is not None and reg.confirm_by < now:
        expire_offers(event)
        raise DomainError(_("The offer expired; the seat has passed to the next in line."))
    group = _members(reg) if (reg.group and reg.group.registered_by_id == actor.id) else [reg]
    ids = [r.id for r in group]
    db.session.execute(
        update(Registration)
        .where(Registration.id.in_(ids), Registration.status == RegistrationStatus.OFFERED)
        .values(status=RegistrationStatus.CONFIRMED, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    for r in group:
        db.session.expire(r)
        audit.record(actor, "registration.confirmed", r, summary=event.title)
        _send_ticket(event, r)
    return group


def _waiting_units(event: Event) -> list[list[Registration]]:
    """The waiting list, in order, each entry one person or a whole group."""
    regs = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING)
        .order_by(Registration.queue_position, Registration.id)
        .limit(5000)
    ).all()
    units: list[list[Registration]] = []
    by_group: dict[int, list[Registration]] = {}
    for reg in regs:
        if reg.group_id is None:
            units.append([reg])
        elif reg.group_id in by_group:
            by_group[reg.group_id].append(reg)
        else:
            by_group[reg.group_id] = [reg]
            units.append(by_group[reg.group_id])
    return units


def waiting_place(reg: Registration) -> int | None:
    """Where a waiting registration stands in its event's queue (1 = next; a group is one
    place): one query."""
    if reg.status != RegistrationStatus.WAITING or reg.queue_position is None:
        return None
    ahead = db.session.scalar(
        select(func.count(func.distinct(Registration.queue_position))).where(
            Registration.event_id == reg.event_id,
            Registration.status == RegistrationStatus.WAITING,
            Registration.queue_position < reg.queue_position,
        )
    )
    return (ahead or 0) + 1


def waiting_list(event: Event) -> list[list[Registration]]:
    return _waiting_units(event)


def promote(event: Event) -> list[Registration]:
    """Offer freed seats to the first on the waiting list who fit (a group as a whole),
    each with a deadline to confirm. Returns the registrations offered."""
    db.session.flush()
    seats.refresh(event)
    free = event.capacity - event.taken
    offered: list[Registration] = []
    if free <= 0 or event.status != EventStatus.PUBLISHED or event.starts_at <= utcnow():
        return offered
    now = utcnow()
    confirm_by = min(deadline(now, hours=event.confirm_hours), event.starts_at)
    for unit in _waiting_units(event):
        n = len(unit)
        if n > free:
            continue
        if not seats.take(event.id, n):
            seats.refresh(event)
            free = event.capacity - event.taken
            continue
        ids = [r.id for r in unit]
        moved = db.session.execute(  # type: ignore[attr-defined]
            update(Registration)
            .where(Registration.id.in_(ids), Registration.status == RegistrationStatus.WAITING)
            .values(status=RegistrationStatus.OFFERED, offered_at=now, confirm_by=confirm_by)
            .execution_options(synchronize_session=False)
        ).rowcount
        if moved != n:  # someone else promoted or cancelled them meanwhile
            seats.release(event.id, n)
            continue
        free -= n
        for reg in unit:
            db.session.expire(reg)
            notifications.notify(
                reg.user_id,
                "events.promoted",
                url=f"/events/{event.id}",
                title=event.title,
                deadline=for_recipient(confirm_by, reg.user),
            )
            queue_mail(
                reg.user.email,
                _("A seat for you: %(title)s", title=event.title),
                _(
                    "A seat at %(title)s is free and offered to you. Confirm it by "
                    "%(deadline)s on the event's page, or it passes to the next "
                    "person waiting.",
                    title=event.title,
                    deadline=for_recipient(confirm_by, reg.user),
                ),
                user_id=reg.user_id,
            )
            offered.append(reg)
        if free <= 0:
            break
    seats.refresh(event)
    return offered


def expire_offers(event: Event | None = None, now: datetime | None = None) -> int:
    """Offers past their confirm deadline pass to the next in line. For one event (page
    views) or all (the scheduler's `flask events expire`). Returns offers expired."""
    now = now or utcnow()
    stmt = select(Registration).where(
        Registration.status == RegistrationStatus.OFFERED, Registration.confirm_by < now
    )
    if event is not None:
        stmt = stmt.where(Registration.event_id == event.id)
    due = db.session.scalars(stmt.order_by(Registration.id).limit(2000)).all()
    if not due:
        return 0
    expired = 0
    events: dict[int, Event] = {}
    for reg in due:
        changed = db.session.execute(  # type: ignore[attr-defined]
            update(Registration)
            .where(Registration.id == reg.id, Registration.status == RegistrationStatus.OFFERED)
            .values(status=RegistrationStatus.EXPIRED, ended_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            continue
        expired += 1
        seats.release(reg.event_id, 1)
        found = event if event is not None else db.session.get(Event, reg.event_id)
        assert found is not None  # a registration's event exists (foreign key)
        target = events.setdefault(reg.event_id, found)
        notifications.notify(
            reg.user_id, "events.offer_expired", url=f"/events/{reg.event_id}", title=target.title
        )
        audit.record(None, "registration.offer_expired", reg, summary=target.title)
    for target in events.values():
        promote(target)
    return expired


def reorder_waiting(
    event: Event, reg: Registration, new_position: int, reason: str, *, actor: User
) -> None:
    """Move a waiting person (or their whole group) to `new_position` (1 = first).
    Only organisers, only with a written reason, which the audit log keeps."""
    if not can_manage_registrations(actor, event):
        raise NotAllowed(_("Only the organisers may reorder the waiting list."))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise DomainError(_("Write why the order changes (at least a few words)."), field="reason")
    units = _waiting_units(event)
    index = next((i for i, unit in enumerate(units) if any(r.id == reg.id for r in unit)), None)
    if index is None:
        raise DomainError(_("This person is not on the waiting list."))
    if not 1 <= new_position <= len(units):
        raise DomainError(_("Choose a place between 1 and %(n)s.", n=len(units)), field="position")
    # Positions are permuted among the values already used, so later arrivals stay behind.
    # Every waiting registration has its place in the queue.
    values = sorted({cast(int, unit[0].queue_position) for unit in units})
    if len(values) < len(units):
        values = list(range(1, len(units) + 1))
    unit = units.pop(index)
    units.insert(new_position - 1, unit)
    for value, members in zip(values, units, strict=True):
        for member in members:
            member.queue_position = value
    db.session.flush()
    audit.record(
        actor,
        "registration.waiting_list_reordered",
        reg,
        summary=reason[:300],
        event_id=event.id,
        from_position=index + 1,
        to_position=new_position,
        user_id=reg.user_id,
    )


def active_users(event: Event) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        )
    )


def active_user_ids(event: Event) -> list[int]:
    return list(
        db.session.scalars(
            select(Registration.user_id).where(
                Registration.event_id == event.id, Registration.status.in_(ACTIVE)
            )
        )
    )


def counts(event: Event) -> dict[str, int]:
    """How many registrations of the event are in each state."""
    rows = db.session.execute(
        select(Registration.status, func.count(Registration.id))
        .where(Registration.event_id == event.id)
        .group_by(Registration.status)
    ).all()
    found = {status.value: n for status, n in rows}
    return {s.value: found.get(s.value, 0) for s in RegistrationStatus}


def list_registrations(event: Event, *, statuses=HOLDS_SEAT):
    return (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(statuses))
        .order_by(Registration.id)
    )


def colleagues(actor: User) -> list[User]:
    """The people a company admin may register in a group."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.company_id == actor.company_id, User.active.is_(True))
            .order_by(User.name)
            .limit(500)
        )
    )


def _send_ticket(event: Event, reg: Registration) -> None:
    from engage.events.checkin import services as checkin

    checkin.send_ticket(event, reg)
