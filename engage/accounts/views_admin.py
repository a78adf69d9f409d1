"""Admin pages (platform admins only, 404 for anyone else): areas, companies,
departments and users."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts import companies as org
from engage.accounts.forms import AreaForm, CompanyForm, DepartmentForm, UserAdminForm
from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.accounts.views import bp
from engage.accounts.views_companies import areas_for_select
from engage.core.forms import StaleEdit
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.core.permissions import is_admin
from engage.extensions import db


@bp.before_request
def _admins_only():
    """Every /admin/ page of this blueprint answers 404 to anyone but a platform admin."""
    if request.path.startswith("/admin/") and not is_admin(current_user):
        abort(404)


def _data(form) -> dict:
    return {name: field.data for name, field in form._fields.items()
            if name not in ("csrf_token", "submit", "version")}


def _show_error(form, exc: org.OrganisationError) -> None:
    field = form._fields.get(exc.field or "")
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "danger")


# Functional areas

@bp.route("/admin/areas")
@login_required
def admin_areas():
    areas = db.session.scalars(org.list_areas()).all()
    return render_template("accounts/admin_areas.html", areas=areas)


@bp.route("/admin/areas/new", methods=["GET", "POST"], defaults={"area_id": None})
@bp.route("/admin/areas/<id:area_id>", methods=["GET", "POST"])
@login_required
def admin_area_edit(area_id: int | None):
    area = db.get_or_404(FunctionalArea, area_id) if area_id else None
    form = AreaForm(obj=area)
    if form.validate_on_submit():
        try:
            org.save_area(area, _data(form), actor=current_user)
        except org.OrganisationError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The functional area is saved."), "success")
            return redirect(url_for("accounts.admin_areas"))
    return render_template("accounts/admin_area_form.html", form=form, area=area)


# Companies

@bp.route("/admin/companies")
@login_required
def admin_companies():
    q = request.args.get("q", "")[:100]
    page = paginate(org.list_companies(q=q, include_inactive=True), per_page=50)
    return render_template("accounts/admin_companies.html", page=page, q=q)


@bp.route("/admin/companies/new", methods=["GET", "POST"], defaults={"company_id": None})
@bp.route("/admin/companies/<id:company_id>", methods=["GET", "POST"])
@login_required
def admin_company_edit(company_id: int | None):
    company = db.get_or_404(Company, company_id) if company_id else None
    form = CompanyForm(obj=company)
    form.area_id.choices = areas_for_select()
    if not form.area_id.choices:
        flash(_("Create a functional area first: every company belongs to one."), "warning")
        return redirect(url_for("accounts.admin_area_edit"))
    if request.method == "GET" and company is not None:
        form.version.data = company.version
    if form.validate_on_submit():
        try:
            company = org.save_company(company, _data(form), actor=current_user,
                                       version=form.version.data)
        except StaleEdit:
            db.session.rollback()
            flash(_("Someone else saved this company while you were editing. "
                    "Here is what it says now; make your change again."), "warning")
            return redirect(url_for("accounts.admin_company_edit", company_id=company.id))
        except org.OrganisationError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(name)s is saved.", name=company.name), "success")
            return redirect(url_for("accounts.admin_companies"))
    return render_template("accounts/admin_company_form.html", form=form, company=company)


# Departments

@bp.route("/admin/departments")
@login_required
def admin_departments():
    departments = db.session.scalars(org.list_departments()).all()
    return render_template("accounts/admin_departments.html", departments=departments)


@bp.route("/admin/departments/new", methods=["GET", "POST"], defaults={"dept_id": None})
@bp.route("/admin/departments/<id:dept_id>", methods=["GET", "POST"])
@login_required
def admin_department_edit(dept_id: int | None):
    dept = db.get_or_404(Department, dept_id) if dept_id else None
    form = DepartmentForm(obj=dept)
    if form.validate_on_submit():
        try:
            org.save_department(dept, _data(form), actor=current_user)
        except org.OrganisationError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The department is saved."), "success")
            return redirect(url_for("accounts.admin_departments"))
    return render_template("accounts/admin_department_form.html", form=form, dept=dept)


# Users

@bp.route("/admin/users")
@login_required
def admin_users():
    q = request.args.get("q", "")[:100]
    page = paginate(org.list_users(q=q), per_page=50)
    return render_template("accounts/admin_users.html", page=page, q=q)


def _department_choices() -> list[tuple[str, str]]:
    lang = current_language()
    return [("", _("None"))] + [
        (str(d.id), d.display_name(lang)) for d in db.session.scalars(org.list_departments())]


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@login_required
def admin_user_edit(user_id: int):
    user = db.get_or_404(User, user_id)
    form = UserAdminForm()
    form.department_id.choices = _department_choices()
    if request.method == "GET":
        form.platform_role.data = user.platform_role.value if user.platform_role else ""
        form.department_id.data = str(user.department_id or "")
        form.is_department_lead.data = user.is_department_lead
    if form.validate_on_submit():
        try:
            org.update_user_roles(user, platform_role=form.platform_role.data or None,
                                  department_id=int(form.department_id.data or 0) or None,
                                  is_department_lead=form.is_department_lead.data,
                                  actor=current_user)
        except org.OrganisationError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash(_("The roles of %(name)s are saved.", name=user.name), "success")
            return redirect(url_for("accounts.admin_users"))
    return render_template("accounts/admin_user_form.html", form=form, user=user)


@bp.route("/admin/users/<id:user_id>/active", methods=["POST"])
@login_required
def admin_user_active(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.form.get("active") not in ("0", "1"):
        abort(400)
    active = request.form.get("active") == "1"
    try:
        org.set_user_active(user, active, actor=current_user)
    except org.OrganisationError as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        db.session.commit()
        flash(_("%(name)s can sign in again.", name=user.name) if active
              else _("%(name)s is deactivated and signed out everywhere.", name=user.name),
              "success")
    return redirect(url_for("accounts.admin_user_edit", user_id=user.id))

