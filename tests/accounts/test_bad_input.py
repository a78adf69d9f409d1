"""Every account and company form: bad input gets an error next to the field, in the user's
language, changes nothing, and never a 500. Every POST needs its CSRF token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.accounts import uscc
from engage.accounts.auth import services
from engage.accounts.companies import services as org
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    User,
)
from engage.core.mail import OutboxMessage
from engage.extensions import db as _db
from tests.conftest import PASSWORD

HOSTILE = {
    "empty": "",
    "long": "x" * 10_000,
    "script": "<script>alert(1)</script>",
    "sql": "' OR 1=1 --",
    "nul": "ab\x00cd",
    "emoji": "😀🔥",
    "rtl": "\u202eexe.gnp",
    "number": "12345678901234567890",
}
EN = {"Accept-Language": "en"}
CHECKBOXES = {"is_active", "is_department_lead"}  # any value a browser sends means "ticked"
ZH = {"Accept-Language": "zh-CN"}


def _count(model) -> int:
    return _db.session.scalar(select(func.count(model.id)))


def _row(model, row_id, *fields):
    _db.session.expire_all()
    obj = _db.session.get(model, row_id)
    return tuple(getattr(obj, f) for f in fields)


class Case:
    """One form: where it posts, a valid submission, and what it may change."""

    def __init__(self, url, valid, snapshot, login=None):
        self.url, self.valid, self.snapshot = url, valid, snapshot
        self.login = login


def _company_admin(make_user, company):
    user = make_user("employee", company=company)
    user.company_role = CompanyRole.ADMIN
    _db.session.commit()
    return user


def build(name, make_user, make_company, make_area, make_department):
    """The case for form `name`, with what it needs in the database."""
    if name == "login":
        make_user(email="in@example.com")
        return Case("/auth/login", {"email": "in@example.com", "password": PASSWORD}, lambda: 0)
    if name == "signup":
        return Case(
            "/auth/signup",
            {
                "name": "张三",
                "email": "new@example.com",
                "password": "tea-garden-2026",
                "password_again": "tea-garden-2026",
                "locale": "zh_Hans",
            },
            lambda: _count(User),
        )
    if name == "forgot":
        make_user(email="known@example.com")
        return Case("/auth/forgot", {"email": "known@example.com"}, lambda: _count(OutboxMessage))
    if name == "reset":
        user = make_user()
        token = services.make_reset_token(user)
        return Case(
            f"/auth/reset/{token}",
            {"password": "river-stone-77", "password_again": "river-stone-77"},
            lambda: _row(User, user.id, "password_hash"),
        )
    if name == "password":
        user = make_user()
        return Case(
            "/auth/password",
            {
                "current_password": PASSWORD,
                "password": "river-stone-77",
                "password_again": "river-stone-77",
            },
            lambda: _row(User, user.id, "password_hash", "session_token"),
            login=user,
        )
    if name == "profile":
        user = make_user(name="原名", phone="13900000000")
        return Case(
            "/profile",
            {
                "name": "新名字",
                "phone": "0512-6555 0001",
                "locale": "en",
                "timezone": "Asia/Shanghai",
            },
            lambda: _row(User, user.id, "name", "phone", "locale", "timezone"),
            login=user,
        )
    admin = make_user("admin")
    if name == "area":
        return Case(
            "/admin/areas/new",
            {"code": "NEW", "name": "新片区", "name_en": "New", "description": "说明"},
            lambda: _count(FunctionalArea),
            login=admin,
        )
    if name == "area_edit":
        area = make_area(name="旧片区", code="OLD")
        return Case(
            f"/admin/areas/{area.id}",
            {"code": "OLD2", "name": "改名片区", "name_en": "", "description": ""},
            lambda: _row(FunctionalArea, area.id, "code", "name", "name_en", "description"),
            login=admin,
        )
    if name == "company":
        area = make_area()
        return Case(
            "/admin/companies/new",
            {
                "name": "新企业",
                "name_en": "New Co.",
                "uscc": uscc.complete("91320594MA1Y00001"),
                "area_id": str(area.id),
                "industry": "food",
                "address": "示范园区1号",
                "contact_name": "王工",
                "contact_phone": "0512-6555 0001",
                "is_active": "y",
            },
            lambda: _count(Company),
            login=admin,
        )
    if name == "company_edit":
        company = make_company(name="旧名称")
        fields = (
            "name",
            "name_en",
            "uscc",
            "area_id",
            "industry",
            "address",
            "contact_name",
            "contact_phone",
            "version",
        )
        return Case(
            f"/admin/companies/{company.id}",
            {
                "name": "新名称",
                "name_en": "",
                "uscc": company.uscc,
                "area_id": str(company.area_id),
                "industry": "food",
                "address": "",
                "contact_name": "",
                "contact_phone": "",
                "is_active": "y",
                "version": "1",
            },
            lambda: _row(Company, company.id, *fields),
            login=admin,
        )
    if name == "department":
        return Case(
            "/admin/departments/new",
            {"code": "FIRE", "name": "消防救援大队", "name_en": "Fire", "phone": "119"},
            lambda: _count(Department),
            login=admin,
        )
    if name == "user_edit":
        user, dept = make_user(), make_department()
        return Case(
            f"/admin/users/{user.id}",
            {
                "platform_role": "grid_officer",
                "department_id": str(dept.id),
                "is_department_lead": "y",
            },
            lambda: _row(User, user.id, "platform_role", "department_id", "is_department_lead"),
            login=admin,
        )
    if name == "user_active":
        user = make_user()
        return Case(
            f"/admin/users/{user.id}/active",
            {"active": "0"},
            lambda: _row(User, user.id, "active", "session_token"),
            login=admin,
        )
    if name == "join":
        company, person = make_company(), make_user()
        return Case(
            f"/companies/{company.id}/join",
            {"message": "我是生产部的"},
            lambda: _count(JoinRequest),
            login=person,
        )
    company = make_company()
    boss = _company_admin(make_user, company)
    if name == "decide":
        request = org.request_to_join(company, actor=make_user())
        _db.session.commit()
        return Case(
            f"/companies/{company.id}/requests/{request.id}",
            {"decision": "approve", "role": "employee", "note": "欢迎"},
            lambda: _row(JoinRequest, request.id, "status", "decision_note"),
            login=boss,
        )
    if name == "member_role":
        member = make_user("employee", company=company)
        return Case(
            f"/companies/{company.id}/members/{member.id}/role",
            {"role": "admin"},
            lambda: _row(User, member.id, "company_role"),
            login=boss,
        )
    raise ValueError(name)


FORMS = [
    "login",
    "signup",
    "forgot",
    "reset",
    "password",
    "profile",
    "area",
    "area_edit",
    "company",
    "company_edit",
    "department",
    "user_edit",
    "user_active",
    "join",
    "decide",
    "member_role",
]


def _clean(value) -> bool:
    text = str(value)
    return "\x00" not in text and "\u202e" not in text and "<script" not in text.lower()


@pytest.mark.parametrize("form", FORMS)
def test_bad_input_never_breaks_a_form(
    form, client, login_as, make_user, make_company, make_area, make_department
):
    case = build(form, make_user, make_company, make_area, make_department)
    for field in case.valid:
        for label, value in HOSTILE.items():
            if case.login is not None:
                login_as(case.login)
            else:
                with client.session_transaction() as session:
                    session.clear()
            before = case.snapshot()
            response = client.post(case.url, data={**case.valid, field: value}, headers=EN)
            where = f"{form}.{field}={label}"
            assert response.status_code < 500, where
            body = response.get_data(as_text=True)
            assert "<script>alert(1)</script>" not in body, where
            after = case.snapshot()
            if response.status_code == 200:
                assert after == before, f"{where} changed data although refused"
                assert "is-invalid" in body or "alert-danger" in body, where
            elif after != before:
                assert all(_clean(v) for v in (after if isinstance(after, tuple) else [after])), (
                    where
                )
            if label == "long" and field not in CHECKBOXES:
                assert after == before, f"{where}: 10,000 characters were accepted"


@pytest.mark.parametrize(
    "form, field, value, message",
    [
        ("signup", "email", "not-an-email", "Enter a valid email address."),
        ("signup", "name", "", "This field is required."),
        ("signup", "name", "<b>boss</b>", "Use plain text here"),
        ("profile", "phone", "call me", "Use digits, spaces"),
        ("profile", "timezone", "Mars/Olympus", "Not a valid choice"),
        ("company", "uscc", "91320594MA1Z0000X", "not a valid unified social credit code"),
        ("company", "area_id", "abc", "Invalid Choice"),
        ("company", "area_id", "999999", "Not a valid choice"),
        ("company", "industry", "weapons", "Not a valid choice"),
        ("area", "code", "湖东 片区", "Use letters, digits"),
    ],
)
def test_errors_are_shown_next_to_the_field_in_english(
    form,
    field,
    value,
    message,
    client,
    login_as,
    make_user,
    make_company,
    make_area,
    make_department,
):
    case = build(form, make_user, make_company, make_area, make_department)
    if case.login is not None:
        login_as(case.login)
    response = client.post(case.url, data={**case.valid, field: value}, headers=EN)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in body
    feedback = body.split(f'name="{field}"', 1)[1]
    assert "invalid-feedback" in feedback[:2000]


def test_errors_are_in_chinese_for_a_chinese_reader(client):
    response = client.post(
        "/auth/signup",
        headers=ZH,
        data={
            "name": "",
            "email": "x",
            "password": "1",
            "password_again": "2",
            "locale": "zh_Hans",
        },
    )
    body = response.get_data(as_text=True)
    assert "此项必填" in body and "请输入有效的邮箱地址" in body


def test_what_was_typed_is_kept_after_an_error(client):
    response = client.post(
        "/auth/signup",
        data={
            "name": "李四",
            "email": "li.si@example.com",
            "password": "short",
            "password_again": "short",
            "locale": "en",
        },
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'value="李四"' in body and 'value="li.si@example.com"' in body
    assert 'value="short"' not in body  # passwords are never sent back


def test_control_and_bidi_characters_are_stripped_from_names(client, login_as, make_user):
    user = make_user()
    login_as(user)
    client.post(
        "/profile",
        data={
            "name": "王\u202e五\x07",
            "phone": "",
            "locale": "zh_Hans",
            "timezone": "Asia/Shanghai",
        },
    )
    assert _db.session.get(User, user.id).name == "王五"


def test_hostile_query_strings_never_break_list_pages(client, login_as, make_user):
    login_as(make_user("admin"))
    for path in ("/admin/users", "/admin/companies", "/companies", "/companies/join"):
        for value in HOSTILE.values():
            for key in ("q", "page", "area", "industry"):
                response = client.get(path, query_string={key: value})
                assert response.status_code == 200, (path, key, value)
                assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


# CSRF


@pytest.mark.parametrize("form", FORMS + ["logout", "withdraw", "remove"])
def test_a_post_without_csrf_token_is_refused(
    form, csrf_app, client, login_as, make_user, make_company, make_area, make_department
):
    if form == "logout":
        user = make_user()
        url, data, snapshot = "/auth/logout", {}, lambda: _row(User, user.id, "session_token")
        login = user
    elif form == "withdraw":
        user = make_user()
        request = org.request_to_join(make_company(), actor=user)
        _db.session.commit()
        url, data, login = f"/companies/requests/{request.id}/withdraw", {}, user
        snapshot = lambda: _row(JoinRequest, request.id, "status")  # noqa: E731
    elif form == "remove":
        company = make_company()
        boss = _company_admin(make_user, company)
        member = make_user("employee", company=company)
        url, data, login = f"/companies/{company.id}/members/{member.id}/remove", {}, boss
        snapshot = lambda: _row(User, member.id, "company_id")  # noqa: E731
    else:
        case = build(form, make_user, make_company, make_area, make_department)
        url, data, snapshot, login = case.url, case.valid, case.snapshot, case.login
    if login is not None:
        login_as(login)
    before = snapshot()
    response = client.post(url, data=data, headers=EN)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_same_post_with_its_csrf_token_is_accepted(csrf_app, client):
    page = client.get("/auth/signup").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/auth/signup",
        data={
            "csrf_token": token,
            "name": "张三",
            "email": "z3@example.com",
            "password": "tea-garden-2026",
            "password_again": "tea-garden-2026",
            "locale": "zh_Hans",
        },
    )
    assert response.status_code == 302
