"""Helpers the account tests share."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.accounts.models import CompanyRole, User
from engage.core.audit import AuditEntry
from engage.extensions import db as _db

EN = {"Accept-Language": "en"}


def audit_count(action: str) -> int:
    return _db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def make_boss(make_user, company, **kw) -> User:
    """A company admin (make_user("admin") alone is a platform admin)."""
    user = make_user("employee", company=company, **kw)
    user.company_role = CompanyRole.ADMIN
    _db.session.commit()
    return user


def make_member(make_user, role, company) -> User:
    return make_boss(make_user, company) if role == "admin" else make_user(role, company=company)
