"""The emergency guide page: first steps and the numbers to call, no sign-in needed."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from engage.core.i18n import current_language
from engage.knowledge.emergency import services

bp = Blueprint("emergency", __name__)


@bp.route("/emergency")
def index():
    numbers = services.parse_numbers(current_app.config.get("ENGAGE_EMERGENCY_NUMBERS"))
    return render_template(
        "knowledge/emergency/index.html",
        numbers=numbers,
        guides=services.GUIDES,
        lang=current_language(),
    )
