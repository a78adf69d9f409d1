"""The problems part's blueprint; views, action_views and dashboard_views add its routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("problems", __name__)
