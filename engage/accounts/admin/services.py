"""The platform admin's changes: areas, departments, companies and users' roles.

Every function flushes, never commits, and writes an audit entry in the caller's
transaction. Platform admins only.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engage.accounts import uscc
from engage.accounts.admin.permissions import (
    can_edit_company,
    can_manage_area,
    can_manage_department,
    can_manage_user,
)
from engage.accounts.errors import OrganisationError
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.core import audit
from engage.core.diff import field_changes
from engage.core.forms import check_version, clean_text
from engage.core.permissions import PermissionDenied
from engage.core.sql import contains_any
from engage.extensions import db


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def _flush_unique(field: str, message) -> None:
    """Flush in a savepoint; a unique clash becomes an error on `field`."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise OrganisationError(message, field) from exc


# Functional areas


def save_area(area: FunctionalArea | None, data: dict, *, actor: User) -> FunctionalArea:
    """Create (area None) or edit a functional area. Platform admins."""
    _refuse_unless(can_manage_area(actor))
    if _taken(FunctionalArea, FunctionalArea.code, data["code"], area):
        raise OrganisationError(_l("Another area uses this code."), "code")
    if _taken(FunctionalArea, FunctionalArea.name, data["name"], area):
        raise OrganisationError(_l("Another area has this name."), "name")
    created = area is None
    area = area or FunctionalArea()
    before = {} if created else audit.snapshot(area, AREA_FIELDS)
    for key in AREA_FIELDS:
        setattr(area, key, data.get(key) or (None if key in ("name_en", "description") else ""))
    db.session.add(area)
    _flush_unique("code", _l("Another area uses this code."))
    _record_save(actor, "area", area, created, before, AREA_FIELDS)
    return area


AREA_FIELDS = ("code", "name", "name_en", "description")
DEPARTMENT_FIELDS = ("code", "name", "name_en", "phone")
COMPANY_FIELDS = (
    "name",
    "name_en",
    "uscc",
    "area",
    "industry",
    "address",
    "contact_name",
    "contact_phone",
    "is_active",
)


def _record_save(actor: User, noun: str, obj, created: bool, before: dict, fields) -> None:
    """`<noun>.created`, or `<noun>.updated` with what changed (nothing changed, no entry)."""
    if created:
        audit.record(actor, f"{noun}.created", obj, summary=obj.name)
        return
    changes = field_changes(before, audit.snapshot(obj, fields))
    if changes:
        audit.record(actor, f"{noun}.updated", obj, summary=obj.name, changes=changes)


def _taken(model, column, value, current) -> bool:
    stmt = select(model.id).where(func.lower(column) == (value or "").lower())
    if current is not None and current.id is not None:
        stmt = stmt.where(model.id != current.id)
    return db.session.scalar(stmt.limit(1)) is not None


# Departments


def save_department(dept: Department | None, data: dict, *, actor: User) -> Department:
    """Create (dept None) or edit a department. Platform admins."""
    _refuse_unless(can_manage_department(actor))
    if _taken(Department, Department.code, data["code"], dept):
        raise OrganisationError(_l("Another department uses this code."), "code")
    if _taken(Department, Department.name, data["name"], dept):
        raise OrganisationError(_l("Another department has this name."), "name")
    created = dept is None
    dept = dept or Department()
    before = {} if created else audit.snapshot(dept, DEPARTMENT_FIELDS)
    dept.code, dept.name = data["code"], data["name"]
    dept.name_en = data.get("name_en") or None
    dept.phone = data.get("phone") or ""
    db.session.add(dept)
    _flush_unique("code", _l("Another department uses this code."))
    _record_save(actor, "department", dept, created, before, DEPARTMENT_FIELDS)
    return dept


# Companies


def save_company(company: Company | None, data: dict, *, actor: User, version=None) -> Company:
    """Create (company None) or edit a company. Platform admins.

    Raises StaleVersion (core.forms.StaleEdit) when `version` is not the record's,
    OrganisationError on a
    duplicate code or an unknown area.
    """
    _refuse_unless(can_edit_company(actor))
    if company is not None:
        check_version(company, version)
    code = uscc.normalise(data["uscc"])
    if not uscc.is_valid(code):
        raise OrganisationError(
            _l(
                "This is not a valid unified social credit code; "
                "check the 18 characters and the last one."
            ),
            "uscc",
        )
    if _taken(Company, Company.uscc, code, company):
        raise OrganisationError(_l("Another company has this unified social credit code."), "uscc")
    area = db.session.get(FunctionalArea, data["area_id"])
    if area is None:
        raise OrganisationError(_l("Choose a functional area from the list."), "area_id")
    created = company is None
    company = company or Company()
    before = {} if created else audit.snapshot(company, COMPANY_FIELDS)
    company.name = data["name"]
    company.name_en = data.get("name_en") or None
    company.uscc = code
    company.area = area
    company.industry = data["industry"]
    company.address = data.get("address") or ""
    company.contact_name = data.get("contact_name") or ""
    company.contact_phone = data.get("contact_phone") or ""
    company.is_active = bool(data.get("is_active", True))
    db.session.add(company)
    _flush_unique("uscc", _l("Another company has this unified social credit code."))
    _record_save(actor, "company", company, created, before, COMPANY_FIELDS)
    return company


# Users (platform admin)


# The role filter of the user list: key -> the condition it stands for.
USER_ROLE_FILTERS = {
    "admin": lambda: User.platform_role == PlatformRole.ADMIN,
    "supervisor": lambda: User.platform_role == PlatformRole.SUPERVISOR,
    "grid_officer": lambda: User.platform_role == PlatformRole.GRID_OFFICER,
    "company_admin": lambda: User.company_role == CompanyRole.ADMIN,
    "safety_manager": lambda: User.company_role == CompanyRole.SAFETY_MANAGER,
    "employee": lambda: User.company_role == CompanyRole.EMPLOYEE,
    "department": lambda: User.department_id.is_not(None),
}


def list_users(*, q: str = "", company_id: int | None = None, role: str = ""):
    """Users by name, filtered by a part of the name or email, a company and a role
    (a key of USER_ROLE_FILTERS; anything else is no filter)."""
    stmt = select(User).order_by(User.name, User.id)
    q = (clean_text(q) or "")[:100]
    if q:
        stmt = stmt.where(contains_any(q, User.name, User.email))
    if company_id:
        stmt = stmt.where(User.company_id == company_id)
    if role in USER_ROLE_FILTERS:
        stmt = stmt.where(USER_ROLE_FILTERS[role]())
    return stmt


def update_user_roles(
    user: User,
    *,
    platform_role: str | None,
    department_id: int | None,
    is_department_lead: bool,
    actor: User,
) -> None:
    """Set a user's platform role and department. Platform admins.

    An admin cannot take the admin role away from themself (nobody would be
    left to give it back).
    """
    _refuse_unless(can_manage_user(actor, user))
    role = PlatformRole(platform_role) if platform_role else None
    if user.id == actor.id and role != PlatformRole.ADMIN:
        raise OrganisationError(_l("You cannot remove your own admin role."), "platform_role")
    department = None
    if department_id:
        department = db.session.get(Department, department_id)
        if department is None:
            raise OrganisationError(_l("Choose a department from the list."), "department_id")
    fields = ("platform_role", "department", "is_department_lead")
    before = audit.snapshot(user, fields)
    user.platform_role = role
    user.department = department
    user.is_department_lead = bool(is_department_lead and department is not None)
    changes = field_changes(before, audit.snapshot(user, fields))
    if changes:
        audit.record(actor, "user.roles_changed", user, summary=user.email, changes=changes)


def set_user_active(user: User, active: bool, *, actor: User) -> None:
    """Deactivate (ending every session) or reactivate an account. Platform admins."""
    _refuse_unless(can_manage_user(actor, user))
    if user.id == actor.id:
        raise OrganisationError(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    user.end_all_sessions()
    audit.record(
        actor, "user.reactivated" if active else "user.deactivated", user, summary=user.email
    )
