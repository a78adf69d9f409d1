"""Words a whistle's reporter and the departments read: categories, states, severities."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.tracker.models import EventKind, ProblemCategory, ProblemStatus, Severity

CATEGORY_LABELS = {
    ProblemCategory.FIRE: _l("Fire safety"),
    ProblemCategory.ELECTRICAL: _l("Electrical"),
    ProblemCategory.CHEMICALS: _l("Hazardous chemicals"),
    ProblemCategory.SPECIAL_EQUIPMENT: _l("Special equipment"),
    ProblemCategory.CONFINED_SPACE: _l("Confined space"),
    ProblemCategory.WORK_AT_HEIGHT: _l("Work at height"),
    ProblemCategory.STRUCTURE: _l("Building structure"),
    ProblemCategory.STORAGE: _l("Storage"),
    ProblemCategory.EVACUATION: _l("Evacuation routes and exits"),
    ProblemCategory.HOUSEKEEPING: _l("Housekeeping"),
    ProblemCategory.MANAGEMENT: _l("Safety management"),
    ProblemCategory.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ProblemStatus.REPORTED: _l("Reported"),
    ProblemStatus.ASSIGNED: _l("Assigned"),
    ProblemStatus.RECTIFYING: _l("Being rectified"),
    ProblemStatus.AWAITING_VERIFICATION: _l("Awaiting verification"),
    ProblemStatus.CLOSED: _l("Closed"),
    ProblemStatus.REJECTED: _l("Rejected"),
    ProblemStatus.REOPENED: _l("Reopened"),
}

STATUS_TONES = {
    ProblemStatus.REPORTED: "warning",
    ProblemStatus.ASSIGNED: "info",
    ProblemStatus.RECTIFYING: "primary",
    ProblemStatus.AWAITING_VERIFICATION: "info",
    ProblemStatus.CLOSED: "success",
    ProblemStatus.REJECTED: "secondary",
    ProblemStatus.REOPENED: "danger",
}

SEVERITY_LABELS = {
    Severity.MINOR: _l("Minor"),
    Severity.MAJOR: _l("Major"),
    Severity.CRITICAL: _l("Critical"),
}

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
