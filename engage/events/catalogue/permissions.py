"""Who sees an event, who may create one, who manages it."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import and_, exists, false, or_, select, true

from engage.alliance import alliance_ids_of_company
from engage.core.permissions import is_admin, is_park_staff, is_supervisor_or_admin, signed_in
from engage.events.catalogue.models import Audience, Event, EventOrganiser, EventStatus


def is_organiser(user, event: Event) -> bool:
    return signed_in(user) and (user.id in event.organiser_ids or user.id == event.created_by_id)


def can_manage_event(user, event: Event) -> bool:
    """Edit, publish, cancel, see registrations and check people in: organisers and admins."""
    return is_admin(user) or is_organiser(user, event)


def can_create_event(user) -> bool:
    """The safety committee office, supervisors, and companies' safety managers."""
    return is_supervisor_or_admin(user) or (signed_in(user) and user.is_safety_manager)


def in_audience(user, event: Event) -> bool:
    if event.audience == Audience.PARK:
        return True
    if event.audience == Audience.COMPANY:
        return is_park_staff(user) or (
            signed_in(user)
            and user.company_id is not None
            and user.company_id == event.audience_company_id
        )
    # An alliance: the people of its member companies now (and park staff).
    return is_park_staff(user) or (
        event.audience_alliance_id is not None
        and event.audience_alliance_id in my_alliance_ids(user)
    )


def my_alliance_ids(user) -> list[int]:
    """The alliances the user's company belongs to now (asked once per request)."""
    if not signed_in(user) or user.company_id is None:
        return []
    if not has_request_context():
        return alliance_ids_of_company(user.company_id)
    cache = g.setdefault("events_alliance_ids", {})
    if user.company_id not in cache:
        cache[user.company_id] = alliance_ids_of_company(user.company_id)
    return cache[user.company_id]


def can_view_event(user, event: Event) -> bool:
    # The audience first: for a park-wide event it needs no query, the organisers do.
    if event.status != EventStatus.DRAFT and in_audience(user, event):
        return True
    return can_manage_event(user, event)


def visible_events(user):
    """The SQL twin of can_view_event, for list queries."""
    if is_admin(user):
        return true()
    audience = Event.audience == Audience.PARK
    if is_park_staff(user):
        audience = true()
    elif signed_in(user) and user.company_id is not None:
        audience = or_(
            audience,
            and_(Event.audience == Audience.COMPANY, Event.audience_company_id == user.company_id),
        )
        alliance_ids = my_alliance_ids(user)
        if alliance_ids:
            audience = or_(
                audience,
                and_(
                    Event.audience == Audience.ALLIANCE,
                    Event.audience_alliance_id.in_(alliance_ids),
                ),
            )
    shown = and_(Event.status != EventStatus.DRAFT, audience)
    if not signed_in(user):
        return shown
    organises = exists(
        select(EventOrganiser.id).where(
            EventOrganiser.event_id == Event.id, EventOrganiser.user_id == user.id
        )
    )
    return or_(shown, organises, Event.created_by_id == user.id) if user.id else false()
