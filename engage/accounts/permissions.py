"""Who may see and change companies, areas, departments, users and join requests."""

from __future__ import annotations

from engage.accounts.models import (
    Company,
    Department,
    FunctionalArea,
    JoinRequest,
    JoinStatus,
    User,
)
from engage.core.permissions import (
    administers_company,
    can_see_company_private,
    is_admin,
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


@rule("view_private", Company)
def can_view_company_private(user, company: Company) -> bool:
    """Address, contact, code and members: park staff and the company's own people."""
    return can_see_company_private(user, company.id)


@rule("manage", Company)
def can_manage_company(user, _company: Company) -> bool:
    return is_admin(user)


@rule("manage_members", Company)
def can_manage_members(user, company: Company) -> bool:
    """Change roles, remove members, decide join requests: its admins and platform admins."""
    return is_admin(user) or administers_company(user, company.id)


@rule("manage", FunctionalArea)
def can_manage_area(user, _area: FunctionalArea) -> bool:
    return is_admin(user)


@rule("manage", Department)
def can_manage_department(user, _dept: Department) -> bool:
    return is_admin(user)


@rule("manage", User)
def can_manage_user(user, _other: User) -> bool:
    return is_admin(user)


@rule("view", JoinRequest)
def can_view_join_request(user, request: JoinRequest) -> bool:
    return signed_in(user) and (request.user_id == user.id
                                or can_manage_members(user, request.company))


@rule("decide", JoinRequest)
def can_decide_join_request(user, request: JoinRequest) -> bool:
    return request.status == JoinStatus.PENDING and can_manage_members(user, request.company)

