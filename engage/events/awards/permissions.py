"""Who sets up awards, who votes, who scores, who sees results."""

from __future__ import annotations

from engage.core.permissions import signed_in
from engage.events.awards.models import AwardCategory, AwardMethod
from engage.events.catalogue.models import Event
from engage.events.catalogue.permissions import can_manage_event, can_view_event
from engage.events.performances.permissions import is_juror


def can_manage_awards(user, event: Event) -> bool:
    return can_manage_event(user, event)


def can_vote(user, event: Event, category: AwardCategory) -> bool:
    """Anyone signed in who may see the event votes in an audience category."""
    return (
        signed_in(user) and category.method == AwardMethod.AUDIENCE and can_view_event(user, event)
    )


def can_score(user, event: Event, category: AwardCategory) -> bool:
    return category.method == AwardMethod.JURY and is_juror(user, event)


def can_see_running_tally(user, event: Event) -> bool:
    """Nobody sees a tally before voting closes: not even organisers, so nobody can
    steer the result. Results show once the category closes."""
    return False
