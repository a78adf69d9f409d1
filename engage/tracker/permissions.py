"""The tracker's permission rules live in each part's permissions.py; importing them
here registers their `rule("view", ...)` checks when the app starts."""

from engage.tracker.points import permissions as points  # noqa: F401
from engage.tracker.problems import permissions as problems  # noqa: F401
from engage.tracker.whistles import permissions as whistles  # noqa: F401
