"""The organiser dashboard and its exports."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import login_required

from engage.events.dashboard import services
from engage.events.viewutil import managed_event_or_403

bp = Blueprint("dashboard", __name__)

_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.route("/<int:event_id>/dashboard")
@login_required
def index(event_id: int):
    event = managed_event_or_403(event_id)
    return render_template(
        "events/dashboard/index.html", event=event, summary=services.summary(event)
    )


@bp.route("/<int:event_id>/export/<what>.<fmt>")
@login_required
def export(event_id: int, what: str, fmt: str):
    event = managed_event_or_403(event_id)
    if what not in ("registrations", "programme") or fmt not in _TYPES:
        abort(404)
    if what == "registrations":
        header, rows = services.registration_rows(event)
        title = _("Registrations")
    else:
        header, rows = services.programme_rows(event)
        title = _("Programme")
    body = services.as_csv(header, rows) if fmt == "csv" else services.as_xlsx(header, rows, title)
    response = current_app.response_class(body, mimetype=_TYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="event-{event.id}-{what}.{fmt}"'
    )
    return response
