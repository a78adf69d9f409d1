"""Every table of the tracker: each part's models, imported so the app registers them."""

from engage.tracker.points.models import Point, PointCode, PointKind, PointScan
from engage.tracker.problems.models import (
    OPEN_STATUSES,
    DueRule,
    EventKind,
    PhotoStage,
    Problem,
    ProblemCategory,
    ProblemCounter,
    ProblemEvent,
    ProblemLink,
    ProblemPhoto,
    ProblemSource,
    ProblemStatus,
    ProblemWatcher,
    ReminderLog,
    Severity,
)
from engage.tracker.whistles.models import RoutingRule

__all__ = [
    "OPEN_STATUSES",
    "DueRule",
    "EventKind",
    "PhotoStage",
    "Point",
    "PointCode",
    "PointKind",
    "PointScan",
    "Problem",
    "ProblemCategory",
    "ProblemCounter",
    "ProblemEvent",
    "ProblemLink",
    "ProblemPhoto",
    "ProblemSource",
    "ProblemStatus",
    "ProblemWatcher",
    "ReminderLog",
    "RoutingRule",
    "Severity",
]
