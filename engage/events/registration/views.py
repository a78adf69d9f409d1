"""Registration pages: register, a group, cancel, confirm, the organisers' list and waiting list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from engage.core.database import is_locked, reads_first
from engage.core.errors import DomainError, NotAllowed, refuse
from engage.core.pagination import paginate
from engage.events.registration import services
from engage.events.registration.forms import GroupForm, ReorderForm
from engage.events.registration.models import Registration, RegistrationStatus
from engage.events.registration.permissions import (
    can_change_registration,
    can_manage_registrations,
    can_register_group,
)
from engage.events.viewutil import event_or_404, managed_event_or_403
from engage.extensions import db

bp = Blueprint("registration", __name__)
LOCKED_TRIES = 3  # a registration refused with "database is locked" is tried again


def _back(event_id: int):
    return redirect(url_for("events.catalogue.detail", event_id=event_id))


@bp.route("/<int:event_id>/register", methods=["POST"])
@reads_first
@login_required
def register(event_id: int):
    event = event_or_404(event_id, bare=True)
    for attempt in range(1, LOCKED_TRIES + 1):
        try:
            reg = services.register(event, actor=current_user)
            # Said before the commit, which expires the registration and the signed-in
            # person (whose language the message is in): nothing is reloaded after it.
            message = _registered_message(reg.status)
            db.session.commit()
        except NotAllowed:
            abort(403)
        except DomainError as exc:
            refuse(exc, category="warning")
            return _back(event_id)
        except OperationalError as exc:
            # SQLite's busy timeout ran out: nothing was written, so press again for them.
            db.session.rollback()
            if not is_locked(exc) or attempt == LOCKED_TRIES:
                raise
            continue
        break
    flash(*message)
    return _back(event_id)


def _registered_message(status: RegistrationStatus) -> tuple[str, str]:
    if status == RegistrationStatus.CONFIRMED:
        return _("You are registered. Your ticket is below and in your mail."), "success"
    return (
        _("The event is full; you are on the waiting list. We will tell you when a seat frees."),
        "warning",
    )


@bp.route("/<int:event_id>/group", methods=["GET", "POST"])
@login_required
def group(event_id: int):
    event = event_or_404(event_id)
    if not can_register_group(current_user, event):
        abort(403)
    form = GroupForm(colleagues=services.colleagues(current_user))
    if form.validate_on_submit():
        try:
            regs = services.register_group(event, form.members.data, actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            if regs[0].status == RegistrationStatus.CONFIRMED:
                flash(
                    ngettext(
                        "%(num)s colleague is registered and gets a ticket by mail.",
                        "%(num)s colleagues are registered; each gets a ticket by mail.",
                        len(regs),
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "Not enough seats are free: the %(n)s colleagues wait together on the "
                        "waiting list.",
                        n=len(regs),
                    ),
                    "warning",
                )
            return _back(event.id)
    return render_template("events/registration/group.html", event=event, form=form)


def _reg_or_404(event_id: int, reg_id: int):
    event = event_or_404(event_id)
    reg = db.session.get(Registration, reg_id)
    if (
        reg is None
        or reg.event_id != event.id
        or not can_change_registration(current_user, reg, event)
    ):
        abort(404)
    return event, reg


@bp.route("/<int:event_id>/registrations/<int:reg_id>/cancel", methods=["POST"])
@login_required
def cancel(event_id: int, reg_id: int):
    event, reg = _reg_or_404(event_id, reg_id)
    try:
        services.cancel_registration(reg, event, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The registration is cancelled."), "success")
    if can_manage_registrations(current_user, event) and reg.user_id != current_user.id:
        return redirect(url_for("events.registration.manage", event_id=event.id))
    return _back(event.id)


@bp.route("/<int:event_id>/registrations/<int:reg_id>/confirm", methods=["POST"])
@login_required
def confirm(event_id: int, reg_id: int):
    event, reg = _reg_or_404(event_id, reg_id)
    try:
        services.confirm_offer(reg, event, actor=current_user)
    except DomainError as exc:
        db.session.commit()  # an expired offer has passed on: that change stays
        flash(str(exc.message), "warning")
    else:
        db.session.commit()
        flash(_("Your seat is confirmed. Your ticket is below and in your mail."), "success")
    return _back(event.id)


@bp.route("/<int:event_id>/registrations")
@login_required
def manage(event_id: int):
    event = managed_event_or_403(event_id)
    if services.expire_offers(event):
        db.session.commit()
    page = paginate(services.list_registrations(event), per_page=50)
    return render_template(
        "events/registration/manage.html",
        event=event,
        page=page,
        waiting=services.waiting_list(event),
        counts=services.counts(event),
        reorder_form=ReorderForm(),
    )


@bp.route("/<int:event_id>/registrations/<int:reg_id>/move", methods=["POST"])
@login_required
def reorder(event_id: int, reg_id: int):
    event = managed_event_or_403(event_id)
    reg = db.session.get(Registration, reg_id)
    if reg is None or reg.event_id != event.id:
        abort(404)
    form = ReorderForm()
    if not form.validate_on_submit():
        flash(_("Give the new place and write why the order changes."), "danger")
    else:
        try:
            services.reorder_waiting(
                event, reg, form.position.data, form.reason.data, actor=current_user
            )
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(_("The waiting list is reordered; the reason is in the log."), "success")
    return redirect(url_for("events.registration.manage", event_id=event.id))
