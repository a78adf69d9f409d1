"""Who sees an event, who may create one, who manages it."""

from __future__ import annotations

from sqlalchemy import and_, exists, false, or_, select, true

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
    # An alliance audience: resolved through the alliance's public face once it exists;
    # until then park staff only (and organisers, below).
    return is_park_staff(user)


def can_view_event(user, event: Event) -> bool:
    if can_manage_event(user, event):
        return True
    return event.status != EventStatus.DRAFT and in_audience(user, event)


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
    shown = and_(Event.status != EventStatus.DRAFT, audience)
    if not signed_in(user):
        return shown
    organises = exists(
        select(EventOrganiser.id).where(
            EventOrganiser.event_id == Event.id, EventOrganiser.user_id == user.id
        )
    )
    return or_(shown, organises, Event.created_by_id == user.id) if user.id else false()
