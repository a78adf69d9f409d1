"""Catalogue pages: the events list, an event's page, create/edit/publish/cancel, iCal."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts.models import Company
from engage.alliance import alliance_choices, alliance_names
from engage.core.args import choice_arg, int_arg
from engage.core.errors import DomainError, NotAllowed, refuse
from engage.core.forms import StaleEdit, check_version
from engage.core.pagination import paginate
from engage.core.uploads import UploadRejected, save_image
from engage.events.catalogue import services
from engage.events.catalogue.forms import CancelForm, EventForm
from engage.events.catalogue.models import KIND_LABELS, Event, EventStatus
from engage.events.catalogue.permissions import can_create_event, can_manage_event
from engage.events.viewutil import event_or_404, managed_event_or_403
from engage.extensions import db

bp = Blueprint("catalogue", __name__)


@bp.route("/")
def index():
    when = choice_arg("when", ("upcoming", "past"), "upcoming")
    year, month, kind = (
        int_arg("year"),
        int_arg("month"),
        choice_arg("kind", [k.value for k in KIND_LABELS], ""),
    )
    chosen = (year, month) if year and month and 2000 <= year <= 2100 and 1 <= month <= 12 else None
    page = paginate(
        services.list_events(current_user, when=when, month=chosen, kind=kind), per_page=20
    )
    return render_template(
        "events/catalogue/index.html",
        page=page,
        when=when,
        month=chosen,
        kind=kind,
        kind_labels=KIND_LABELS,
        months=services.months_with_events(current_user),
        may_create=can_create_event(current_user),
    )


@bp.route("/<int:event_id>")
def detail(event_id: int):
    event = event_or_404(event_id)
    from engage.events.awards import services as awards
    from engage.events.media import services as media
    from engage.events.performances import services as performances
    from engage.events.registration import services as registration
    from engage.events.registration.permissions import can_register_group

    mine = None
    if current_user.is_authenticated:
        if registration.expire_offers(event):
            db.session.commit()
        mine = registration.get_active(event, current_user.id)
    results = awards.published_results(event)
    return render_template(
        "events/catalogue/detail.html",
        event=event,
        mine=mine,
        my_place=registration.waiting_place(mine) if mine else None,
        results=results,
        winner_photos=media.photos_of_performances(
            s.performance.id for r in results for s in r.winners
        ),
        manage=can_manage_event(current_user, event),
        counts=registration.counts(event),
        programme=performances.programme(event),
        photos=media.latest_photos(event, limit=8),
        may_register=current_user.is_authenticated,
        reg_state=registration.window_state(event),
        may_group=can_register_group(current_user, event),
        cancel_form=CancelForm(),
        audience_alliance=(
            alliance_names([event.audience_alliance_id]).get(event.audience_alliance_id)
            if event.audience_alliance_id
            else None
        ),
    )


def _companies() -> list[Company]:
    return list(
        db.session.scalars(
            select(Company).where(Company.is_active.is_(True)).order_by(Company.name).limit(1000)
        )
    )


def _values(form: EventForm) -> dict:
    data = {name: getattr(form, name).data for name in services.EDITABLE}
    data["description"] = data["description"] or ""
    return data


def _save_cover(form: EventForm, event: Event) -> bool:
    file = form.cover.data
    if not file or not getattr(file, "filename", ""):
        return True
    try:
        services.set_cover(event, save_image(file, actor=current_user), actor=current_user)
    except UploadRejected as exc:
        form.cover.errors = [*form.cover.errors, str(exc)]
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_event(current_user):
        abort(403)
    form = EventForm(companies=_companies(), alliances=alliance_choices())
    if form.validate_on_submit():
        try:
            organisers = services.find_organisers(form.organisers.data)
            event = services.create_event(_values(form), actor=current_user, organisers=organisers)
            if _save_cover(form, event):
                db.session.commit()
                flash(_("The event is saved as a draft. Publish it when it is ready."), "success")
                return redirect(url_for("events.catalogue.detail", event_id=event.id))
            db.session.rollback()
        except DomainError as exc:
            refuse(exc, form)
    return render_template("events/catalogue/form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = managed_event_or_403(event_id)
    form = EventForm(obj=event, companies=_companies(), alliances=alliance_choices())
    if request.method == "GET":
        form.version.data = event.version
        form.kind.data = event.kind.value
        form.audience.data = event.audience.value
        form.audience_company_id.data = event.audience_company_id or 0
        form.audience_alliance_id.data = event.audience_alliance_id or 0
        form.organisers.data = ", ".join(
            o.user.email for o in event.organisers if o.user_id != event.created_by_id
        )
    if form.validate_on_submit():
        try:
            check_version(event, form.version.data)
            organisers = services.find_organisers(form.organisers.data)
            services.update_event(event, _values(form), actor=current_user, organisers=organisers)
            if _save_cover(form, event):
                db.session.commit()
                flash(_("The event is saved."), "success")
                return redirect(url_for("events.catalogue.detail", event_id=event.id))
            db.session.rollback()
        except StaleEdit:
            db.session.rollback()
            flash(
                _(
                    "Someone else changed this event meanwhile. Reload the page and make "
                    "your change again."
                ),
                "danger",
            )
        except DomainError as exc:
            refuse(exc, form)
    return render_template("events/catalogue/form.html", form=form, event=event)


@bp.route("/<int:event_id>/publish", methods=["POST"])
@login_required
def publish(event_id: int):
    event = managed_event_or_403(event_id)
    try:
        services.publish_event(event, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The event is published."), "success")
    return redirect(url_for("events.catalogue.detail", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@login_required
def cancel(event_id: int):
    event = managed_event_or_403(event_id)
    form = CancelForm()
    if not form.validate_on_submit():
        flash(_("Say why the event is cancelled."), "danger")
        return redirect(url_for("events.catalogue.detail", event_id=event.id))
    try:
        told = services.cancel_event(event, form.reason.data, actor=current_user)
    except NotAllowed:
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            ngettext(
                "The event is cancelled; %(num)s person was told.",
                "The event is cancelled; %(num)s people were told.",
                told,
            ),
            "success",
        )
    return redirect(url_for("events.catalogue.detail", event_id=event.id))


def _ics_response(body: bytes, name: str):
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/calendar.ics")
def feed():
    events = services.feed_events(current_user)
    return _ics_response(
        services.calendar(events, current_app.config["ENGAGE_BASE_URL"], _("Park events")),
        "events.ics",
    )


@bp.route("/<int:event_id>/event.ics")
def ics(event_id: int):
    event = event_or_404(event_id)
    if event.status == EventStatus.DRAFT:
        abort(404)
    return _ics_response(
        services.calendar([event], current_app.config["ENGAGE_BASE_URL"], event.title),
        f"event-{event.id}.ics",
    )
