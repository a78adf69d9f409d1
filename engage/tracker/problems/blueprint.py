"""The problems part's blueprint; views.py, action_views.py and dashboard_views.py add its routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("problems", __name__)
