"""Admin pages (platform admins only, 404 for anyone else): areas, companies,
departments and users."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts import all_areas, all_departments
from engage.accounts.admin import importing, services
from engage.accounts.admin.forms import (
    AreaForm,
    CompanyForm,
    DepartmentForm,
    UserAdminForm,
    UserImportForm,
)
from engage.accounts.admin.permissions import can_administer_accounts
from engage.accounts.companies.services import list_companies
from engage.accounts.models import (
    COMPANY_ROLE_LABELS,
    PLATFORM_ROLE_LABELS,
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.core.args import choice_arg, int_arg
from engage.core.errors import DomainError, StaleVersion, refuse
from engage.core.i18n import current_language, local_name_column
from engage.core.pagination import paginate
from engage.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _admins_only():
    """Every page here answers 404 to anyone but a platform admin."""
    if not can_administer_accounts(current_user):
        abort(404)


def _data(form) -> dict:
    return {
        name: field.data
        for name, field in form._fields.items()
        if name not in ("csrf_token", "submit", "version")
    }


# Functional areas


@bp.route("/areas")
@login_required
def areas():
    return render_template("accounts/admin/areas.html", areas=all_areas())


def _area_page(area: FunctionalArea | None):
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        try:
            services.save_area(area, _data(form), actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The functional area is saved."), "success")
            return redirect(url_for("accounts.admin.areas"))
    return render_template("accounts/admin/area_form.html", form=form, area=area)


@bp.route("/areas/new", methods=["GET", "POST"])
@login_required
def create_area():
    return _area_page(None)


@bp.route("/areas/<id:area_id>", methods=["GET", "POST"])
@login_required
def edit_area(area_id: int):
    return _area_page(db.get_or_404(FunctionalArea, area_id))


# Companies


@bp.route("/companies")
@login_required
def companies():
    q = request.args.get("q", "")[:100]
    page = paginate(list_companies(q=q, include_inactive=True), per_page=50)
    return render_template("accounts/admin/companies.html", page=page, q=q)


def _company_page(company: Company | None):
    form = CompanyForm(obj=company)
    lang = current_language()
    form.area_id.choices = [(a.id, a.display_name(lang)) for a in all_areas()]
    if not form.area_id.choices:
        flash(_("Create a functional area first: every company belongs to one."), "warning")
        return redirect(url_for("accounts.admin.create_area"))
    if request.method == "GET" and company is not None:
        form.version.data = company.version
    if form.validate_on_submit():
        try:
            company = services.save_company(
                company, _data(form), actor=current_user, version=form.version.data
            )
        except StaleVersion:
            assert company is not None  # only an edit can be stale
            db.session.rollback()
            flash(
                _(
                    "Someone else saved this company while you were editing. "
                    "Here is what it says now; make your change again."
                ),
                "warning",
            )
            return redirect(url_for("accounts.admin.edit_company", company_id=company.id))
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("%(name)s is saved.", name=company.display_name()), "success")
            return redirect(url_for("accounts.admin.companies"))
    return render_template("accounts/admin/company_form.html", form=form, company=company)


@bp.route("/companies/new", methods=["GET", "POST"])
@login_required
def create_company():
    return _company_page(None)


@bp.route("/companies/<id:company_id>", methods=["GET", "POST"])
@login_required
def edit_company(company_id: int):
    return _company_page(db.get_or_404(Company, company_id))


# Departments


@bp.route("/departments")
@login_required
def departments():
    return render_template("accounts/admin/departments.html", departments=all_departments())


def _department_page(dept: Department | None):
    form = DepartmentForm(obj=dept)
    if form.validate_on_submit():
        try:
            services.save_department(dept, _data(form), actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The department is saved."), "success")
            return redirect(url_for("accounts.admin.departments"))
    return render_template("accounts/admin/department_form.html", form=form, dept=dept)


@bp.route("/departments/new", methods=["GET", "POST"])
@login_required
def create_department():
    return _department_page(None)


@bp.route("/departments/<id:dept_id>", methods=["GET", "POST"])
@login_required
def edit_department(dept_id: int):
    return _department_page(db.get_or_404(Department, dept_id))


# Users


@bp.route("/users")
@login_required
def users():
    q = request.args.get("q", "")[:100]
    company_id = int_arg("company")
    role = choice_arg("role", services.USER_ROLE_FILTERS)
    page = paginate(services.list_users(q=q, company_id=company_id, role=role), per_page=50)
    companies = db.session.execute(
        select(Company.id, local_name_column(Company)).order_by(Company.name)
    ).all()
    return render_template(
        "accounts/admin/users.html",
        page=page,
        q=q,
        company_id=company_id,
        role=role,
        companies=companies,
        roles=_role_filter_labels(),
    )


def _role_filter_labels() -> list[tuple[str, str]]:
    return [
        ("admin", PLATFORM_ROLE_LABELS[PlatformRole.ADMIN]),
        ("supervisor", PLATFORM_ROLE_LABELS[PlatformRole.SUPERVISOR]),
        ("grid_officer", PLATFORM_ROLE_LABELS[PlatformRole.GRID_OFFICER]),
        ("company_admin", COMPANY_ROLE_LABELS[CompanyRole.ADMIN]),
        ("safety_manager", COMPANY_ROLE_LABELS[CompanyRole.SAFETY_MANAGER]),
        ("employee", COMPANY_ROLE_LABELS[CompanyRole.EMPLOYEE]),
        ("department", _("Department member")),
    ]


_MAX_IMPORT_BYTES = 5 * 1024 * 1024


@bp.route("/users/import", methods=["GET", "POST"])
@login_required
def import_users():
    form = UserImportForm()
    problems: list = []
    if form.validate_on_submit():
        file = form.file.data
        data = file.stream.read(_MAX_IMPORT_BYTES + 1) if getattr(file, "filename", "") else b""
        if not data:
            form.file.errors = [_("Choose an .xlsx file.")]
        elif len(data) > _MAX_IMPORT_BYTES:
            form.file.errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                added = importing.import_users(data, actor=current_user)
            except importing.ImportRejected as exc:
                db.session.rollback()
                problems = exc.problems
            else:
                db.session.commit()
                flash(
                    ngettext(
                        "%(num)s account is made; a mail asks the person to choose a password.",
                        "%(num)s accounts are made; a mail asks each person to choose a password.",
                        len(added),
                    ),
                    "success",
                )
                return redirect(url_for("accounts.admin.users"))
    status = 400 if problems or form.errors else 200
    return render_template(
        "accounts/admin/user_import.html",
        form=form,
        problems=problems,
        roles=importing.ROLE_HINT,
        max_rows=importing.MAX_ROWS,
    ), status


@bp.route("/users/import-template.xlsx")
@login_required
def import_template():
    return send_file(
        io.BytesIO(importing.template_xlsx()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="users-template.xlsx",
    )


def _department_choices() -> list[tuple[str, str]]:
    lang = current_language()
    return [("", _("None"))] + [(str(d.id), d.display_name(lang)) for d in all_departments()]


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserAdminForm()
    form.department_id.choices = _department_choices()
    if request.method == "GET":
        form.platform_role.data = user.platform_role.value if user.platform_role else ""
        form.department_id.data = str(user.department_id or "")
        form.is_department_lead.data = user.is_department_lead
    if form.validate_on_submit():
        try:
            services.update_user_roles(
                user,
                platform_role=form.platform_role.data or None,
                department_id=int(form.department_id.data or 0) or None,
                is_department_lead=form.is_department_lead.data,
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The roles of %(name)s are saved.", name=user.name), "success")
            return redirect(url_for("accounts.admin.users"))
    return render_template("accounts/admin/user_form.html", form=form, user=user)


@bp.route("/users/<id:user_id>/active", methods=["POST"])
@login_required
def set_user_active(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.form.get("active") not in ("0", "1"):
        abort(400)
    active = request.form.get("active") == "1"
    try:
        services.set_user_active(user, active, actor=current_user)
    except DomainError as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(
            _("%(name)s can sign in again.", name=user.name)
            if active
            else _("%(name)s is deactivated and signed out everywhere.", name=user.name),
            "success",
        )
    return redirect(url_for("accounts.admin.edit_user", user_id=user.id))
