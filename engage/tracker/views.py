"""The tracker's blueprint; routes live in the sub-modules imported below."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracker", __name__)

import engage.tracker.problems.actions  # noqa: E402,F401
import engage.tracker.problems.boards  # noqa: E402,F401
import engage.tracker.problems.routes  # noqa: E402,F401
from engage.tracker.points import views as _points_views  # noqa: E402,F401
from engage.tracker.whistles import views as _whistles_views  # noqa: E402,F401
