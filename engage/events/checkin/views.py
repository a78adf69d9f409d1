"""Ticket pages and the phone check-in page (camera scan, typed code, name search)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.core import qr
from engage.core.args import text_arg
from engage.core.errors import DomainError
from engage.events.catalogue.models import Event
from engage.events.checkin import services
from engage.events.checkin.forms import CheckInForm
from engage.events.checkin.permissions import can_check_in, can_view_ticket
from engage.events.viewutil import managed_event_or_403
from engage.extensions import db

bp = Blueprint("checkin", __name__)


def _ticket_or_404(code: str):
    reg = services.get_by_code(code)
    if reg is None:
        abort(404)
    event = db.session.get(Event, reg.event_id)
    assert event is not None  # a registration's event exists (foreign key)
    if not can_view_ticket(current_user, reg, event):
        abort(404)
    return reg, event


@bp.route("/tickets/<code>")
@login_required
def ticket(code: str):
    reg, event = _ticket_or_404(code)
    return render_template(
        "events/checkin/ticket.html",
        reg=reg,
        event=event,
        qr_svg=qr.svg_inline(
            reg.ticket_code, scale=8, title=_("Ticket %(code)s", code=reg.ticket_code)
        ),
    )


@bp.route("/tickets/<code>.png")
@login_required
def ticket_png(code: str):
    reg, _event = _ticket_or_404(code)
    return current_app.response_class(qr.png_bytes(reg.ticket_code), mimetype="image/png")


@bp.route("/<int:event_id>/checkin", methods=["GET", "POST"])
@login_required
def door(event_id: int):
    event = managed_event_or_403(event_id)
    form = CheckInForm()
    wants_json = request.accept_mimetypes.best == "application/json" or request.is_json
    if request.method == "POST":
        if not form.validate_on_submit():
            if wants_json:
                return jsonify(ok=False, message=_("Give a ticket code.")), 400
            flash(_("Give a ticket code."), "danger")
        else:
            try:
                reg = services.check_in(event, form.code.data, actor=current_user)
            except DomainError as exc:
                db.session.rollback()
                if wants_json:
                    checked, confirmed = services.live_counts(event)
                    return jsonify(
                        ok=False, message=str(exc.message), checked=checked, confirmed=confirmed
                    ), 409
                flash(str(exc.message), "danger")
            else:
                db.session.commit()
                message = _("%(name)s is checked in.", name=reg.user.name)
                if wants_json:
                    checked, confirmed = services.live_counts(event)
                    return jsonify(ok=True, message=message, checked=checked, confirmed=confirmed)
                flash(message, "success")
        return redirect(
            url_for(
                "events.checkin.door", event_id=event.id, q=request.form.get("q", "")[:60] or None
            )
        )
    query = text_arg("q", 60)
    checked, confirmed = services.live_counts(event)
    return render_template(
        "events/checkin/door.html",
        event=event,
        form=form,
        query=query,
        found=services.search(event, query),
        checked=checked,
        confirmed=confirmed,
    )


@bp.route("/<int:event_id>/checkin/count")
@login_required
def count(event_id: int):
    event = managed_event_or_403(event_id)
    if not can_check_in(current_user, event):
        abort(403)
    checked, confirmed = services.live_counts(event)
    return jsonify(checked=checked, confirmed=confirmed)
