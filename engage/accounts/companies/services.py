"""Companies seen from inside: the directory, joining, and a company's members.

Every function flushes, never commits; each change writes an audit entry in the
caller's transaction.
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from engage.accounts.companies.permissions import (
    can_decide_join_request,
    can_manage_members,
)
from engage.accounts.errors import AlreadyPending, LastAdmin, OrganisationError
from engage.accounts.models import (
    Company,
    CompanyRole,
    JoinRequest,
    JoinStatus,
    PlatformRole,
    User,
)
from engage.core import audit
from engage.core.forms import clean_text
from engage.core.notifications import notify, notify_many
from engage.core.permissions import PermissionDenied
from engage.core.sql import contains_any
from engage.core.timeutil import utcnow
from engage.extensions import db

# Where a notification leads; plain paths, so services work outside a request too.
MY_COMPANY_PATH = "/company"


def list_companies(
    *, q: str = "", area_id: int | None = None, industry: str = "", include_inactive: bool = False
):
    """A select of companies by name, filtered; the area is joined in."""
    stmt = select(Company).order_by(Company.name, Company.id)
    if not include_inactive:
        stmt = stmt.where(Company.is_active.is_(True))
    q = (clean_text(q) or "")[:100]
    if q:
        stmt = stmt.where(contains_any(q, Company.name, Company.name_en))
    if area_id:
        stmt = stmt.where(Company.area_id == area_id)
    if industry:
        stmt = stmt.where(Company.industry == industry)
    return stmt


# Joining a company


def pending_request_of(user: User) -> JoinRequest | None:
    return db.session.scalar(
        select(JoinRequest).where(
            JoinRequest.user_id == user.id, JoinRequest.status == JoinStatus.PENDING
        )
    )


def _company_admin_ids(company_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(User.id).where(
                User.company_id == company_id,
                User.company_role == CompanyRole.ADMIN,
                User.active.is_(True),
            )
        )
    )


def _platform_admin_ids() -> list[int]:
    return list(
        db.session.scalars(
            select(User.id).where(User.platform_role == PlatformRole.ADMIN, User.active.is_(True))
        )
    )


def request_to_join(company: Company, *, actor: User, message: str = "") -> JoinRequest:
    """Ask to join `company`. A signed-in person without a company and without a pending
    request. Notifies the company's admins (the platform admins when it has none).
    """
    if not company.is_active:
        raise OrganisationError(_l("This company is not active."))
    if actor.company_id is not None:
        raise OrganisationError(_l("You are already a member of a company."))
    if pending_request_of(actor) is not None:
        raise AlreadyPending(
            _l("You already have a pending request; wait for the answer or withdraw it first.")
        )
    request = JoinRequest(user=actor, company=company, message=message or "")
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError as exc:  # the partial unique index: one pending per person
        raise AlreadyPending(
            _l("You already have a pending request; wait for the answer or withdraw it first.")
        ) from exc
    deciders = _company_admin_ids(company.id) or _platform_admin_ids()
    notify_many(
        deciders,
        "account.join_requested",
        exclude=actor.id,
        url=f"/companies/{company.id}/members",
        name=actor.name,
        company=company,
    )
    audit.record(
        actor, "company.join_requested", request, summary=company.name, company_id=company.id
    )
    return request


def withdraw_request(request: JoinRequest, *, actor: User) -> None:
    """The person withdraws their own pending request."""
    if request.user_id != actor.id or request.status != JoinStatus.PENDING:
        raise OrganisationError(_l("This request is no longer pending."))
    request.status = JoinStatus.WITHDRAWN
    audit.record(actor, "company.join_withdrawn", request, company_id=request.company_id)


def decide_request(
    request: JoinRequest, *, approve: bool, role: str = "employee", note: str = "", actor: User
) -> None:
    """Approve (with a role: employee or safety manager) or refuse a pending request.

    The company's admins and platform admins. The person is notified.
    Raises PermissionDenied, OrganisationError.
    """
    if not can_decide_join_request(actor, request):
        raise PermissionDenied()
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
        notify(person, "account.join_approved", url=MY_COMPANY_PATH, company=request.company)
    else:
        request.status = JoinStatus.REFUSED
        notify(person, "account.join_refused", url=MY_COMPANY_PATH, company=request.company)
    audit.record(
        actor,
        "company.join_approved" if approve else "company.join_refused",
        request,
        summary=person.email,
        company_id=request.company_id,
        role=role if approve else None,
        note=note,
    )


def list_pending_requests(company_id: int):
    return (
        select(JoinRequest)
        .where(JoinRequest.company_id == company_id, JoinRequest.status == JoinStatus.PENDING)
        .order_by(JoinRequest.created_at, JoinRequest.id)
    )


def list_members(company_id: int):
    return select(User).where(User.company_id == company_id).order_by(User.name, User.id)


def _other_admin_exists(member: User):
    other = aliased(User)
    return exists().where(
        and_(
            other.company_id == member.company_id,
            other.company_role == CompanyRole.ADMIN,
            other.active.is_(True),
            other.id != member.id,
        )
    )


def change_member_role(member: User, role: str, *, actor: User) -> None:
    """Make a member employee, safety manager or admin. The company's admins and platform
    admins. A company keeps at least one admin (checked in the UPDATE itself, so two
    admins demoting each other at once cannot both succeed).
    """
    company = member.company
    if company is None:
        raise OrganisationError(_l("This person is not a member of a company."))
    if not can_manage_members(actor, company):
        raise PermissionDenied()
    new_role = CompanyRole(role)
    if member.company_role == new_role:
        return
    old_role = member.company_role
    stmt = update(User).where(User.id == member.id, User.company_id == company.id)
    if old_role == CompanyRole.ADMIN:
        stmt = stmt.where(_other_admin_exists(member))
    done = db.session.execute(
        stmt.values(company_role=new_role).execution_options(synchronize_session=False)  # type: ignore[attr-defined]
    ).rowcount
    if not done:
        raise LastAdmin(_l("A company needs at least one admin; make someone else admin first."))
    db.session.refresh(member)
    with force_locale(member.locale or "zh_Hans"):  # the role's name in the reader's language
        role_name = member.company_role_label
    notify(member, "account.role_changed", url=MY_COMPANY_PATH, role=role_name)
    audit.record(
        actor,
        "company.member_role_changed",
        member,
        summary=member.email,
        company_id=company.id,
        changes={"company_role": [old_role and old_role.value, new_role.value]},
    )


def remove_member(member: User, *, actor: User) -> None:
    """Take a member out of their company. The company's admins and platform admins.
    The last admin cannot be removed.
    """
    company = member.company
    if company is None:
        raise OrganisationError(_l("This person is not a member of a company."))
    if not can_manage_members(actor, company):
        raise PermissionDenied()
    stmt = update(User).where(User.id == member.id, User.company_id == company.id)
    if member.company_role == CompanyRole.ADMIN:
        stmt = stmt.where(_other_admin_exists(member))
    done = db.session.execute(
        stmt.values(company_id=None, company_role=None).execution_options(synchronize_session=False)  # type: ignore[attr-defined]
    ).rowcount
    if not done:
        raise LastAdmin(_l("A company needs at least one admin; make someone else admin first."))
    db.session.refresh(member)
    audit.record(
        actor, "company.member_removed", member, summary=member.email, company_id=company.id
    )
