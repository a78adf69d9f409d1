"""Labels of the tracker's enumerations, in the reader's language: one set for every part."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.tracker.problems.models import ProblemCategory, ProblemSource, ProblemStatus, Severity

S = ProblemStatus

SEVERITY_LABELS = {
    Severity.MINOR: _l("Minor"),
    Severity.MAJOR: _l("Major"),
    Severity.CRITICAL: _l("Critical"),
}
SEVERITY_TONES = {
    Severity.MINOR: "secondary",
    Severity.MAJOR: "warning",
    Severity.CRITICAL: "danger",
}

SOURCE_LABELS = {
    ProblemSource.PEER_INSPECTION: _l("Peer inspection"),
    ProblemSource.SUPERVISOR_VISIT: _l("Supervisor visit"),
    ProblemSource.WHISTLE: _l("Whistle"),
    ProblemSource.SELF_CHECK: _l("Self-check"),
    ProblemSource.EVENT: _l("Event"),
}

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
    S.REPORTED: _l("Reported"),
    S.ASSIGNED: _l("Assigned"),
    S.RECTIFYING: _l("Rectifying"),
    S.AWAITING_VERIFICATION: _l("Awaiting verification"),
    S.CLOSED: _l("Closed"),
    S.REJECTED: _l("Rejected"),
    S.REOPENED: _l("Reopened"),
}

STATUS_TONES = {
    S.REPORTED: "secondary",
    S.ASSIGNED: "info",
    S.RECTIFYING: "primary",
    S.AWAITING_VERIFICATION: "warning",
    S.CLOSED: "success",
    S.REJECTED: "dark",
    S.REOPENED: "danger",
}
