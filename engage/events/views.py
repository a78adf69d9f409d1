"""The events domain's pages: each part's nested blueprint, registered on events' bp."""

from __future__ import annotations

from engage.events.awards.views import bp as awards_bp
from engage.events.blueprint import bp
from engage.events.catalogue.permissions import can_manage_event
from engage.events.catalogue.views import bp as catalogue_bp
from engage.events.checkin.views import bp as checkin_bp
from engage.events.dashboard.views import bp as dashboard_bp
from engage.events.media.views import bp as media_bp
from engage.events.performances.views import bp as performances_bp
from engage.events.registration.views import bp as registration_bp

for _part in (
    catalogue_bp,
    registration_bp,
    checkin_bp,
    performances_bp,
    media_bp,
    awards_bp,
    dashboard_bp,
):
    bp.register_blueprint(_part)


@bp.context_processor
def _permissions() -> dict:
    """The rules event templates ask (templates never test roles themselves)."""
    return {"can_manage_event": can_manage_event}


__all__ = ["bp"]
