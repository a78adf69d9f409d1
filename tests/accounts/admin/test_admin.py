"""The admin pages: functional areas, companies, departments and users."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.accounts import uscc
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    PlatformRole,
    User,
)
from engage.extensions import db as _db
from tests.accounts.helpers import EN, audit_count, make_boss, make_member

# Admin pages: platform admins only, 404 for everyone else

ADMIN_PAGES = [
    "/admin/areas",
    "/admin/areas/new",
    "/admin/companies",
    "/admin/companies/new",
    "/admin/departments",
    "/admin/departments/new",
    "/admin/users",
]


@pytest.mark.parametrize(
    "role",
    [
        None,
        "supervisor",
        "grid_officer",
        "admin@company",
        "safety_manager@company",
        "employee@company",
        "department",
    ],
)
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_404_for_everyone_but_platform_admins(
    client, make_user, make_company, make_department, login_as, role, path
):
    if role is not None:
        name, _, at = role.partition("@")
        if at:
            user = make_member(make_user, name, make_company())
        else:
            user = make_user(name, department=make_department() if name == "department" else None)
        login_as(user)
    assert client.get(path).status_code == 404
    if path.endswith("/new"):
        assert client.post(path, data={"name": "x", "code": "X"}).status_code == 404


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_answer_platform_admins(client, make_user, make_area, login_as, path):
    make_area()
    login_as(make_user("admin"))
    assert client.get(path).status_code == 200


def test_admin_creates_an_area_a_company_and_a_department(client, make_user, login_as):
    login_as(make_user("admin"))
    assert (
        client.post(
            "/admin/areas/new",
            data={"code": "HD", "name": "湖东片区", "name_en": "Lake East", "description": ""},
        ).status_code
        == 302
    )
    area = _db.session.scalar(select(FunctionalArea))
    code = uscc.complete("91320594MA1X00001")
    response = client.post(
        "/admin/companies/new",
        data={
            "name": "测试电子有限公司",
            "name_en": "",
            "uscc": code.lower(),
            "area_id": area.id,
            "industry": "electronics",
            "address": "示范园区澄湖路1号",
            "contact_name": "王工",
            "contact_phone": "0512-6555 0001",
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    company = _db.session.scalar(select(Company))
    assert company.uscc == code and company.area_id == area.id and company.version == 1
    assert (
        client.post(
            "/admin/departments/new",
            data={"code": "FIRE", "name": "消防救援大队", "name_en": "Fire", "phone": "119"},
        ).status_code
        == 302
    )
    assert _db.session.scalar(select(Department)).name == "消防救援大队"
    assert (
        audit_count("area.created")
        == audit_count("company.created")
        == audit_count("department.created")
        == 1
    )


def test_a_bad_credit_code_is_refused_next_to_the_field(client, make_user, make_area, login_as):
    area = make_area()
    login_as(make_user("admin"))
    good = uscc.complete("91320594MA1X00001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post(
        "/admin/companies/new",
        headers=EN,
        data={"name": "某公司", "uscc": bad, "area_id": area.id, "industry": "food"},
    )
    assert response.status_code == 200
    assert "not a valid unified social credit code" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Company.id))) == 0


def test_a_duplicate_credit_code_is_refused(client, make_user, make_company, login_as):
    existing = make_company()
    login_as(make_user("admin"))
    response = client.post(
        "/admin/companies/new",
        headers=EN,
        data={
            "name": "重复公司",
            "uscc": existing.uscc,
            "area_id": existing.area_id,
            "industry": "food",
        },
    )
    assert "Another company has this unified social credit code." in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Company.id))) == 1


def test_a_stale_company_edit_is_refused(client, make_user, make_company, login_as):
    company = make_company(name="原名称")
    login_as(make_user("admin"))
    form = {
        "name": "第一人修改",
        "uscc": company.uscc,
        "area_id": company.area_id,
        "industry": "food",
        "version": "1",
    }
    assert client.post(f"/admin/companies/{company.id}", data=form).status_code == 302
    form["name"] = "第二人修改"  # loaded at version 1 too
    response = client.post(
        f"/admin/companies/{company.id}", data=form, headers=EN, follow_redirects=True
    )
    assert "Someone else saved this company" in response.get_data(as_text=True)
    _db.session.expire_all()
    company = _db.session.get(Company, company.id)
    assert company.name == "第一人修改" and company.version == 2


def test_admin_sets_platform_role_and_department(client, make_user, make_department, login_as):
    admin, user, dept = make_user("admin"), make_user(), make_department()
    login_as(admin)
    response = client.post(
        f"/admin/users/{user.id}",
        data={
            "platform_role": "supervisor",
            "department_id": str(dept.id),
            "is_department_lead": "y",
        },
    )
    assert response.status_code == 302
    user = _db.session.get(User, user.id)
    assert user.platform_role == PlatformRole.SUPERVISOR
    assert user.department_id == dept.id and user.is_department_lead
    assert audit_count("user.roles_changed") == 1


def test_admin_cannot_drop_their_own_admin_role_or_deactivate_themself(client, make_user, login_as):
    admin = make_user("admin")
    login_as(admin)
    response = client.post(
        f"/admin/users/{admin.id}", headers=EN, data={"platform_role": "", "department_id": ""}
    )
    assert "You cannot remove your own admin role." in response.get_data(as_text=True)
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    admin = _db.session.get(User, admin.id)
    assert admin.is_admin and admin.active


def test_admin_user_search_and_reactivation(client, make_user, login_as):
    login_as(make_user("admin"))
    target = make_user(name="欧阳青", email="ouyang@example.com", active=False)
    page = client.get("/admin/users?q=欧阳").get_data(as_text=True)
    assert "ouyang@example.com" in page
    assert "ouyang" in client.get("/admin/users?q=OUYANG").get_data(as_text=True)
    wildcard = client.get("/admin/users?q=%25_")
    assert wildcard.status_code == 200 and 'name="q"' in wildcard.get_data(as_text=True)
    assert "ouyang" not in wildcard.get_data(as_text=True)
    client.post(f"/admin/users/{target.id}/active", data={"active": "1"})
    assert _db.session.get(User, target.id).active


@pytest.mark.parametrize("path", ["/admin/users", "/admin/companies", "/companies"])
def test_list_pages_run_the_same_queries_for_2_and_50_rows(
    client, make_user, make_area, login_as, count_queries, db, path
):
    admin = make_user("admin")
    area = make_area()

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            db.session.add(
                Company(
                    name=f"企业{i:03d}",
                    uscc=uscc.complete(f"91320594MA2{i:06d}"),
                    area=area,
                    industry="food",
                )
            )
            db.session.add(User(email=f"u{i}@example.com", name=f"用户{i}", password_hash="x"))
        db.session.commit()

    login_as(admin)
    first = 1 if path == "/admin/users" else 2  # the admin is a row of the user list
    add(first, 0)
    client.get(path)
    _db.session.expire_all()
    with count_queries() as small:
        assert client.get(path).status_code == 200
    add(48, first)
    _db.session.expire_all()
    with count_queries() as large:
        body = client.get(path).get_data(as_text=True)
    assert "企业049" in body or "用户48" in body
    assert small.count == large.count


def test_members_page_runs_the_same_queries_for_2_and_50_members(
    client, make_user, make_company, login_as, count_queries, db
):
    company = make_company()
    boss = make_boss(make_user, company)
    login_as(boss)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = User(email=f"m{i}@example.com", name=f"成员{i:02d}", password_hash="x")
            if i % 2:
                person.company, person.company_role = company, CompanyRole.EMPLOYEE
                db.session.add(person)
            else:
                db.session.add(person)
                db.session.flush()
                db.session.add(JoinRequest(user=person, company=company))
        db.session.commit()

    add(2, 0)
    _db.session.expire_all()
    with count_queries() as small:
        assert client.get(f"/companies/{company.id}/members").status_code == 200
    add(48, 2)
    _db.session.expire_all()
    with count_queries() as large:
        body = client.get(f"/companies/{company.id}/members").get_data(as_text=True)
    assert "成员49" in body and "成员48" in body
    assert small.count == large.count


def test_list_pages_paginate(client, make_user, make_area, login_as, db):
    area = make_area()
    for i in range(55):
        db.session.add(
            Company(
                name=f"企业{i:03d}",
                uscc=uscc.complete(f"91320594MA3{i:06d}"),
                area=area,
                industry="food",
            )
        )
    db.session.commit()
    login_as(make_user("admin"))
    first = client.get("/admin/companies").get_data(as_text=True)
    assert "企业000" in first and "企业054" not in first
    second = client.get("/admin/companies?page=2").get_data(as_text=True)
    assert "企业054" in second
    for page in ("0", "-1", "abc", "99999999999999999999", "1e3"):
        assert client.get(f"/admin/companies?page={page}").status_code == 200
