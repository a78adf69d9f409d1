"""Registers each part's blueprint on the alliance blueprint."""

from __future__ import annotations

from engage.alliance.alliances.views import bp as alliances_bp
from engage.alliance.blueprint import bp
from engage.alliance.inspections.views import bp as inspections_bp
from engage.alliance.sixlinks.views import bp as sixlinks_bp

bp.register_blueprint(alliances_bp)
bp.register_blueprint(sixlinks_bp)
bp.register_blueprint(inspections_bp)

__all__ = ["bp"]
