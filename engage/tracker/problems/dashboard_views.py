"""Dashboards: park-wide, per functional area, per company (a company sees only its own)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from engage.accounts import all_areas
from engage.accounts.models import Company, FunctionalArea
from engage.core.args import int_arg
from engage.core.permissions import is_park_staff
from engage.extensions import db
from engage.tracker.problems import dashboards
from engage.tracker.problems.blueprint import bp
from engage.tracker.problems.permissions import can_view_problem_pages


@bp.route("/dashboard")
@login_required
def dashboard():
    if not can_view_problem_pages(current_user):
        abort(404)
    scope, title_obj = _scope()
    figures = dashboards.shared(current_user, scope)
    board = figures.value
    areas = sorted(all_areas(), key=lambda a: a.name) if is_park_staff(current_user) else []
    return render_template(
        "tracker/problems/dashboard.html",
        board=board,
        as_of=figures.as_of,
        scope=scope,
        scope_obj=title_obj,
        areas=areas,
        chart=dashboards.trend_chart(board.months),
        chart_phone=dashboards.trend_chart(board.months, width=360, height=240),
        age_buckets=dashboards.AGE_BUCKETS,
    )


def _scope() -> tuple[dashboards.Scope, object | None]:
    """Staff choose park, area or company; a company user always sees their company."""
    kind = request.args.get("scope", "park")
    ident = int_arg("id")
    if not is_park_staff(current_user):
        if current_user.company_id is not None:
            return dashboards.Scope("company", current_user.company_id), current_user.company
        return dashboards.Scope("park"), None  # a department: what is routed to it
    if kind == "area" and ident:
        area = db.session.get(FunctionalArea, ident)
        if area is None:
            abort(404)
        return dashboards.Scope("area", area.id), area
    if kind == "company" and ident:
        company = db.session.get(Company, ident)
        if company is None:
            abort(404)
        return dashboards.Scope("company", company.id), company
    return dashboards.Scope("park"), None
