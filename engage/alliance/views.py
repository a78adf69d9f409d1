"""Registers each part's blueprint on the alliance blueprint."""

from __future__ import annotations

from engage.alliance.alliances.views import bp as alliances_bp
from engage.alliance.blueprint import bp
from engage.alliance.sixlinks.views import bp as sixlinks_bp
from engage.alliance.taskforces.views import bp as taskforces_bp

bp.register_blueprint(alliances_bp)
bp.register_blueprint(sixlinks_bp)
bp.register_blueprint(taskforces_bp)

__all__ = ["bp"]
