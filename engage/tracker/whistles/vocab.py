"""Words a whistle's reporter and the departments read: categories, states, severities."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.tracker.models import EventKind
from engage.tracker.problems.loop import STATUS_LABELS, STATUS_TONES
from engage.tracker.problems.vocab import CATEGORY_LABELS, SEVERITY_LABELS

# One set of labels for the whole tracker: the problem loop's.
__all__ = ["CATEGORY_LABELS", "PUBLIC_EVENT_KINDS", "SECTION_TITLES", "SEVERITY_LABELS",
           "STATUS_LABELS", "STATUS_TONES"]

# The timeline lines an anonymous reporter sees on their follow page: where the
# whistle went, who took it, and how it ended; never comments or company notes.
PUBLIC_EVENT_KINDS = (EventKind.CREATED, EventKind.ROUTED, EventKind.REROUTED,
                      EventKind.ACKNOWLEDGED, EventKind.ESCALATED, EventKind.TRANSITION)

SECTION_TITLES = {
    "unacknowledged": _l("To report in"),
    "overdue": _l("Report-in overdue"),
    "handling": _l("Reported in, being handled"),
    "closed": _l("Closed in the last 30 days"),
}
