"""The admin pages and what they change: platform admins only."""

from __future__ import annotations

from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.core.permissions import is_admin, rule


def can_administer_accounts(user) -> bool:
    """Every /admin/ page of accounts: platform admins; anyone else gets 404."""
    return is_admin(user)


@rule("manage", FunctionalArea)
def can_manage_area(user, _area: FunctionalArea | None = None) -> bool:
    return is_admin(user)


@rule("manage", Department)
def can_manage_department(user, _dept: Department | None = None) -> bool:
    return is_admin(user)


@rule("manage", Company)
def can_edit_company(user, _company: Company | None = None) -> bool:
    """Create or edit a company's record (name, code, area, active)."""
    return is_admin(user)


@rule("manage", User)
def can_manage_user(user, _other: User) -> bool:
    return is_admin(user)
