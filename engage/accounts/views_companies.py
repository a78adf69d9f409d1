"""The company directory, joining a company, and a company's own members page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts import companies as org
from engage.accounts.forms import JoinDecisionForm, JoinRequestForm, MemberRoleForm
from engage.accounts.models import INDUSTRIES, Company, FunctionalArea, JoinRequest, User
from engage.accounts.views import bp
from engage.core.pagination import paginate
from engage.core.permissions import PermissionDenied, can, require_visible
from engage.extensions import db


def _area_arg() -> int | None:
    value = request.args.get("area", type=int)
    return value if value and 0 < value < 2**31 else None


@bp.route("/companies")
@login_required
def directory():
    industry = request.args.get("industry", "")
    industry = industry if industry in INDUSTRIES else ""
    q = request.args.get("q", "")
    stmt = org.list_companies(q=q, area_id=_area_arg(), industry=industry)
    page = paginate(stmt, per_page=50)
    areas = db.session.scalars(org.list_areas()).all()
    return render_template("accounts/directory.html", page=page, areas=areas,
                           industries=INDUSTRIES, q=q[:100], area_id=_area_arg(),
                           industry=industry)


@bp.route("/companies/<id:company_id>")
@login_required
def company_detail(company_id: int):
    company = require_visible(current_user, db.session.get(Company, company_id))
    private = can(current_user, "view_private", company)
    return render_template("accounts/company_detail.html", company=company, private=private,
                           manage=can(current_user, "manage_members", company))


@bp.route("/company")
@login_required
def my_company():
    """My company: its page when I belong to one, else how to join one."""
    if current_user.company_id:
        return redirect(url_for("accounts.company_detail", company_id=current_user.company_id))
    return redirect(url_for("accounts.join"))


@bp.route("/companies/join")
@login_required
def join():
    pending = org.pending_request_of(current_user)
    q = request.args.get("q", "")[:100]
    results = []
    if q.strip():
        results = db.session.scalars(org.list_companies(q=q).limit(20)).all()
    return render_template("accounts/join.html", pending=pending, q=q, results=results,
                           welcome=request.args.get("welcome") == "1")


@bp.route("/companies/<id:company_id>/join", methods=["GET", "POST"])
@login_required
def join_company(company_id: int):
    company = require_visible(current_user, db.session.get(Company, company_id))
    form = JoinRequestForm()
    if form.validate_on_submit():
        try:
            org.request_to_join(company, actor=current_user, message=form.message.data or "")
        except org.OrganisationError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(url_for("accounts.join"))
        db.session.commit()
        flash(_("Your request to join %(company)s is sent. Its admins will answer.",
                company=company.name), "success")
        return redirect(url_for("accounts.join"))
    return render_template("accounts/join_company.html", company=company, form=form)


@bp.route("/companies/requests/<id:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw_request(request_id: int):
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None or join_request.user_id != current_user.id:
        abort(404)
    try:
        org.withdraw_request(join_request, actor=current_user)
    except org.OrganisationError as exc:
        flash(exc.message, "warning")
    else:
        db.session.commit()
        flash(_("Your request is withdrawn."), "info")
    return redirect(url_for("accounts.join"))


def _company_for_members(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None or not can(current_user, "manage_members", company):
        abort(404)
    return company


@bp.route("/companies/<id:company_id>/members")
@login_required
def members(company_id: int):
    company = _company_for_members(company_id)
    page = paginate(org.list_members(company.id), per_page=50)
    pending = db.session.scalars(org.list_pending_requests(company.id)).all()
    return render_template("accounts/members.html", company=company, page=page,
                           pending=pending, role_form=MemberRoleForm(),
                           decision_form=JoinDecisionForm())


@bp.route("/companies/<id:company_id>/requests/<id:request_id>", methods=["POST"])
@login_required
def decide_request(company_id: int, request_id: int):
    company = _company_for_members(company_id)
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None or join_request.company_id != company.id:
        abort(404)
    form = JoinDecisionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return redirect(url_for("accounts.members", company_id=company.id))
    approve = form.decision.data == "approve"
    try:
        org.decide_request(join_request, approve=approve, role=form.role.data,
                           note=form.note.data or "", actor=current_user)
    except (org.OrganisationError, PermissionDenied) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", _("You are not allowed to do this.")), "warning")
    else:
        db.session.commit()
        flash(_("%(name)s is now a member.", name=join_request.user.name) if approve
              else _("The request of %(name)s is refused.", name=join_request.user.name),
              "success")
    return redirect(url_for("accounts.members", company_id=company.id))


def _member(company: Company, user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None or member.company_id != company.id:
        abort(404)
    return member


@bp.route("/companies/<id:company_id>/members/<id:user_id>/role", methods=["POST"])
@login_required
def member_role(company_id: int, user_id: int):
    company = _company_for_members(company_id)
    member = _member(company, user_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role from the list."), "danger")
        return redirect(url_for("accounts.members", company_id=company.id))
    try:
        org.change_member_role(member, form.role.data, actor=current_user)
    except org.OrganisationError as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        db.session.commit()
        flash(_("The role of %(name)s is now %(role)s.", name=member.name,
                role=member.company_role_label), "success")
    return redirect(url_for("accounts.members", company_id=company.id))


@bp.route("/companies/<id:company_id>/members/<id:user_id>/remove", methods=["POST"])
@login_required
def member_remove(company_id: int, user_id: int):
    company = _company_for_members(company_id)
    member = _member(company, user_id)
    try:
        org.remove_member(member, actor=current_user)
    except org.OrganisationError as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer a member of %(company)s.", name=member.name,
                company=company.name), "success")
    if member.id == current_user.id:
        return redirect(url_for("accounts.join"))
    return redirect(url_for("accounts.members", company_id=company.id))


def areas_for_select() -> list[tuple[int, str]]:
    from engage.core.i18n import current_language

    lang = current_language()
    return [(a.id, a.display_name(lang))
            for a in db.session.scalars(select(FunctionalArea).order_by(FunctionalArea.code))]
