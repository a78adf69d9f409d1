"""What a reader is shown of who reported a problem and who wrote each line of its
timeline: a whistleblower's name and phone only where `can_see_reporter` allows."""

from __future__ import annotations

from flask_babel import gettext as _

from engage.tracker.problems.models import EventKind, Problem, ProblemEvent
from engage.tracker.problems.permissions import can_see_reporter, is_whistle


def hidden_reporter_label(problem: Problem) -> str:
    """What a reader who may not know the whistleblower reads instead of the name."""
    return _("a whistle from an employee") if problem.reporter_id else _("Anonymous")


def reporter_name(user, problem: Problem) -> str:
    """Who reported the problem, as this reader may read it ('' when nobody is named)."""
    if not can_see_reporter(user, problem):
        return hidden_reporter_label(problem) if is_whistle(problem) else ""
    if problem.reporter is not None:
        return problem.reporter.name
    return problem.reporter_name


def reporter_phone(user, problem: Problem) -> str:
    """The reporter's phone for those who may call them back, else ''."""
    if not is_whistle(problem) or not can_see_reporter(user, problem):
        return ""
    if problem.reporter is not None:
        return problem.reporter.phone or ""
    return problem.reporter_phone


def is_by_reporter(problem: Problem, event: ProblemEvent) -> bool:
    """Whether the whistleblower wrote this line (the whistle itself, or a later comment)."""
    if event.actor_id is not None:
        return problem.reporter_id is not None and event.actor_id == problem.reporter_id
    return event.kind == EventKind.CREATED


def event_actor(user, problem: Problem, event: ProblemEvent) -> str:
    """Who wrote a timeline line, as this reader may read it."""
    hidden = is_whistle(problem) and not can_see_reporter(user, problem)
    if hidden and is_by_reporter(problem, event):
        return hidden_reporter_label(problem)
    if event.actor is not None:
        return event.actor.name
    return event.actor_label or _("Anonymous")


TEMPLATE_GLOBALS = {
    "reporter_name": reporter_name,
    "reporter_phone": reporter_phone,
    "event_actor": event_actor,
}
