"""Registers each part's blueprint on the alliance blueprint."""

from __future__ import annotations

from engage.alliance.aid.views import bp as aid_bp
from engage.alliance.alliances.views import bp as alliances_bp
from engage.alliance.blueprint import bp
from engage.alliance.inspections.views import bp as inspections_bp
from engage.alliance.posts.views import bp as posts_bp
from engage.alliance.sixlinks.views import bp as sixlinks_bp
from engage.alliance.taskforces.views import bp as taskforces_bp

bp.register_blueprint(alliances_bp)
bp.register_blueprint(sixlinks_bp)
bp.register_blueprint(posts_bp)
bp.register_blueprint(aid_bp)
bp.register_blueprint(inspections_bp)
bp.register_blueprint(taskforces_bp)

__all__ = ["bp"]
