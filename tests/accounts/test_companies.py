"""Companies, areas, departments, users; joining a company and managing its members."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.accounts import companies as org
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
from engage.core.audit import AuditEntry
from engage.core.notifications import Notification
from engage.core.permissions import PermissionDenied
from engage.extensions import db as _db

EN = {"Accept-Language": "en"}


def _audit(action: str) -> int:
    return _db.session.scalar(select(func.count(AuditEntry.id))
                              .where(AuditEntry.action == action))


def _boss(make_user, company, **kw) -> User:
    """A company admin (make_user("admin") alone is a platform admin)."""
    user = make_user("employee", company=company, **kw)
    user.company_role = CompanyRole.ADMIN
    _db.session.commit()
    return user


def _member(make_user, role, company) -> User:
    return _boss(make_user, company) if role == "admin" else make_user(role, company=company)


def _notes(user) -> list[Notification]:
    return list(_db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


# Admin pages: platform admins only, 404 for everyone else

ADMIN_PAGES = ["/admin/areas", "/admin/areas/new", "/admin/companies", "/admin/companies/new",
               "/admin/departments", "/admin/departments/new", "/admin/users"]


@pytest.mark.parametrize("role", [None, "supervisor", "grid_officer", "admin@company",
                                  "safety_manager@company", "employee@company", "department"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_404_for_everyone_but_platform_admins(client, make_user, make_company,
                                                             make_department, login_as,
                                                             role, path):
    if role is not None:
        name, _, at = role.partition("@")
        if at:
            user = _member(make_user, name, make_company())
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
    assert client.post("/admin/areas/new", data={
        "code": "HD", "name": "湖东片区", "name_en": "Lake East", "description": ""}
    ).status_code == 302
    area = _db.session.scalar(select(FunctionalArea))
    code = uscc.complete("91320594MA1X00001")
    response = client.post("/admin/companies/new", data={
        "name": "测试电子有限公司", "name_en": "", "uscc": code.lower(), "area_id": area.id,
        "industry": "electronics", "address": "示范园区澄湖路1号", "contact_name": "王工",
        "contact_phone": "0512-6555 0001", "is_active": "y"})
    assert response.status_code == 302
    company = _db.session.scalar(select(Company))
    assert company.uscc == code and company.area_id == area.id and company.version == 1
    assert client.post("/admin/departments/new", data={
        "code": "FIRE", "name": "消防救援大队", "name_en": "Fire", "phone": "119"}
    ).status_code == 302
    assert _db.session.scalar(select(Department)).name == "消防救援大队"
    assert _audit("area.created") == _audit("company.created") == _audit("department.created") == 1


def test_a_bad_credit_code_is_refused_next_to_the_field(client, make_user, make_area, login_as):
    area = make_area()
    login_as(make_user("admin"))
    good = uscc.complete("91320594MA1X00001")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post("/admin/companies/new", headers=EN, data={
        "name": "某公司", "uscc": bad, "area_id": area.id, "industry": "food"})
    assert response.status_code == 200
    assert "not a valid unified social credit code" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Company.id))) == 0


def test_a_duplicate_credit_code_is_refused(client, make_user, make_company, login_as):
    existing = make_company()
    login_as(make_user("admin"))
    response = client.post("/admin/companies/new", headers=EN, data={
        "name": "重复公司", "uscc": existing.uscc, "area_id": existing.area_id,
        "industry": "food"})
    assert "Another company has this unified social credit code." in response.get_data(
        as_text=True)
    assert _db.session.scalar(select(func.count(Company.id))) == 1


def test_a_stale_company_edit_is_refused(client, make_user, make_company, login_as):
    company = make_company(name="原名称")
    login_as(make_user("admin"))
    form = {"name": "第一人修改", "uscc": company.uscc, "area_id": company.area_id,
            "industry": "food", "version": "1"}
    assert client.post(f"/admin/companies/{company.id}", data=form).status_code == 302
    form["name"] = "第二人修改"  # loaded at version 1 too
    response = client.post(f"/admin/companies/{company.id}", data=form, headers=EN,
                           follow_redirects=True)
    assert "Someone else saved this company" in response.get_data(as_text=True)
    _db.session.expire_all()
    company = _db.session.get(Company, company.id)
    assert company.name == "第一人修改" and company.version == 2


def test_admin_sets_platform_role_and_department(client, make_user, make_department, login_as):
    admin, user, dept = make_user("admin"), make_user(), make_department()
    login_as(admin)
    response = client.post(f"/admin/users/{user.id}", data={
        "platform_role": "supervisor", "department_id": str(dept.id), "is_department_lead": "y"})
    assert response.status_code == 302
    user = _db.session.get(User, user.id)
    assert user.platform_role == PlatformRole.SUPERVISOR
    assert user.department_id == dept.id and user.is_department_lead
    assert _audit("user.roles_changed") == 1


def test_admin_cannot_drop_their_own_admin_role_or_deactivate_themself(client, make_user,
                                                                       login_as):
    admin = make_user("admin")
    login_as(admin)
    response = client.post(f"/admin/users/{admin.id}", headers=EN, data={
        "platform_role": "", "department_id": ""})
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
    assert "ouyang" not in client.get("/admin/users?q=%25_").get_data(as_text=True)
    client.post(f"/admin/users/{target.id}/active", data={"active": "1"})
    assert _db.session.get(User, target.id).active


@pytest.mark.parametrize("path", ["/admin/users", "/admin/companies", "/companies"])
def test_list_pages_run_the_same_queries_for_2_and_50_rows(client, make_user, make_area,
                                                          login_as, count_queries, db, path):
    admin = make_user("admin")
    area = make_area()

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            db.session.add(Company(name=f"企业{i:03d}", uscc=uscc.complete(f"91320594MA2{i:06d}"),
                                   area=area, industry="food"))
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


def test_members_page_runs_the_same_queries_for_2_and_50_members(client, make_user,
                                                                 make_company, login_as,
                                                                 count_queries, db):
    company = make_company()
    boss = _boss(make_user, company)
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
        db.session.add(Company(name=f"企业{i:03d}", uscc=uscc.complete(f"91320594MA3{i:06d}"),
                               area=area, industry="food"))
    db.session.commit()
    login_as(make_user("admin"))
    first = client.get("/admin/companies").get_data(as_text=True)
    assert "企业000" in first and "企业054" not in first
    second = client.get("/admin/companies?page=2").get_data(as_text=True)
    assert "企业054" in second
    for page in ("0", "-1", "abc", "99999999999999999999", "1e3"):
        assert client.get(f"/admin/companies?page={page}").status_code == 200


# The directory and the company page

def test_directory_shows_name_area_industry_but_not_private_contact(client, make_user,
                                                                    make_company, login_as):
    company = make_company(name="甲公司", address="机密路1号", contact_name="钱经理",
                           contact_phone="13900000000", industry="chemicals")
    outsider = make_user("employee", company=make_company(name="乙公司"))
    login_as(outsider)
    listing = client.get("/companies", headers=EN).get_data(as_text=True)
    assert "甲公司" in listing and "Chemicals" in listing
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "甲公司" in page
    for secret in ("机密路1号", "钱经理", "13900000000", company.uscc):
        assert secret not in page


@pytest.mark.parametrize("role", ["employee@own", "supervisor", "grid_officer", "admin"])
def test_staff_and_own_members_see_private_contact(client, make_user, make_company, login_as,
                                                   role):
    company = make_company(address="机密路1号", contact_phone="13900000000")
    name, _, own = role.partition("@")
    login_as(make_user(name, company=company if own else None))
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "机密路1号" in page and "13900000000" in page


def test_directory_filters_by_area_industry_and_name(client, make_user, make_company,
                                                     make_area, login_as):
    area = make_area()
    make_company(name="东方食品", area=area, industry="food")
    make_company(name="西部化工", industry="chemicals")
    login_as(make_user())
    assert "西部化工" not in client.get(f"/companies?area={area.id}").get_data(as_text=True)
    assert "东方食品" not in client.get("/companies?industry=chemicals").get_data(as_text=True)
    assert "东方食品" in client.get("/companies?q=食品").get_data(as_text=True)
    for odd in ("area=abc", "area=-5", "area=99999999999999999", "industry=<script>",
                "q=%00", "q=" + "x" * 5000):
        assert client.get(f"/companies?{odd}").status_code == 200


def test_inactive_company_is_hidden_from_outsiders(client, make_user, make_company, login_as):
    company = make_company(is_active=False)
    login_as(make_user())
    assert client.get(f"/companies/{company.id}").status_code == 404


def test_directory_needs_sign_in(client, make_company):
    company = make_company()
    assert client.get("/companies").status_code == 302
    assert client.get(f"/companies/{company.id}").status_code == 302


# Joining a company

def test_a_person_asks_to_join_and_the_company_admin_approves(client, make_user, make_company,
                                                              login_as, app):
    company = make_company(name="甲公司")
    boss = _boss(make_user, company)
    person = make_user(name="新人")
    login_as(person)
    assert "甲公司" in client.get("/companies/join?q=甲").get_data(as_text=True)
    response = client.post(f"/companies/{company.id}/join", data={"message": "生产部技术员"})
    assert response.status_code == 302
    request = _db.session.scalar(select(JoinRequest))
    assert request.status == JoinStatus.PENDING and request.message == "生产部技术员"
    assert [n.kind for n in _notes(boss)] == ["account.join_requested"]
    assert "新人" in _notes(boss)[0].message

    login_as(boss)
    page = client.get(f"/companies/{company.id}/members").get_data(as_text=True)
    assert "新人" in page and "生产部技术员" in page
    response = client.post(f"/companies/{company.id}/requests/{request.id}",
                           data={"decision": "approve", "role": "safety_manager", "note": ""})
    assert response.status_code == 302
    _db.session.expire_all()
    person = _db.session.get(User, person.id)
    assert person.company_id == company.id and person.company_role == CompanyRole.SAFETY_MANAGER
    assert _db.session.get(JoinRequest, request.id).status == JoinStatus.APPROVED
    assert [n.kind for n in _notes(person)] == ["account.join_approved"]
    assert _audit("company.join_requested") == _audit("company.join_approved") == 1


def test_a_refused_request_notifies_the_person_with_the_note(client, make_user, make_company,
                                                             login_as):
    company = make_company()
    boss, person = _boss(make_user, company), make_user()
    request = org.request_to_join(company, actor=person)
    _db.session.commit()
    login_as(boss)
    client.post(f"/companies/{company.id}/requests/{request.id}",
                data={"decision": "refuse", "role": "employee", "note": "查无此人"})
    _db.session.expire_all()
    request = _db.session.get(JoinRequest, request.id)
    assert request.status == JoinStatus.REFUSED and request.decision_note == "查无此人"
    assert _db.session.get(User, person.id).company_id is None
    assert [n.kind for n in _notes(person)] == ["account.join_refused"]


def test_at_most_one_pending_request(make_user, make_company):
    first, second = make_company(), make_company()
    person = make_user()
    org.request_to_join(first, actor=person)
    _db.session.commit()
    with pytest.raises(org.AlreadyPending):
        org.request_to_join(second, actor=person)
    _db.session.rollback()
    assert _db.session.scalar(select(func.count(JoinRequest.id))) == 1


def test_the_partial_unique_index_refuses_a_second_pending_request(make_user, make_company,
                                                                  db):
    from sqlalchemy.exc import IntegrityError

    person, company = make_user(), make_company()
    db.session.add(JoinRequest(user=person, company=company))
    db.session.commit()
    db.session.add(JoinRequest(user=person, company=company))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(JoinRequest(user=person, company=company, status=JoinStatus.REFUSED))
    db.session.commit()


def test_a_withdrawn_request_allows_a_new_one(client, make_user, make_company, login_as):
    first, second = make_company(), make_company()
    person = make_user()
    request = org.request_to_join(first, actor=person)
    _db.session.commit()
    login_as(person)
    client.post(f"/companies/requests/{request.id}/withdraw")
    assert _db.session.get(JoinRequest, request.id).status == JoinStatus.WITHDRAWN
    assert client.post(f"/companies/{second.id}/join", data={}).status_code == 302
    assert _db.session.scalar(select(func.count(JoinRequest.id)).where(
        JoinRequest.status == JoinStatus.PENDING)) == 1


def test_someone_elses_request_cannot_be_withdrawn(client, make_user, make_company, login_as):
    request = org.request_to_join(make_company(), actor=make_user())
    _db.session.commit()
    login_as(make_user())
    assert client.post(f"/companies/requests/{request.id}/withdraw").status_code == 404


def test_a_member_cannot_ask_to_join_another_company(make_user, make_company):
    member = make_user("employee", company=make_company())
    with pytest.raises(org.OrganisationError):
        org.request_to_join(make_company(), actor=member)


def test_a_company_without_admin_sends_requests_to_platform_admins(make_user, make_company):
    admin = make_user("admin")
    org.request_to_join(make_company(), actor=make_user())
    _db.session.commit()
    assert [n.kind for n in _notes(admin)] == ["account.join_requested"]


def test_a_request_cannot_be_decided_twice_or_by_an_employee(make_user, make_company):
    company = make_company()
    boss, employee = _boss(make_user, company), make_user("employee", company=company)
    request = org.request_to_join(company, actor=make_user())
    _db.session.commit()
    with pytest.raises(PermissionDenied):
        org.decide_request(request, approve=True, actor=employee)
    org.decide_request(request, approve=True, actor=boss)
    _db.session.commit()
    with pytest.raises(PermissionDenied):
        org.decide_request(request, approve=False, actor=boss)


def test_approval_only_gives_employee_or_safety_manager(make_user, make_company):
    company = make_company()
    boss = _boss(make_user, company)
    request = org.request_to_join(company, actor=make_user())
    with pytest.raises(org.OrganisationError):
        org.decide_request(request, approve=True, role="admin", actor=boss)


# Another company's private pages answer 404

@pytest.mark.parametrize("role", ["admin", "safety_manager", "employee"])
def test_another_companys_members_page_is_404(client, make_user, make_company, login_as, role):
    mine, theirs = make_company(), make_company()
    their_member = make_user("employee", company=theirs)
    request = org.request_to_join(theirs, actor=make_user())
    _db.session.commit()
    login_as(_member(make_user, role, mine))
    assert client.get(f"/companies/{theirs.id}/members").status_code == 404
    assert client.post(f"/companies/{theirs.id}/requests/{request.id}",
                       data={"decision": "approve", "role": "employee"}).status_code == 404
    assert client.post(f"/companies/{theirs.id}/members/{their_member.id}/role",
                       data={"role": "admin"}).status_code == 404
    assert client.post(f"/companies/{theirs.id}/members/{their_member.id}/remove"
                       ).status_code == 404
    _db.session.expire_all()
    assert _db.session.get(User, their_member.id).company_id == theirs.id
    assert _db.session.get(JoinRequest, request.id).status == JoinStatus.PENDING


@pytest.mark.parametrize("role", ["safety_manager", "employee"])
def test_own_members_page_is_for_company_admins_only(client, make_user, make_company, login_as,
                                                     role):
    company = make_company()
    login_as(make_user(role, company=company))
    assert client.get(f"/companies/{company.id}/members").status_code == 404


def test_a_member_of_another_company_cannot_be_reached_through_my_company(
        client, make_user, make_company, login_as):
    mine, theirs = make_company(), make_company()
    outsider = make_user("employee", company=theirs)
    login_as(_boss(make_user, mine))
    assert client.post(f"/companies/{mine.id}/members/{outsider.id}/remove").status_code == 404


# Managing members

def test_company_admin_changes_a_role_and_removes_a_member(client, make_user, make_company,
                                                          login_as):
    company = make_company()
    boss, member = _boss(make_user, company), make_user("employee", company=company)
    login_as(boss)
    client.post(f"/companies/{company.id}/members/{member.id}/role", data={"role": "admin"})
    _db.session.expire_all()
    assert _db.session.get(User, member.id).company_role == CompanyRole.ADMIN
    assert [n.kind for n in _notes(member)] == ["account.role_changed"]
    client.post(f"/companies/{company.id}/members/{member.id}/remove")
    _db.session.expire_all()
    member = _db.session.get(User, member.id)
    assert member.company_id is None and member.company_role is None
    assert _audit("company.member_role_changed") == _audit("company.member_removed") == 1


def test_a_company_keeps_at_least_one_admin(client, make_user, make_company, login_as):
    company = make_company()
    boss = _boss(make_user, company)
    login_as(boss)
    response = client.post(f"/companies/{company.id}/members/{boss.id}/role",
                           data={"role": "employee"}, headers=EN, follow_redirects=True)
    assert "at least one admin" in response.get_data(as_text=True)
    client.post(f"/companies/{company.id}/members/{boss.id}/remove")
    _db.session.expire_all()
    boss = _db.session.get(User, boss.id)
    assert boss.company_role == CompanyRole.ADMIN and boss.company_id == company.id


def test_an_inactive_admin_does_not_count_as_the_remaining_admin(make_user, make_company):
    company = make_company()
    boss = _boss(make_user, company)
    _boss(make_user, company, active=False)
    with pytest.raises(org.LastAdmin):
        org.change_member_role(boss, "employee", actor=boss)


def test_with_two_admins_one_may_step_down(make_user, make_company):
    company = make_company()
    boss, other = _boss(make_user, company), _boss(make_user, company)
    org.change_member_role(boss, "employee", actor=boss)
    _db.session.commit()
    with pytest.raises(org.LastAdmin):
        org.change_member_role(other, "employee", actor=other)


def test_platform_admin_may_manage_any_company(client, make_user, make_company, login_as):
    company = make_company()
    member = make_user("employee", company=company)
    login_as(make_user("admin"))
    assert client.get(f"/companies/{company.id}/members").status_code == 200
    client.post(f"/companies/{company.id}/members/{member.id}/role", data={"role": "admin"})
    assert _db.session.get(User, member.id).company_role == CompanyRole.ADMIN


def test_my_company_link_goes_to_my_company_or_to_joining(client, make_user, make_company,
                                                         login_as):
    company = make_company()
    login_as(make_user("employee", company=company))
    assert client.get("/company").headers["Location"] == f"/companies/{company.id}"
    login_as(make_user())
    assert client.get("/company").headers["Location"] == "/companies/join"


def test_unknown_ids_answer_404(client, make_user, login_as):
    login_as(make_user("admin"))
    for path in ("/companies/999", "/companies/99999999999999999999", "/admin/users/999",
                 "/admin/companies/99999999999", "/companies/999/members",
                 "/admin/areas/0", "/companies/999/join"):
        assert client.get(path).status_code == 404, path


def test_a_refused_change_leaves_no_audit_entry(client, make_user, make_company, login_as):
    company = make_company()
    boss = _boss(make_user, company)
    login_as(boss)
    client.post(f"/companies/{company.id}/members/{boss.id}/role", data={"role": "employee"})
    assert _audit("company.member_role_changed") == 0


def test_the_audit_entry_is_part_of_the_change_transaction(make_user, make_company):
    company = make_company()
    boss, member = _boss(make_user, company), make_user("employee", company=company)
    org.change_member_role(member, "safety_manager", actor=boss)
    _db.session.rollback()
    assert _audit("company.member_role_changed") == 0
    assert _db.session.get(User, member.id).company_role == CompanyRole.EMPLOYEE
