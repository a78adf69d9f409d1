"""What the alliance's parts' views share: loading an alliance the reader may see."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.permissions import can_view_alliance
from engage.extensions import db


def load_alliance(alliance_id: int) -> Alliance:
    """The alliance, or 404 when the reader may not see it."""
    alliance = db.session.get(Alliance, alliance_id)
    if alliance is None or not can_view_alliance(current_user, alliance):
        abort(404)
    return alliance
