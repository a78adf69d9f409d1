"""The company directory, joining a company, and managing its members."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.accounts.companies import services as org
from engage.accounts.models import (
    CompanyRole,
    JoinRequest,
    JoinStatus,
    User,
)
from engage.core.notifications import Notification
from engage.core.permissions import PermissionDenied
from engage.extensions import db as _db
from tests.accounts.helpers import EN, audit_count, make_boss, make_member


def _notes(user) -> list[Notification]:
    return list(_db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


# The directory and the company page


def test_directory_shows_name_area_industry_but_not_private_contact(
    client, make_user, make_company, login_as
):
    company = make_company(
        name="甲公司",
        address="机密路1号",
        contact_name="钱经理",
        contact_phone="13900000000",
        industry="chemicals",
    )
    outsider = make_user("employee", company=make_company(name="乙公司"))
    login_as(outsider)
    listing = client.get("/companies", headers=EN).get_data(as_text=True)
    assert "甲公司" in listing and "Chemicals" in listing
    response = client.get(f"/companies/{company.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "甲公司" in page
    for secret in ("机密路1号", "钱经理", "13900000000", company.uscc):
        assert secret not in page


@pytest.mark.parametrize("role", ["employee@own", "supervisor", "grid_officer", "admin"])
def test_staff_and_own_members_see_private_contact(client, make_user, make_company, login_as, role):
    company = make_company(address="机密路1号", contact_phone="13900000000")
    name, _, own = role.partition("@")
    login_as(make_user(name, company=company if own else None))
    page = client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "机密路1号" in page and "13900000000" in page


def test_directory_filters_by_area_industry_and_name(
    client, make_user, make_company, make_area, login_as
):
    area = make_area()
    make_company(name="东方食品", area=area, industry="food")
    make_company(name="西部化工", industry="chemicals")
    login_as(make_user())
    assert "西部化工" not in client.get(f"/companies?area={area.id}").get_data(as_text=True)
    assert "东方食品" not in client.get("/companies?industry=chemicals").get_data(as_text=True)
    assert "东方食品" in client.get("/companies?q=食品").get_data(as_text=True)
    for odd in (
        "area=abc",
        "area=-5",
        "area=99999999999999999",
        "industry=<script>",
        "q=%00",
        "q=" + "x" * 5000,
    ):
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


def test_a_person_asks_to_join_and_the_company_admin_approves(
    client, make_user, make_company, login_as, app
):
    company = make_company(name="甲公司")
    boss = make_boss(make_user, company)
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
    response = client.post(
        f"/companies/{company.id}/requests/{request.id}",
        data={"decision": "approve", "role": "safety_manager", "note": ""},
    )
    assert response.status_code == 302
    _db.session.expire_all()
    person = _db.session.get(User, person.id)
    assert person.company_id == company.id and person.company_role == CompanyRole.SAFETY_MANAGER
    assert _db.session.get(JoinRequest, request.id).status == JoinStatus.APPROVED
    assert [n.kind for n in _notes(person)] == ["account.join_approved"]
    assert audit_count("company.join_requested") == audit_count("company.join_approved") == 1


def test_a_refused_request_notifies_the_person_with_the_note(
    client, make_user, make_company, login_as
):
    company = make_company()
    boss, person = make_boss(make_user, company), make_user()
    request = org.request_to_join(company, actor=person)
    _db.session.commit()
    login_as(boss)
    client.post(
        f"/companies/{company.id}/requests/{request.id}",
        data={"decision": "refuse", "role": "employee", "note": "查无此人"},
    )
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


def test_the_partial_unique_index_refuses_a_second_pending_request(make_user, make_company, db):
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
    assert (
        _db.session.scalar(
            select(func.count(JoinRequest.id)).where(JoinRequest.status == JoinStatus.PENDING)
        )
        == 1
    )


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
    boss, employee = make_boss(make_user, company), make_user("employee", company=company)
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
    boss = make_boss(make_user, company)
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
    login_as(make_member(make_user, role, mine))
    assert client.get(f"/companies/{theirs.id}/members").status_code == 404
    assert (
        client.post(
            f"/companies/{theirs.id}/requests/{request.id}",
            data={"decision": "approve", "role": "employee"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/companies/{theirs.id}/members/{their_member.id}/role", data={"role": "admin"}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/companies/{theirs.id}/members/{their_member.id}/remove").status_code == 404
    )
    _db.session.expire_all()
    assert _db.session.get(User, their_member.id).company_id == theirs.id
    assert _db.session.get(JoinRequest, request.id).status == JoinStatus.PENDING


@pytest.mark.parametrize("role", ["safety_manager", "employee"])
def test_own_members_page_is_for_company_admins_only(
    client, make_user, make_company, login_as, role
):
    company = make_company()
    login_as(make_user(role, company=company))
    assert client.get(f"/companies/{company.id}/members").status_code == 404


def test_a_member_of_another_company_cannot_be_reached_through_my_company(
    client, make_user, make_company, login_as
):
    mine, theirs = make_company(), make_company()
    outsider = make_user("employee", company=theirs)
    login_as(make_boss(make_user, mine))
    assert client.post(f"/companies/{mine.id}/members/{outsider.id}/remove").status_code == 404


# Managing members


def test_company_admin_changes_a_role_and_removes_a_member(
    client, make_user, make_company, login_as
):
    company = make_company()
    boss, member = make_boss(make_user, company), make_user("employee", company=company)
    login_as(boss)
    client.post(f"/companies/{company.id}/members/{member.id}/role", data={"role": "admin"})
    _db.session.expire_all()
    assert _db.session.get(User, member.id).company_role == CompanyRole.ADMIN
    assert [n.kind for n in _notes(member)] == ["account.role_changed"]
    client.post(f"/companies/{company.id}/members/{member.id}/remove")
    _db.session.expire_all()
    member = _db.session.get(User, member.id)
    assert member.company_id is None and member.company_role is None
    assert audit_count("company.member_role_changed") == audit_count("company.member_removed") == 1


def test_a_company_keeps_at_least_one_admin(client, make_user, make_company, login_as):
    company = make_company()
    boss = make_boss(make_user, company)
    login_as(boss)
    response = client.post(
        f"/companies/{company.id}/members/{boss.id}/role",
        data={"role": "employee"},
        headers=EN,
        follow_redirects=True,
    )
    assert "at least one admin" in response.get_data(as_text=True)
    client.post(f"/companies/{company.id}/members/{boss.id}/remove")
    _db.session.expire_all()
    boss = _db.session.get(User, boss.id)
    assert boss.company_role == CompanyRole.ADMIN and boss.company_id == company.id


def test_an_inactive_admin_does_not_count_as_the_remaining_admin(make_user, make_company):
    company = make_company()
    boss = make_boss(make_user, company)
    make_boss(make_user, company, active=False)
    with pytest.raises(org.LastAdmin):
        org.change_member_role(boss, "employee", actor=boss)


def test_with_two_admins_one_may_step_down(make_user, make_company):
    company = make_company()
    boss, other = make_boss(make_user, company), make_boss(make_user, company)
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


def test_my_company_link_goes_to_my_company_or_to_joining(
    client, make_user, make_company, login_as
):
    company = make_company()
    login_as(make_user("employee", company=company))
    assert client.get("/company").headers["Location"] == f"/companies/{company.id}"
    login_as(make_user())
    assert client.get("/company").headers["Location"] == "/companies/join"


def test_unknown_ids_answer_404(client, make_user, login_as):
    login_as(make_user("admin"))
    for path in (
        "/companies/999",
        "/companies/99999999999999999999",
        "/admin/users/999",
        "/admin/companies/99999999999",
        "/companies/999/members",
        "/admin/areas/0",
        "/companies/999/join",
    ):
        assert client.get(path).status_code == 404, path


def test_a_refused_change_leaves_no_audit_entry(client, make_user, make_company, login_as):
    company = make_company()
    boss = make_boss(make_user, company)
    login_as(boss)
    client.post(f"/companies/{company.id}/members/{boss.id}/role", data={"role": "employee"})
    assert audit_count("company.member_role_changed") == 0


def test_the_audit_entry_is_part_of_the_change_transaction(make_user, make_company):
    company = make_company()
    boss, member = make_boss(make_user, company), make_user("employee", company=company)
    org.change_member_role(member, "safety_manager", actor=boss)
    _db.session.rollback()
    assert audit_count("company.member_role_changed") == 0
    assert _db.session.get(User, member.id).company_role == CompanyRole.EMPLOYEE
