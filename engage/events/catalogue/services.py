"""Events: create, edit, publish, cancel; the lists; iCal calendars.

Every function takes the acting user as `actor=`, flushes and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from icalendar import Calendar
from icalendar import Event as IcsEvent
from sqlalchemy import extract, func, select
from sqlalchemy.orm import selectinload

from engage.accounts.models import Company, User
from engage.alliance import alliance_choices
from engage.core import audit, notifications, signals
from engage.core.errors import DomainError, NotAllowed
from engage.core.mail import queue_mail
from engage.core.timeutil import utcnow
from engage.events.catalogue.models import Audience, Event, EventKind, EventOrganiser, EventStatus
from engage.events.catalogue.permissions import can_create_event, can_manage_event, visible_events
from engage.events.signals import EventHeld
from engage.events.times import for_recipient
from engage.extensions import db

notifications.register_kind("events.cancelled", _l("%(title)s is cancelled: %(reason)s"))
notifications.register_kind(
    "events.changed", _l("%(title)s has changed: it now starts %(when)s at %(venue)s.")
)

EDITABLE = (
    "title",
    "kind",
    "description",
    "venue",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "submissions_close_at",
    "confirm_hours",
    "audience",
    "audience_company_id",
    "audience_alliance_id",
)


def _check(values: dict, event: Event | None) -> None:
    starts, ends = values["starts_at"], values["ends_at"]
    if ends <= starts:
        raise DomainError(_("The event must end after it starts."), field="ends_at")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(
            _("Registration must close after it opens."), field="registration_closes_at"
        )
    if closes and closes > ends:
        raise DomainError(
            _("Registration must close before the event ends."), field="registration_closes_at"
        )
    if values["audience"] == Audience.COMPANY:
        company_id = values.get("audience_company_id")
        if not company_id or db.session.get(Company, company_id) is None:
            raise DomainError(
                _("Choose the company the event is for."), field="audience_company_id"
            )
    else:
        values["audience_company_id"] = None
    if values["audience"] == Audience.ALLIANCE:
        alliance_id = values.get("audience_alliance_id")
        if not alliance_id or alliance_id not in dict(alliance_choices()):
            raise DomainError(
                _("Choose the alliance the event is for."), field="audience_alliance_id"
            )
    else:
        values["audience_alliance_id"] = None
    if event is not None and values["capacity"] < event.taken:
        raise DomainError(
            ngettext(
                "%(num)s seat is taken already; the event cannot have fewer.",
                "%(num)s seats are taken already; the event cannot have fewer.",
                event.taken,
            ),
            field="capacity",
        )


def find_organisers(emails: str) -> list[User]:
    """Users named by a comma-separated list of e-mail addresses. Raises DomainError."""
    wanted = [e.strip().lower() for e in (emails or "").replace("，", ",").split(",") if e.strip()]
    if len(wanted) > 20:
        raise DomainError(_("At most 20 organisers."), field="organisers")
    if not wanted:
        return []
    users = list(
        db.session.scalars(
            select(User).where(func.lower(User.email).in_(wanted), User.active.is_(True))
        )
    )
    missing = sorted(set(wanted) - {u.email.lower() for u in users})
    if missing:
        raise DomainError(
            _("Nobody signs in as %(emails)s.", emails=", ".join(missing)), field="organisers"
        )
    return users


def _set_organisers(event: Event, users: list[User], actor: User) -> None:
    ids = {actor.id if event.created_by_id is None else event.created_by_id} | {u.id for u in users}
    current = {o.user_id: o for o in event.organisers}
    for user_id, link in current.items():
        if user_id not in ids:
            event.organisers.remove(link)
    for user_id in sorted(ids - set(current)):
        event.organisers.append(EventOrganiser(user_id=user_id))


def create_event(values: dict, *, actor: User, organisers: Sequence[User] = ()) -> Event:
    """A draft event; actor becomes its first organiser. Raises NotAllowed, DomainError."""
    if not can_create_event(actor):
        raise NotAllowed(_("You may not organise events."))
    values = {k: values[k] for k in EDITABLE if k in values}
    values["audience"] = Audience(values.get("audience") or Audience.PARK)
    values["kind"] = EventKind(values["kind"])
    _check(values, None)
    event = Event(**values, created_by_id=actor.id, status=EventStatus.DRAFT, taken=0)
    db.session.add(event)
    _set_organisers(event, list(organisers), actor)
    db.session.flush()
    audit.record(actor, "event.created", event, summary=event.title)
    return event


def update_event(
    event: Event, values: dict, *, actor: User, organisers: list[User] | None = None
) -> Event:
    """Change an event's details. Registrants are told when its time or place changes."""
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the organisers may change this event."))
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("A cancelled event cannot be changed."))
    values = {k: values[k] for k in EDITABLE if k in values}
    values["audience"] = Audience(values.get("audience") or event.audience)
    values["kind"] = EventKind(values.get("kind") or event.kind)
    _check(values, event)
    moved = values["starts_at"] != event.starts_at or values["venue"] != event.venue
    for key, value in values.items():
        setattr(event, key, value)
    if organisers is not None:
        _set_organisers(event, organisers, actor)
    db.session.flush()
    audit.record(actor, "event.updated", event, summary=event.title)
    if event.status == EventStatus.PUBLISHED:
        if moved:
            from engage.events.registration import services as registration

            notifications.notify_many(
                registration.active_user_ids(event),
                "events.changed",
                url=f"/events/{event.id}",
                title=event.title,
                when=for_recipient(event.starts_at),  # many readers: the park's zone
                venue=event.venue,
            )
        announce(event)
    return event


def set_cover(event: Event, media, *, actor: User) -> None:
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the organisers may change this event."))
    event.cover = media


def publish_event(event: Event, *, actor: User) -> Event:
    """Make a draft visible to its audience and announce it (event_held)."""
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the organisers may publish this event."))
    if event.status != EventStatus.DRAFT:
        raise DomainError(_("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()
    db.session.flush()
    audit.record(actor, "event.published", event, summary=event.title)
    announce(event)
    return event


def announce(event: Event) -> None:
    """Send event_held for a published event. Receivers treat a repeat as an update."""
    company_ids: Sequence[Any] = db.session.scalars(
        select(User.company_id)
        .join(EventOrganiser, EventOrganiser.user_id == User.id)
        .where(EventOrganiser.event_id == event.id, User.company_id.is_not(None))
        .distinct()
    ).all()
    payload = EventHeld(
        event_id=event.id,
        title=event.title,
        kind=event.kind.value,
        organiser_company_ids=tuple(sorted(company_ids)),
        starts_at=event.starts_at,
        audience_alliance_id=event.audience_alliance_id,
    )
    signals.send(signals.event_held, event.id, payload)


def cancel_event(event: Event, reason: str, *, actor: User) -> int:
    """Cancel an event; everyone registered or waiting is told by notification and mail.
    Returns how many people were told."""
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the organisers may cancel this event."))
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("The event is cancelled already."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the event is cancelled."), field="reason")
    from engage.events.registration import services as registration

    users = registration.active_users(event)
    event.status = EventStatus.CANCELLED
    event.cancelled_at = utcnow()
    event.cancel_reason = reason[:500]
    db.session.flush()
    audit.record(actor, "event.cancelled", event, summary=reason[:300])
    for user in users:
        notifications.notify(
            user,
            "events.cancelled",
            url=f"/events/{event.id}",
            title=event.title,
            reason=reason[:200],
        )
        queue_mail(
            user.email,
            _("Cancelled: %(title)s", title=event.title),
            _("%(title)s is cancelled.\n\nReason: %(reason)s", title=event.title, reason=reason),
            user_id=user.id,
        )
    return len(users)


def list_events(
    actor, *, when: str = "upcoming", month: tuple[int, int] | None = None, kind: str = ""
):
    """A select of the events actor may see: upcoming (soonest first), past (latest
    first), or those starting in one (year, month), with organisers loaded."""
    now = utcnow()
    stmt = select(Event).where(visible_events(actor)).options(selectinload(Event.organisers))
    if kind in {k.value for k in EventKind}:
        stmt = stmt.where(Event.kind == EventKind(kind))
    if month is not None:
        year, mon = month
        start = datetime(year, mon, 1, tzinfo=UTC) - timedelta(hours=8)
        end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=UTC) - timedelta(hours=8)
        return stmt.where(Event.starts_at >= start, Event.starts_at < end).order_by(
            Event.starts_at, Event.id
        )
    if when == "past":
        return stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    return stmt.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def months_with_events(actor) -> list[tuple[int, int, int]]:
    """(year, month, count) of the events actor may see, latest first (in UTC months)."""
    year = extract("year", Event.starts_at)
    month = extract("month", Event.starts_at)
    rows = db.session.execute(
        select(year, month, func.count(Event.id))
        .where(visible_events(actor))
        .group_by(year, month)
        .order_by(year.desc(), month.desc())
        .limit(36)
    ).all()
    return [(int(y), int(m), n) for y, m, n in rows]


def _ics_event(event: Event, base_url: str) -> IcsEvent:
    item = IcsEvent()
    item.add("uid", f"event-{event.id}@engage")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.updated_at or utcnow())
    item.add("location", event.venue)
    item.add("url", f"{base_url}/events/{event.id}")
    item.add("description", (event.description or "")[:2000])
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def calendar(events, base_url: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Engage//events//")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_ics_event(event, base_url))
    return cal.to_ical()


def feed_events(actor, limit: int = 500) -> list[Event]:
    """Published events actor may see from 90 days ago on, for the iCal feed."""
    since = utcnow() - timedelta(days=90)
    return list(
        db.session.scalars(
            select(Event)
            .where(
                visible_events(actor), Event.status != EventStatus.DRAFT, Event.starts_at >= since
            )
            .order_by(Event.starts_at)
            .limit(limit)
        )
    )
