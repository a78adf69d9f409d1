"""The tracker's blueprint; each part's nested blueprint is registered on it in views.py."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracker", __name__)
