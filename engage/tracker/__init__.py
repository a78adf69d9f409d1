"""The problem library: points with QR codes, problems and their closed loop, whistles.

This module is the tracker's public face: other domains import from here only.
"""

from engage.tracker.models import (
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Severity,
)
from engage.tracker.points.services import company_tree, find_by_code, flatten, get_points
from engage.tracker.problems.services import open_problem
from engage.tracker.signals import ProblemClosed, ProblemOpened, WhistleAcknowledged

__all__ = [
    "ProblemCategory",
    "ProblemClosed",
    "ProblemOpened",
    "ProblemSource",
    "ProblemStatus",
    "Severity",
    "WhistleAcknowledged",
    "company_tree",
    "find_by_code",
    "flatten",
    "get_points",
    "open_problem",
]
