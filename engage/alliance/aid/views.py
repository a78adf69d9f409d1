"""Mutual aid pages: requests and offers, a company's resource list, the park-wide list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts import all_areas
from engage.alliance.aid import services
from engage.alliance.aid.forms import AidRequestForm, CloseForm, OfferForm, ResourceForm
from engage.alliance.aid.models import (
    RESOURCE_LABELS,
    URGENCY_LABELS,
    AidOffer,
    AidRequest,
    Resource,
)
from engage.alliance.aid.permissions import (
    can_manage_resources,
    can_offer_help,
    can_raise_request,
    can_run_request,
    can_view_park_resources,
    can_view_request,
)
from engage.alliance.alliances.forms import choices as choices_of
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.services import alliances_of_company
from engage.core.args import choice_arg, int_arg
from engage.core.errors import DomainError, NotAllowed, StaleVersion, refuse
from engage.core.pagination import paginate
from engage.core.permissions import is_supervisor_or_admin
from engage.extensions import db

bp = Blueprint("aid", __name__, url_prefix="/aid")


def _labels() -> dict:
    return {"resource_labels": RESOURCE_LABELS, "urgency_labels": URGENCY_LABELS}


def _raisable() -> list[Alliance]:
    if is_supervisor_or_admin(current_user):
        return list(
            db.session.scalars(
                select(Alliance).where(Alliance.is_active.is_(True)).order_by(Alliance.name)
            )
        )
    return [
        a
        for a in alliances_of_company(current_user.company_id)
        if can_raise_request(current_user, a)
    ]


@bp.route("/")
@login_required
def index():
    status = choice_arg("status", ["open", "closed"], "open")
    page = paginate(services.list_requests(current_user, status=status), per_page=20)
    manages = can_manage_resources(current_user, current_user.company_id)
    return render_template(
        "alliance/aid/index.html",
        page=page,
        status=status,
        can_raise=bool(_raisable()),
        manages=manages,
        park=can_view_park_resources(current_user),
        stale=services.stale_count(current_user.company_id) if manages else 0,
        **_labels(),
    )


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
def request_create():
    choices = _raisable()
    if not choices:
        abort(403)
    form = AidRequestForm()
    form.alliance_id.choices = choices_of((a.id, a.name) for a in choices)
    if form.validate_on_submit():
        alliance = next((a for a in choices if a.id == form.alliance_id.data), None)
        if alliance is None:
            form.alliance_id.errors.append(_("Choose an alliance from the list."))
        else:
            try:
                made = services.raise_request(
                    alliance,
                    what=form.what.data,
                    where=form.where.data,
                    urgency=form.urgency.data,
                    actor=current_user,
                )
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The alliance's members have been told."), "success")
                return redirect(url_for("alliance.aid.request_detail", request_id=made.id))
    return render_template("alliance/aid/request_form.html", form=form)


def _request(request_id: int) -> tuple[AidRequest, Alliance]:
    item = db.session.get(AidRequest, request_id)
    if item is None:
        abort(404)
    alliance = db.session.get(Alliance, item.alliance_id)
    assert alliance is not None  # a request's alliance exists (foreign key)
    if not can_view_request(current_user, item, alliance):
        abort(404)
    return item, alliance


@bp.route("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int):
    item, alliance = _request(request_id)
    own_offer = any(o.company_id == current_user.company_id for o in item.offers)
    return render_template(
        "alliance/aid/request.html",
        item=item,
        alliance=alliance,
        offer_form=OfferForm(),
        close_form=CloseForm(),
        can_run=can_run_request(current_user, item),
        can_offer=can_offer_help(current_user, item, alliance) and not own_offer,
        nearby=services.alliance_resources(alliance) if item.is_open else [],
        **_labels(),
    )


@bp.route("/requests/<int:request_id>/offer", methods=["POST"])
@login_required
def offer(request_id: int):
    item, alliance = _request(request_id)
    form = OfferForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
        return redirect(url_for("alliance.aid.request_detail", request_id=item.id))
    try:
        services.offer_help(
            item,
            alliance,
            quantity=form.quantity.data,
            note=form.note.data or "",
            actor=current_user,
        )
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Your offer was sent to whoever asked."), "success")
    return redirect(url_for("alliance.aid.request_detail", request_id=item.id))


@bp.route("/offers/<int:offer_id>/accept", methods=["POST"])
@login_required
def accept(offer_id: int):
    found = db.session.get(AidOffer, offer_id)
    if found is None:
        abort(404)
    item, _alliance = _request(found.request_id)
    if not can_run_request(current_user, item):
        abort(403)
    try:
        services.accept_offer(found, item, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            _("Offer accepted; %(company)s has been told.", company=found.company.display_name()),
            "success",
        )
    return redirect(url_for("alliance.aid.request_detail", request_id=item.id))


@bp.route("/requests/<int:request_id>/close", methods=["POST"])
@login_required
def close(request_id: int):
    item, _alliance = _request(request_id)
    if not can_run_request(current_user, item):
        abort(403)
    form = CloseForm()
    if not form.validate_on_submit():
        flash(_("Write a short after-action note: what happened, what helped."), "danger")
        return redirect(url_for("alliance.aid.request_detail", request_id=item.id))
    try:
        services.close_request(item, form.after_action.data, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The request is closed."), "success")
    return redirect(url_for("alliance.aid.request_detail", request_id=item.id))


# ---------------------------------------------------------------- resources


@bp.route("/resources")
@login_required
def resources():
    if not can_manage_resources(current_user, current_user.company_id):
        abort(403)
    return render_template(
        "alliance/aid/resources.html",
        items=services.company_resources(current_user.company_id),
        **_labels(),
    )


def _resource(resource_id: int) -> Resource:
    item = db.session.get(Resource, resource_id)
    if item is None or not can_manage_resources(current_user, item.company_id):
        abort(404)
    return item


def _resource_data(form: ResourceForm) -> services.ResourceData:
    return services.ResourceData(
        kind=form.kind.data,
        name=form.name.data or "",
        quantity=form.quantity.data,
        unit=form.unit.data or "",
        contact_name=form.contact_name.data or "",
        contact_phone=form.contact_phone.data or "",
        notes=form.notes.data or "",
    )


@bp.route("/resources/new", methods=["GET", "POST"])
@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@login_required
def resource_edit(resource_id: int | None = None):
    item = _resource(resource_id) if resource_id else None
    if item is None and not can_manage_resources(current_user, current_user.company_id):
        abort(403)
    form = ResourceForm(obj=item)
    if request.method == "GET" and item is not None:
        form.kind.data = item.kind.value
        form.version.data = item.version
    if form.validate_on_submit():
        try:
            services.save_resource(
                item.company_id if item else current_user.company_id,
                _resource_data(form),
                actor=current_user,
                resource=item,
                version=form.version.data,
            )
        except StaleVersion as exc:
            refuse(exc, category="warning")
            return redirect(url_for("alliance.aid.resource_edit", resource_id=resource_id))
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Saved and marked current."), "success")
            return redirect(url_for("alliance.aid.resources"))
    return render_template("alliance/aid/resource_form.html", form=form, item=item)


@bp.route("/resources/<int:resource_id>/confirm", methods=["POST"])
@login_required
def resource_confirm(resource_id: int):
    item = _resource(resource_id)
    services.confirm_resource(item, actor=current_user)
    db.session.commit()
    flash(_("Marked current."), "success")
    return redirect(url_for("alliance.aid.resources"))


@bp.route("/resources/<int:resource_id>/delete", methods=["POST"])
@login_required
def resource_delete(resource_id: int):
    item = _resource(resource_id)
    services.delete_resource(item, actor=current_user)
    db.session.commit()
    flash(_("Removed from the list."), "success")
    return redirect(url_for("alliance.aid.resources"))


@bp.route("/park")
@login_required
def park():
    if not can_view_park_resources(current_user):
        abort(403)
    area_id = int_arg("area")
    kind = choice_arg("kind", [k.value for k in RESOURCE_LABELS], "")
    page = paginate(services.park_resources(area_id, kind), per_page=50)
    return render_template(
        "alliance/aid/park.html",
        page=page,
        areas=all_areas(),
        area_id=area_id,
        kind=kind,
        **_labels(),
    )
