"""Users, sign-in, companies, functional areas, departments and roles.

Every domain may import accounts: its models (`engage.accounts.models`) and what
this module exports.
"""

from __future__ import annotations

from sqlalchemy import select

from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.extensions import db


def all_areas() -> list[FunctionalArea]:
    """Every functional area, in code order: the one list every picker shows."""
    return list(db.session.scalars(select(FunctionalArea).order_by(FunctionalArea.code)))


def all_departments() -> list[Department]:
    """Every department, in code order."""
    return list(db.session.scalars(select(Department).order_by(Department.code)))


__all__ = [
    "Company",
    "CompanyRole",
    "Department",
    "FunctionalArea",
    "PlatformRole",
    "User",
    "all_areas",
    "all_departments",
]
