"""Alliance pages: the list, one alliance, create/edit, join requests, leaving, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts import all_areas
from engage.accounts.models import Company
from engage.alliance.alliances import services
from engage.alliance.alliances.forms import (
    AllianceForm,
    DecisionForm,
    JoinRequestForm,
    LeaveForm,
    choices,
)
from engage.alliance.alliances.models import Alliance, AllianceJoinRequest
from engage.alliance.alliances.permissions import (
    can_create_alliance,
    can_edit_alliance,
    can_lead,
    can_leave_alliance,
    can_request_join,
    can_see_inside,
    is_member,
)
from engage.alliance.viewutil import load_alliance
from engage.core.args import text_arg
from engage.core.errors import DomainError, NotAllowed, StaleVersion, refuse
from engage.core.i18n import local_name_column
from engage.core.pagination import paginate
from engage.core.uploads import UploadRejected, save_image
from engage.extensions import db

MEMBERS_PER_PAGE = 25

bp = Blueprint("alliances", __name__)


def _perms(alliance: Alliance) -> dict:
    return {
        "can_lead": can_lead(current_user, alliance),
        "can_edit": can_edit_alliance(current_user, alliance),
        "can_request_join": can_request_join(current_user, alliance),
        "can_leave": can_leave_alliance(current_user, alliance),
        "can_see_inside": can_see_inside(current_user, alliance),
        "is_member": is_member(current_user, alliance),
    }


@bp.route("/")
@login_required
def index():
    page = paginate(services.list_alliances(current_user), per_page=20)
    counts = services.member_counts([a.id for a in page.items])
    mine = set(services.alliance_ids_of_company(current_user.company_id))
    return render_template(
        "alliance/alliances/index.html",
        page=page,
        counts=counts,
        mine=mine,
        can_create=can_create_alliance(current_user),
    )


def _fill_choices(form: AllianceForm) -> None:
    companies = db.session.execute(
        select(Company.id, local_name_column(Company))
        .where(Company.is_active.is_(True))
        .order_by(Company.name)
    ).all()
    form.lead_company_id.choices = choices(
        [(0, _("Choose…"))] + [(c.id, c.name) for c in companies]
    )
    form.area_id.choices = choices(
        [(0, _("Park-wide"))] + [(a.id, a.display_name()) for a in all_areas()]
    )


def _data(form: AllianceForm, logo_key: str | None) -> services.AllianceData:
    return services.AllianceData(
        name=form.name.data or "",
        charter=form.charter.data or "",
        lead_company_id=form.lead_company_id.data or 0,
        area_id=form.area_id.data or None,
        logo_key=logo_key,
    )


def _logo(form: AllianceForm) -> tuple[bool, str | None]:
    file = form.logo.data
    if file is None or not getattr(file, "filename", ""):
        return True, None
    try:
        return True, save_image(file, actor=current_user).key
    except UploadRejected as exc:
        form.logo.errors = [*form.logo.errors, str(exc)]
        return False, None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_alliance(current_user):
        abort(403)
    form = AllianceForm()
    _fill_choices(form)
    if form.validate_on_submit():
        ok, logo_key = _logo(form)
        if ok:
            try:
                alliance = services.create_alliance(_data(form, logo_key), actor=current_user)
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The alliance %(name)s is set up.", name=alliance.name), "success")
                return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))
        else:
            db.session.rollback()
    return render_template("alliance/alliances/form.html", form=form, alliance=None)


@bp.route("/<int:alliance_id>/edit", methods=["GET", "POST"])
@login_required
def edit(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_edit_alliance(current_user, alliance):
        abort(403)
    form = AllianceForm(obj=alliance)
    _fill_choices(form)
    if request.method == "GET":
        form.area_id.data = alliance.area_id or 0
        form.version.data = alliance.version
    if form.validate_on_submit():
        ok, logo_key = _logo(form)
        if ok:
            try:
                services.update_alliance(
                    alliance, _data(form, logo_key), actor=current_user, version=form.version.data
                )
            except StaleVersion as exc:
                refuse(exc)
                return redirect(url_for("alliance.alliances.edit", alliance_id=alliance_id))
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The alliance %(name)s is saved.", name=alliance.name), "success")
                return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))
        else:
            db.session.rollback()
    return render_template("alliance/alliances/form.html", form=form, alliance=alliance)


@bp.route("/<int:alliance_id>")
@login_required
def detail(alliance_id: int):
    from engage.alliance.sixlinks import dashboard
    from engage.alliance.sixlinks.models import LINK_LABELS, LINK_SHORT, Link

    alliance = load_alliance(alliance_id)
    q = text_arg("q", 60)
    members = paginate(services.list_members(alliance, q), per_page=MEMBERS_PER_PAGE)
    totals = dashboard.member_totals(
        alliance, months=12, company_ids=[m.company_id for m in members.items]
    )
    recent = dashboard.recent(alliance, limit=10)
    pending = services.pending_request_of(alliance, current_user.company_id)
    perms = _perms(alliance)
    requests_waiting = len(services.pending_requests(alliance)) if perms["can_lead"] else 0
    return render_template(
        "alliance/alliances/detail.html",
        alliance=alliance,
        members=members,
        member_count=members.total if not q else services.count_members(alliance),
        q=q,
        totals=totals,
        recent=recent,
        links=list(Link),
        link_labels={k: str(v) for k, v in LINK_LABELS.items()},
        short_labels={k: str(v) for k, v in LINK_SHORT.items()},
        pending=pending,
        requests_waiting=requests_waiting,
        sections=services.page_sections(alliance, current_user),
        join_form=JoinRequestForm(),
        leave_form=LeaveForm(),
        **perms,
    )


@bp.route("/<int:alliance_id>/join", methods=["POST"])
@login_required
def request_join(alliance_id: int):
    alliance = load_alliance(alliance_id)
    form = JoinRequestForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
        return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))
    try:
        services.request_join(alliance, form.statement.data, actor=current_user)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Your request was sent to the alliance's lead."), "success")
    return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))


@bp.route("/<int:alliance_id>/requests")
@login_required
def requests(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_lead(current_user, alliance):
        abort(403)
    return render_template(
        "alliance/alliances/requests.html",
        alliance=alliance,
        pending=services.pending_requests(alliance),
        decided=services.requests_history(alliance),
        form=DecisionForm(),
    )


@bp.route(
    "/<int:alliance_id>/requests/<int:request_id>/<any(approve, refuse):decision>", methods=["POST"]
)
@login_required
def decide(alliance_id: int, request_id: int, decision: str):
    alliance = load_alliance(alliance_id)
    join = db.session.get(AllianceJoinRequest, request_id)
    if join is None or join.alliance_id != alliance.id:
        abort(404)
    if not can_lead(current_user, alliance):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("The reason is too long (at most 500 characters)."), "danger")
        return redirect(url_for("alliance.alliances.requests", alliance_id=alliance.id))
    try:
        services.decide_join(
            join, approve=decision == "approve", reason=form.reason.data or "", actor=current_user
        )
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        if decision == "approve":
            flash(_("%(company)s is now a member.", company=join.company.display_name()), "success")
        else:
            flash(
                _("The request of %(company)s was refused.", company=join.company.display_name()),
                "success",
            )
    return redirect(url_for("alliance.alliances.requests", alliance_id=alliance.id))


@bp.route("/<int:alliance_id>/leave", methods=["POST"])
@login_required
def leave(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_leave_alliance(current_user, alliance):
        abort(403)
    form = LeaveForm()
    if not form.validate_on_submit():
        flash(_("The note is too long (at most 500 characters)."), "danger")
        return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))
    services.leave_alliance(alliance, form.note.data or "", actor=current_user)
    db.session.commit()
    flash(_("Your company has left %(name)s.", name=alliance.name), "success")
    return redirect(url_for("alliance.alliances.detail", alliance_id=alliance.id))


@bp.route("/<int:alliance_id>/history")
@login_required
def history(alliance_id: int):
    alliance = load_alliance(alliance_id)
    return render_template(
        "alliance/alliances/history.html",
        alliance=alliance,
        stints=services.membership_history(alliance),
    )
