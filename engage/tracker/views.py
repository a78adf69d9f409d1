"""The tracker's blueprint; routes live in the sub-modules imported below."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tracker", __name__)
