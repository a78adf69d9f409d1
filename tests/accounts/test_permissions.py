"""The permission grid for companies, areas, departments, users and join requests."""

from __future__ import annotations

import pytest

from engage.accounts.models import (
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    JoinStatus,
    User,
)
from engage.core.permissions import can
from engage.extensions import db as _db

ROLES = [
    "anonymous",
    "plain",
    "admin",
    "supervisor",
    "grid_officer",
    "department",
    "own_admin",
    "own_safety_manager",
    "own_employee",
    "other_admin",
    "other_employee",
]


@pytest.fixture
def people(make_user, make_company, make_department):
    own, other = make_company(), make_company()
    dept = make_department()

    def member(role, company):
        user = make_user("employee", company=company)
        user.company_role = CompanyRole(role)
        _db.session.commit()
        return user

    from flask_login import AnonymousUserMixin

    return own, {
        "anonymous": AnonymousUserMixin(),
        "plain": make_user(),
        "admin": make_user("admin"),
        "supervisor": make_user("supervisor"),
        "grid_officer": make_user("grid_officer"),
        "department": make_user("department", department=dept),
        "own_admin": member("admin", own),
        "own_safety_manager": member("safety_manager", own),
        "own_employee": member("employee", own),
        "other_admin": member("admin", other),
        "other_employee": member("employee", other),
    }


EXPECTED = {
    # action on the own company: roles allowed
    "view": {
        "plain",
        "admin",
        "supervisor",
        "grid_officer",
        "department",
        "own_admin",
        "own_safety_manager",
        "own_employee",
        "other_admin",
        "other_employee",
    },
    "view_private": {
        "admin",
        "supervisor",
        "grid_officer",
        "own_admin",
        "own_safety_manager",
        "own_employee",
    },
    "manage": {"admin"},
    "manage_members": {"admin", "own_admin"},
    "delete": set(),  # unknown actions are refused
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_company_permission_grid(people, action, role):
    company, users = people
    assert can(users[role], action, company) == (role in EXPECTED[action])


@pytest.mark.parametrize("role", ROLES)
def test_only_platform_admins_manage_areas_departments_and_users(people, role):
    _company, users = people
    allowed = role == "admin"
    assert can(users[role], "manage", FunctionalArea()) == allowed
    assert can(users[role], "manage", Department()) == allowed
    assert can(users[role], "manage", User()) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_decides_a_join_request(people, role, make_user):
    company, users = people
    request = JoinRequest(user=make_user(), company=company)
    _db.session.add(request)
    _db.session.commit()
    assert can(users[role], "decide", request) == (role in {"admin", "own_admin"})
    request.status = JoinStatus.APPROVED
    assert not can(users[role], "decide", request)


def test_an_inactive_company_is_seen_only_by_staff_and_its_people(people):
    company, users = people
    company.is_active = False
    assert not can(users["other_employee"], "view", company)
    assert can(users["own_employee"], "view", company)
    assert can(users["supervisor"], "view", company)
