"""The tracker's parts, each a nested blueprint: endpoints read `tracker.<part>.<view>`."""

from __future__ import annotations

from engage.tracker.blueprint import bp
from engage.tracker.points.views import bp as points_bp
from engage.tracker.problems.views import bp as problems_bp
from engage.tracker.whistles.views import bp as whistles_bp

bp.register_blueprint(points_bp)
bp.register_blueprint(problems_bp)
bp.register_blueprint(whistles_bp)

__all__ = ["bp"]
