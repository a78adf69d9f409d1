"""Who gets what from every accounts page: 404 for what one may not see, 403 for a
refused action on what one sees; every accounts endpoint has a row."""

from __future__ import annotations

import pytest

from engage.accounts.models import JoinRequest
from engage.extensions import db as _db
from tests.core.grid import Row, cases, check, uncovered

ALL_200 = dict.fromkeys(("anonymous", "a_employee", "b_manager", "supervisor", "admin"), 200)
SIGNED_IN = {"anonymous": 302, "a_employee": 200, "b_manager": 200, "supervisor": 200, "admin": 200}
ADMIN_ONLY = {
    "anonymous": 404,
    "a_employee": 404,
    "b_manager": 404,
    "supervisor": 404,
    "admin": 200,
}
# A's members page and what it changes: A's admins and platform admins; 404 to the rest.
A_MEMBERS_POST = {
    "anonymous": 302,
    "a_employee": 404,
    "b_manager": 404,
    "supervisor": 404,
    "admin": 302,
    "a_admin": 302,
}

GRID = [
    # auth
    Row(
        "accounts.auth.login",
        lambda w: "/auth/login",
        {"anonymous": 200, "a_employee": 302, "b_manager": 302, "supervisor": 302, "admin": 302},
    ),
    Row(
        "accounts.auth.logout",
        lambda w: "/auth/logout",
        dict.fromkeys(("anonymous", "a_employee", "b_manager", "supervisor", "admin"), 302),
        method="POST",
    ),
    Row(
        "accounts.auth.signup",
        lambda w: "/auth/signup",
        {"anonymous": 200, "a_employee": 302, "b_manager": 302, "supervisor": 302, "admin": 302},
    ),
    Row("accounts.auth.change_password", lambda w: "/auth/password", SIGNED_IN),
    Row("accounts.auth.forgot_password", lambda w: "/auth/forgot", ALL_200),
    Row(
        "accounts.auth.reset_password",
        lambda w: "/auth/reset/not-a-token",
        dict.fromkeys(("anonymous", "a_employee", "b_manager", "supervisor", "admin"), 302),
    ),
    Row("accounts.auth.profile", lambda w: "/profile", SIGNED_IN),
    # companies
    Row("accounts.companies.directory", lambda w: "/companies", SIGNED_IN),
    Row("accounts.companies.detail", lambda w: f"/companies/{w['a']}", SIGNED_IN),
    Row(
        "accounts.companies.detail",
        lambda w: f"/companies/{w['closed']}",
        {"anonymous": 302, "a_employee": 404, "b_manager": 404, "supervisor": 200, "admin": 200},
    ),
    Row(
        "accounts.companies.mine",
        lambda w: "/company",
        dict.fromkeys(("anonymous", "a_employee", "b_manager", "supervisor", "admin"), 302),
    ),
    Row("accounts.companies.join", lambda w: "/companies/join", SIGNED_IN),
    Row("accounts.companies.request_to_join", lambda w: f"/companies/{w['a']}/join", SIGNED_IN),
    Row(
        "accounts.companies.withdraw_request",
        lambda w: f"/companies/requests/{w['request']}/withdraw",
        {
            "anonymous": 302,
            "a_employee": 404,
            "b_manager": 404,
            "supervisor": 404,
            "admin": 404,
            "newcomer": 302,
        },
        method="POST",
    ),
    Row(
        "accounts.companies.members",
        lambda w: f"/companies/{w['a']}/members",
        {
            "anonymous": 302,
            "a_employee": 404,
            "b_manager": 404,
            "supervisor": 404,
            "admin": 200,
            "a_admin": 200,
        },
    ),
    Row(
        "accounts.companies.decide_request",
        lambda w: f"/companies/{w['a']}/requests/{w['request']}",
        A_MEMBERS_POST,
        method="POST",
        data={"decision": "refuse", "role": "employee"},
    ),
    Row(
        "accounts.companies.change_member_role",
        lambda w: f"/companies/{w['a']}/members/{w['a_employee']}/role",
        A_MEMBERS_POST,
        method="POST",
        data={"role": "safety_manager"},
    ),
    Row(
        "accounts.companies.remove_member",
        lambda w: f"/companies/{w['a']}/members/{w['a_employee']}/remove",
        A_MEMBERS_POST,
        method="POST",
    ),
    # admin
    Row("accounts.admin.areas", lambda w: "/admin/areas", ADMIN_ONLY),
    Row("accounts.admin.create_area", lambda w: "/admin/areas/new", ADMIN_ONLY),
    Row("accounts.admin.edit_area", lambda w: f"/admin/areas/{w['area']}", ADMIN_ONLY),
    Row("accounts.admin.companies", lambda w: "/admin/companies", ADMIN_ONLY),
    Row("accounts.admin.create_company", lambda w: "/admin/companies/new", ADMIN_ONLY),
    Row("accounts.admin.edit_company", lambda w: f"/admin/companies/{w['a']}", ADMIN_ONLY),
    Row("accounts.admin.departments", lambda w: "/admin/departments", ADMIN_ONLY),
    Row("accounts.admin.create_department", lambda w: "/admin/departments/new", ADMIN_ONLY),
    Row(
        "accounts.admin.edit_department",
        lambda w: f"/admin/departments/{w['department']}",
        ADMIN_ONLY,
    ),
    Row("accounts.admin.users", lambda w: "/admin/users", ADMIN_ONLY),
    Row("accounts.admin.edit_user", lambda w: f"/admin/users/{w['a_employee']}", ADMIN_ONLY),
    Row(
        "accounts.admin.users", lambda w: f"/admin/users?company={w['a']}&role=employee", ADMIN_ONLY
    ),
    Row("accounts.admin.import_users", lambda w: "/admin/users/import", ADMIN_ONLY),
    Row(
        "accounts.admin.import_users",
        lambda w: "/admin/users/import",
        {**ADMIN_ONLY, "admin": 400},  # no file chosen
        method="POST",
    ),
    Row(
        "accounts.admin.import_template", lambda w: "/admin/users/import-template.xlsx", ADMIN_ONLY
    ),
    Row(
        "accounts.admin.set_user_active",
        lambda w: f"/admin/users/{w['a_employee']}/active",
        {**ADMIN_ONLY, "admin": 302},
        method="POST",
        data={"active": "0"},
    ),
]


@pytest.fixture
def world(cast, make_company):
    closed = make_company("停业企业", area=cast.area)
    closed.is_active = False
    request = JoinRequest(user=cast.newcomer, company=cast.company_a)
    _db.session.add(request)
    _db.session.commit()
    return {
        "a": cast.company_a.id,
        "closed": closed.id,
        "request": request.id,
        "a_employee": cast.a_employee.id,
        "area": cast.area.id,
        "department": cast.department.id,
    }


def test_every_accounts_endpoint_has_a_row(app):
    assert uncovered(app, ("accounts.",), GRID) == []


@pytest.mark.parametrize(("row", "role"), cases(GRID))
def test_access(client, login_as, cast, world, row, role):
    check(client, login_as, cast, world, row, role)
