"""Company, area, department and membership rules. Every function flushes, never commits.

Each change writes an audit entry in the caller's transaction.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from engage.accounts import uscc
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    JoinStatus,
    PlatformRole,
    User,
)
from engage.core import audit
from engage.core.forms import check_version, clean_text
from engage.core.notifications import notify, notify_many
from engage.core.permissions import PermissionDenied, authorize
from engage.core.timeutil import utcnow
from engage.extensions import db

# Where a notification leads; plain paths, so services work outside a request too.
MY_COMPANY_PATH = "/company"


class OrganisationError(Exception):
    """A change the rules refuse; `field` names the form field it concerns, if any."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self._message = message  # lazy: translated when shown, in the reader's language
        self.field = field

    @property
    def message(self) -> str:
        return str(self._message)


class AlreadyPending(OrganisationError):
    """The person already has a pending request to join a company."""


class LastAdmin(OrganisationError):
    """The change would leave the company without an admin."""


def _flush_unique(field: str, message: str) -> None:
    """Flush in a savepoint; a unique clash becomes an error on `field`."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise OrganisationError(message, field) from exc


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Functional areas

def list_areas():
    return select(FunctionalArea).order_by(FunctionalArea.code)


def save_area(area: FunctionalArea | None, data: dict, *, actor: User) -> FunctionalArea:
    """Create (area None) or edit a functional area. Platform admins."""
    authorize(actor, "manage", FunctionalArea())
    if _taken(FunctionalArea, FunctionalArea.code, data["code"], area):
        raise OrganisationError(_l("Another area uses this code."), "code")
    if _taken(FunctionalArea, FunctionalArea.name, data["name"], area):
        raise OrganisationError(_l("Another area has this name."), "name")
    created = area is None
    area = area or FunctionalArea()
    for key in ("code", "name", "name_en", "description"):
        setattr(area, key, data.get(key) or (None if key in ("name_en", "description") else ""))
    db.session.add(area)
    _flush_unique("code", _l("Another area uses this code."))
    audit.record(actor, "area.created" if created else "area.updated", area, summary=area.name)
    return area


def _taken(model, column, value, current) -> bool:
    stmt = select(model.id).where(func.lower(column) == (value or "").lower())
    if current is not None and current.id is not None:
        stmt = stmt.where(model.id != current.id)
    return db.session.scalar(stmt.limit(1)) is not None


# Departments

def list_departments():
    return select(Department).order_by(Department.code)


def save_department(dept: Department | None, data: dict, *, actor: User) -> Department:
    """Create (dept None) or edit a department. Platform admins."""
    authorize(actor, "manage", Department())
    if _taken(Department, Department.code, data["code"], dept):
        raise OrganisationError(_l("Another department uses this code."), "code")
    if _taken(Department, Department.name, data["name"], dept):
        raise OrganisationError(_l("Another department has this name."), "name")
    created = dept is None
    dept = dept or Department()
    dept.code, dept.name = data["code"], data["name"]
    dept.name_en = data.get("name_en") or None
    dept.phone = data.get("phone") or ""
    db.session.add(dept)
    _flush_unique("code", _l("Another department uses this code."))
    audit.record(actor, "department.created" if created else "department.updated", dept,
                 summary=dept.name)
    return dept


# Companies

def list_companies(*, q: str = "", area_id: int | None = None, industry: str = "",
                   include_inactive: bool = False):
    """A select of companies by name, filtered; the area is joined in."""
    stmt = select(Company).order_by(Company.name, Company.id)
    if not include_inactive:
        stmt = stmt.where(Company.is_active.is_(True))
    q = (clean_text(q) or "")[:100]
    if q:
        stmt = stmt.where(or_(Company.name.ilike(_like(q), escape="\\"),
                              Company.name_en.ilike(_like(q), escape="\\")))
    if area_id:
        stmt = stmt.where(Company.area_id == area_id)
    if industry:
        stmt = stmt.where(Company.industry == industry)
    return stmt


def save_company(company: Company | None, data: dict, *, actor: User,
                 version=None) -> Company:
    """Create (company None) or edit a company. Platform admins.

    Raises StaleEdit when `version` is not the record's, OrganisationError on a
    duplicate code or an unknown area.
    """
    authorize(actor, "manage", Company())
    if company is not None:
        check_version(company, version)
    code = uscc.normalise(data["uscc"])
    if not uscc.is_valid(code):
        raise OrganisationError(_l("This is not a valid unified social credit code; "
                                  "check the 18 characters and the last one."), "uscc")
    if _taken(Company, Company.uscc, code, company):
        raise OrganisationError(_l("Another company has this unified social credit code."),
                                "uscc")
    area = db.session.get(FunctionalArea, data["area_id"])
    if area is None:
        raise OrganisationError(_l("Choose a functional area from the list."), "area_id")
    created = company is None
    company = company or Company()
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
    audit.record(actor, "company.created" if created else "company.updated", company,
                 summary=company.name, company_id=company.id)
    return company


# Users (platform admin)

def list_users(*, q: str = ""):
    stmt = select(User).order_by(User.name, User.id)
    q = (clean_text(q) or "")[:100]
    if q:
        stmt = stmt.where(or_(User.name.ilike(_like(q), escape="\\"),
                              User.email.ilike(_like(q), escape="\\")))
    return stmt


def update_user_roles(user: User, *, platform_role: str | None, department_id: int | None,
                      is_department_lead: bool, actor: User) -> None:
    """Set a user's platform role and department. Platform admins.

    An admin cannot take the admin role away from themself (nobody would be
    left to give it back).
    """
    authorize(actor, "manage", user)
    role = PlatformRole(platform_role) if platform_role else None
    if user.id == actor.id and role != PlatformRole.ADMIN:
        raise OrganisationError(_l("You cannot remove your own admin role."), "platform_role")
    department = None
    if department_id:
        department = db.session.get(Department, department_id)
        if department is None:
            raise OrganisationError(_l("Choose a department from the list."), "department_id")
    before = {"platform_role": user.platform_role, "department_id": user.department_id,
              "is_department_lead": user.is_department_lead}
    user.platform_role = role
    user.department = department
    user.is_department_lead = bool(is_department_lead and department is not None)
    after = {"platform_role": user.platform_role, "department_id": department_id or None,
             "is_department_lead": user.is_department_lead}
    if before != after:
        audit.record(actor, "user.roles_changed", user, summary=user.email,
                     before=before, after=after)


def set_user_active(user: User, active: bool, *, actor: User) -> None:
    """Deactivate (ending every session) or reactivate an account. Platform admins."""
    authorize(actor, "manage", user)
    if user.id == actor.id:
        raise OrganisationError(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    user.end_all_sessions()
    audit.record(actor, "user.reactivated" if active else "user.deactivated", user,
                 summary=user.email)


# Joining a company

def pending_request_of(user: User) -> JoinRequest | None:
    return db.session.scalar(select(JoinRequest).where(
        JoinRequest.user_id == user.id, JoinRequest.status == JoinStatus.PENDING))


def _company_admin_ids(company_id: int) -> list[int]:
    return list(db.session.scalars(select(User.id).where(
        User.company_id == company_id, User.company_role == CompanyRole.ADMIN,
        User.active.is_(True))))


def _platform_admin_ids() -> list[int]:
    return list(db.session.scalars(select(User.id).where(
        User.platform_role == PlatformRole.ADMIN, User.active.is_(True))))


def request_to_join(company: Company, *, actor: User, message: str = "") -> JoinRequest:
    """Ask to join `company`. A signed-in person without a company and without a pending
    request. Notifies the company's admins (the platform admins when it has none).
    """
    if not company.is_active:
        raise OrganisationError(_l("This company is not active."))
    if actor.company_id is not None:
        raise OrganisationError(_l("You are already a member of a company."))
    if pending_request_of(actor) is not None:
        raise AlreadyPending(_l("You already have a pending request; wait for the answer "
                               "or withdraw it first."))
    request = JoinRequest(user=actor, company=company, message=message or "")
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError as exc:  # the partial unique index: one pending per person
        raise AlreadyPending(_l("You already have a pending request; wait for the answer "
                               "or withdraw it first.")) from exc
    deciders = _company_admin_ids(company.id) or _platform_admin_ids()
    notify_many(deciders, "account.join_requested", exclude=actor.id,
                url=f"/companies/{company.id}/members",
                name=actor.name, company=company.name)
    audit.record(actor, "company.join_requested", request, summary=company.name,
                 company_id=company.id)
    return request


def withdraw_request(request: JoinRequest, *, actor: User) -> None:
    """The person withdraws their own pending request."""
    if request.user_id != actor.id or request.status != JoinStatus.PENDING:
        raise OrganisationError(_l("This request is no longer pending."))
    request.status = JoinStatus.WITHDRAWN
    audit.record(actor, "company.join_withdrawn", request, company_id=request.company_id)


def decide_request(request: JoinRequest, *, approve: bool, role: str = "employee",
                   note: str = "", actor: User) -> None:
    """Approve (with a role: employee or safety manager) or refuse a pending request.

    The company's admins and platform admins. The person is notified.
    Raises PermissionDenied, OrganisationError.
    """
    authorize(actor, "decide", request)
    if request.status != JoinStatus.PENDING:
        raise OrganisationError(_l("This request was already decided."))
    person = request.user
    request.decided_by = actor
    request.decided_at = utcnow()
    request.decision_note = note or ""
    if approve:
        if role not in (CompanyRole.EMPLOYEE.value, CompanyRole.SAFETY_MANAGER.value):
            raise OrganisationError(_l("Choose employee or safety manager."), "role")
        if person.company_id is not None and person.company_id != request.company_id:
            raise OrganisationError(_l("This person has joined another company meanwhile."))
        request.status = JoinStatus.APPROVED
        person.company = request.company
        person.company_role = CompanyRole(role)
        notify(person, "account.join_approved", url=MY_COMPANY_PATH,
               company=request.company.name)
    else:
        request.status = JoinStatus.REFUSED
        notify(person, "account.join_refused", url=MY_COMPANY_PATH,
               company=request.company.name)
    audit.record(actor, "company.join_approved" if approve else "company.join_refused",
                 request, summary=person.email, company_id=request.company_id,
                 role=role if approve else None, note=note)


def list_pending_requests(company_id: int):
    return (select(JoinRequest)
            .where(JoinRequest.company_id == company_id, JoinRequest.status == JoinStatus.PENDING)
            .order_by(JoinRequest.created_at, JoinRequest.id))


def list_members(company_id: int):
    return select(User).where(User.company_id == company_id).order_by(User.name, User.id)


def _other_admin_exists(member: User):
    other = aliased(User)
    return exists().where(and_(other.company_id == member.company_id,
                               other.company_role == CompanyRole.ADMIN,
                               other.active.is_(True), other.id != member.id))


def change_member_role(member: User, role: str, *, actor: User) -> None:
    """Make a member employee, safety manager or admin. The company's admins and platform
    admins. A company keeps at least one admin (checked in the UPDATE itself, so two
    admins demoting each other at once cannot both succeed).
    """
    company = member.company
    if company is None:
        raise OrganisationError(_l("This person is not a member of a company."))
    authorize(actor, "manage_members", company)
    new_role = CompanyRole(role)
    if member.company_role == new_role:
        return
    old_role = member.company_role
    stmt = update(User).where(User.id == member.id, User.company_id == company.id)
    if old_role == CompanyRole.ADMIN:
        stmt = stmt.where(_other_admin_exists(member))
    done = db.session.execute(stmt.values(company_role=new_role)
                              .execution_options(synchronize_session=False)).rowcount
    if not done:
        raise LastAdmin(_l("A company needs at least one admin; make someone else admin first."))
    db.session.refresh(member)
    with force_locale(member.locale or "zh_Hans"):  # the role's name in the reader's language
        role_name = member.company_role_label
    notify(member, "account.role_changed", url=MY_COMPANY_PATH, role=role_name)
    audit.record(actor, "company.member_role_changed", member, summary=member.email,
                 company_id=company.id, before=old_role, after=new_role)


def remove_member(member: User, *, actor: User) -> None:
    """Take a member out of their company. The company's admins and platform admins.
    The last admin cannot be removed.
    """
    company = member.company
    if company is None:
        raise OrganisationError(_l("This person is not a member of a company."))
    authorize(actor, "manage_members", company)
    stmt = update(User).where(User.id == member.id, User.company_id == company.id)
    if member.company_role == CompanyRole.ADMIN:
        stmt = stmt.where(_other_admin_exists(member))
    done = db.session.execute(stmt.values(company_id=None, company_role=None)
                              .execution_options(synchronize_session=False)).rowcount
    if not done:
        raise LastAdmin(_l("A company needs at least one admin; make someone else admin first."))
    db.session.refresh(member)
    audit.record(actor, "company.member_removed", member, summary=member.email,
                 company_id=company.id)


__all__ = ["AlreadyPending", "LastAdmin", "OrganisationError", "PermissionDenied"]
