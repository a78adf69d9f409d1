"""Who submits, reviews and orders performances, and who sees them."""

from __future__ import annotations

from engage.core.permissions import is_park_staff, signed_in
from engage.events.catalogue.models import Event, EventKind
from engage.events.catalogue.permissions import can_manage_event, can_view_event
from engage.events.performances.models import Performance


def is_juror(user, event: Event, juror_ids: set[int] | None = None) -> bool:
    if not signed_in(user):
        return False
    if juror_ids is None:
        from engage.events.performances.services import juror_ids as load

        juror_ids = load(event)
    return user.id in juror_ids


def can_submit_performance(user, event: Event) -> bool:
    """A company's safety manager or admin, for a showcase they may see."""
    return (
        signed_in(user)
        and user.company_id is not None
        and user.is_safety_manager
        and event.kind == EventKind.SHOWCASE
        and can_view_event(user, event)
    )


def can_review_performances(user, event: Event) -> bool:
    """Organisers and the event's jury."""
    return can_manage_event(user, event) or is_juror(user, event)


def can_order_programme(user, event: Event) -> bool:
    return can_manage_event(user, event)


def can_view_performance(user, perf: Performance, event: Event) -> bool:
    """Accepted performances are on the programme for the audience; the rest belong to
    the submitting company, park staff, organisers and the jury."""
    if not can_view_event(user, event):
        return False
    from engage.events.performances.models import PerformanceStatus

    if perf.status == PerformanceStatus.ACCEPTED:
        return True
    return (
        is_park_staff(user)
        or (signed_in(user) and user.company_id == perf.company_id)
        or can_review_performances(user, event)
    )


def can_edit_performance(user, perf: Performance) -> bool:
    return signed_in(user) and user.company_id == perf.company_id and user.is_safety_manager


def can_withdraw_performance(user, perf: Performance) -> bool:
    """The submitting company's safety manager or admin (the service says until when)."""
    return can_edit_performance(user, perf)
