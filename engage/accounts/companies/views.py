"""The company directory, joining a company, and a company's own members page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts import all_areas
from engage.accounts.companies import services
from engage.accounts.companies.forms import JoinDecisionForm, JoinRequestForm, MemberRoleForm
from engage.accounts.companies.permissions import (
    can_manage_members,
    can_view_company_private,
    visible_companies,
)
from engage.accounts.errors import OrganisationError
from engage.accounts.models import INDUSTRIES, Company, JoinRequest, User
from engage.core.args import choice_arg, int_arg, text_arg
from engage.core.errors import DomainError, refuse
from engage.core.pagination import paginate
from engage.core.permissions import require_visible
from engage.extensions import db

bp = Blueprint("companies", __name__)


@bp.route("/companies")
@login_required
def directory():
    industry = choice_arg("industry", INDUSTRIES)
    q = request.args.get("q", "")
    area_id = int_arg("area") or None
    stmt = services.list_companies(q=q, area_id=area_id, industry=industry)
    page = paginate(stmt.where(visible_companies(current_user)), per_page=50)
    return render_template(
        "accounts/companies/directory.html",
        page=page,
        areas=all_areas(),
        industries=INDUSTRIES,
        q=text_arg("q"),
        area_id=area_id,
        industry=industry,
    )


@bp.route("/companies/<id:company_id>")
@login_required
def detail(company_id: int):
    company = require_visible(current_user, db.session.get(Company, company_id))
    return render_template(
        "accounts/companies/detail.html",
        company=company,
        private=can_view_company_private(current_user, company),
    )


@bp.route("/company")
@login_required
def mine():
    """My company: its page when I belong to one, else how to join one."""
    if current_user.company_id:
        return redirect(url_for("accounts.companies.detail", company_id=current_user.company_id))
    return redirect(url_for("accounts.companies.join"))


@bp.route("/companies/join")
@login_required
def join():
    pending = services.pending_request_of(current_user)
    q = request.args.get("q", "")[:100]
    results = []
    if q.strip():
        results = db.session.scalars(services.list_companies(q=q).limit(20)).all()
    return render_template(
        "accounts/companies/join.html",
        pending=pending,
        q=q,
        results=results,
        welcome=request.args.get("welcome") == "1",
    )


@bp.route("/companies/<id:company_id>/join", methods=["GET", "POST"])
@login_required
def request_to_join(company_id: int):
    company = require_visible(current_user, db.session.get(Company, company_id))
    form = JoinRequestForm()
    if form.validate_on_submit():
        try:
            services.request_to_join(company, actor=current_user, message=form.message.data or "")
        except OrganisationError as exc:
            refuse(exc, category="warning")
            return redirect(url_for("accounts.companies.join"))
        db.session.commit()
        flash(
            _(
                "Your request to join %(company)s is sent. Its admins will answer.",
                company=company.display_name(),
            ),
            "success",
        )
        return redirect(url_for("accounts.companies.join"))
    return render_template("accounts/companies/join_company.html", company=company, form=form)


@bp.route("/companies/requests/<id:request_id>/withdraw", methods=["POST"])
@login_required
def withdraw_request(request_id: int):
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None or join_request.user_id != current_user.id:
        abort(404)
    try:
        services.withdraw_request(join_request, actor=current_user)
    except OrganisationError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(_("Your request is withdrawn."), "info")
    return redirect(url_for("accounts.companies.join"))


def _company_for_members(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None or not can_manage_members(current_user, company):
        abort(404)
    return company


@bp.route("/companies/<id:company_id>/members")
@login_required
def members(company_id: int):
    company = _company_for_members(company_id)
    page = paginate(services.list_members(company.id), per_page=50)
    pending = db.session.scalars(services.list_pending_requests(company.id)).all()
    return render_template(
        "accounts/companies/members.html",
        company=company,
        page=page,
        pending=pending,
        role_form=MemberRoleForm(),
        decision_form=JoinDecisionForm(),
    )


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
        return redirect(url_for("accounts.companies.members", company_id=company.id))
    approve = form.decision.data == "approve"
    try:
        services.decide_request(
            join_request,
            approve=approve,
            role=form.role.data,
            note=form.note.data or "",
            actor=current_user,
        )
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(
            _("%(name)s is now a member.", name=join_request.user.name)
            if approve
            else _("The request of %(name)s is refused.", name=join_request.user.name),
            "success",
        )
    return redirect(url_for("accounts.companies.members", company_id=company.id))


def _member(company: Company, user_id: int) -> User:
    member = db.session.get(User, user_id)
    if member is None or member.company_id != company.id:
        abort(404)
    return member


@bp.route("/companies/<id:company_id>/members/<id:user_id>/role", methods=["POST"])
@login_required
def change_member_role(company_id: int, user_id: int):
    company = _company_for_members(company_id)
    member = _member(company, user_id)
    form = MemberRoleForm()
    if not form.validate_on_submit():
        flash(_("Choose a role from the list."), "danger")
        return redirect(url_for("accounts.companies.members", company_id=company.id))
    try:
        services.change_member_role(member, form.role.data, actor=current_user)
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(
            _(
                "The role of %(name)s is now %(role)s.",
                name=member.name,
                role=member.company_role_label,
            ),
            "success",
        )
    return redirect(url_for("accounts.companies.members", company_id=company.id))


@bp.route("/companies/<id:company_id>/members/<id:user_id>/remove", methods=["POST"])
@login_required
def remove_member(company_id: int, user_id: int):
    company = _company_for_members(company_id)
    member = _member(company, user_id)
    try:
        services.remove_member(member, actor=current_user)
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(
            _(
                "%(name)s is no longer a member of %(company)s.",
                name=member.name,
                company=company.display_name(),
            ),
            "success",
        )
    if member.id == current_user.id:
        return redirect(url_for("accounts.companies.join"))
    return redirect(url_for("accounts.companies.members", company_id=company.id))
