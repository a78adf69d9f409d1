"""Who may see a company, its private side and its members, and who may join or decide."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true

from engage.accounts.models import Company, JoinRequest, JoinStatus
from engage.core.permissions import (
    administers_company,
    can_see_company_private,
    is_admin,
    is_park_staff,
    rule,
    signed_in,
)


@rule("view", Company)
def can_view_company(user, company: Company) -> bool:
    """The directory entry (name, area, industry): any signed-in person; an inactive
    company only to park staff and its own people."""
    if not signed_in(user):
        return False
    return company.is_active or can_see_company_private(user, company.id)


def visible_companies(user) -> ColumnElement[bool]:
    """The SQL twin of can_view_company."""
    if not signed_in(user):
        return false()
    if is_park_staff(user):
        return true()
    return or_(Company.is_active.is_(True), Company.id == user.company_id)


@rule("view_private", Company)
def can_view_company_private(user, company: Company) -> bool:
    """Address, contact, code and members: park staff and the company's own people."""
    return can_see_company_private(user, company.id)


@rule("manage_members", Company)
def can_manage_members(user, company: Company) -> bool:
    """Change roles, remove members, decide join requests: its admins and platform admins."""
    return is_admin(user) or administers_company(user, company.id)


def can_join_company(user, company: Company | None = None) -> bool:
    """Ask to join (this or any) company: someone signed in with no company who is not
    park staff."""
    return (
        signed_in(user)
        and user.company_id is None
        and not is_park_staff(user)
        and (company is None or company.is_active)
    )


@rule("view", JoinRequest)
def can_view_join_request(user, request: JoinRequest) -> bool:
    return signed_in(user) and (
        request.user_id == user.id or can_manage_members(user, request.company)
    )


@rule("decide", JoinRequest)
def can_decide_join_request(user, request: JoinRequest) -> bool:
    return request.status == JoinStatus.PENDING and can_manage_members(user, request.company)
