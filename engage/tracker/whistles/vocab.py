"""Words only whistles use: the public timeline's lines and the department boards' sections.

The labels of categories, states and severities are the whole tracker's (engage.tracker.vocab).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.tracker.models import EventKind

# The timeline lines an anonymous reporter sees on their follow page: where the
# whistle went, who took it, and how it ended; never comments or company notes.
PUBLIC_EVENT_KINDS = (
    EventKind.CREATED,
    EventKind.ROUTED,
    EventKind.REROUTED,
    EventKind.ACKNOWLEDGED,
    EventKind.ESCALATED,
    EventKind.TRANSITION,
    EventKind.NOT_FIXED,
)

SECTION_TITLES = {
    "unacknowledged": _l("To report in"),
    "overdue": _l("Report-in overdue"),
    "handling": _l("Reported in, being handled"),
    "closed": _l("Closed in the last 30 days"),
}
