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
from engage.tracker.public import (
    PointRow,
    ProblemRow,
    ProblemStory,
    count_rectified,
    point_by_code,
    point_summaries,
    points_for_pickup,
    problem_by_number,
    problem_story,
    problem_summaries,
    problems_for_pickup,
)
from engage.tracker.signals import ProblemClosed, ProblemOpened, WhistleAcknowledged

__all__ = [
    "ProblemStory",
    "problem_story",
    "PointRow",
    "ProblemRow",
    "count_rectified",
    "point_by_code",
    "point_summaries",
    "points_for_pickup",
    "problem_by_number",
    "problem_summaries",
    "problems_for_pickup",
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
