"""Admins import many people from one sheet: all or nothing, each bad row named, and
every new person mailed a link to choose a password."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from engage.accounts.models import CompanyRole, PlatformRole, User
from engage.core.audit import AuditEntry
from engage.core.mail import OutboxMessage
from engage.extensions import db as _db

EN = {"Accept-Language": "en"}
HEAD = ["姓名", "邮箱", "企业", "部门", "角色"]


def _sheet(*rows, head=HEAD) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, data: bytes):
    return client.post(
        "/admin/users/import",
        data={"file": (io.BytesIO(data), "people.xlsx")},
        content_type="multipart/form-data",
        headers=EN,
    )


def _users() -> int:
    return _db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def office(make_user, make_company, make_department, login_as):
    admin = make_user("admin", locale="en")
    login_as(admin)
    return {
        "admin": admin,
        "company": make_company("苏州示例精密制造有限公司"),
        "other": make_company("乙公司"),
        "department": make_department("应急管理局", code="EM"),
    }


def test_a_good_sheet_makes_every_account_and_mails_each_a_password_link(client, office):
    company = office["company"]
    data = _sheet(
        ["张三", "ZhangSan@Example.com", "苏州示例精密制造有限公司", "", "安全管理员"],
        ["李四", "lisi@example.com", office["other"].uscc, None, ""],
        ["王五", "wangwu@example.com", "", "", "监管员"],
        ["赵六", "zhaoliu@example.com", "", "EM", "部门负责人"],
    )
    response = _post(client, data)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    by_email = {u.email: u for u in _db.session.scalars(select(User))}
    zhang = by_email["zhangsan@example.com"]
    assert zhang.company_id == company.id and zhang.company_role == CompanyRole.SAFETY_MANAGER
    li = by_email["lisi@example.com"]
    assert li.company_id == office["other"].id and li.company_role == CompanyRole.EMPLOYEE
    assert by_email["wangwu@example.com"].platform_role == PlatformRole.SUPERVISOR
    zhao = by_email["zhaoliu@example.com"]
    assert zhao.department_id == office["department"].id and zhao.is_department_lead
    assert not zhang.check_password("")  # no password anyone knows
    mails = _db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to for m in mails] == [
        "zhangsan@example.com",
        "lisi@example.com",
        "wangwu@example.com",
        "zhaoliu@example.com",
    ]
    assert (
        _db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "account.imported")
        )
        == 4
    )
    # The link in the mail lets the person choose a password and sign in.
    link = re.search(r"http\S+/auth/reset/\S+", mails[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.get("/auth/logout")
    assert client.get(path).status_code == 200
    response = client.post(
        path, data={"password": "river-stone-77", "password_again": "river-stone-77"}
    )
    assert response.status_code == 302
    assert _db.session.get(User, zhang.id).check_password("river-stone-77")
    assert client.get(path).status_code in (302, 404)  # used once, it works no more


def test_the_welcome_link_lasts_days_not_the_reset_links_hours(client, office):
    _post(client, _sheet(["张三", "zhangsan@example.com", "", "", ""]))
    mail = _db.session.scalars(select(OutboxMessage)).one()
    assert "请在 7 天内" in mail.body  # a new person reads Chinese until they choose
    path = "/auth/reset/" + re.search(r"/auth/reset/(\S+)", mail.body).group(1)
    client.get("/auth/logout")
    sent = datetime.now(UTC)
    with time_machine.travel(sent + timedelta(days=6, hours=23), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(sent + timedelta(days=7, hours=1), tick=False):
        assert client.get(path).status_code != 200


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["甲", "taken@example.com", "", "", ""], "taken@example.com already has an account."),
        (
            ["甲", "ok@example.com", "不存在的公司", "", "员工"],
            "No company is named “不存在的公司”",
        ),
        (["甲", "ok@example.com", "乙公司", "", "老板"], "Unknown role “老板”"),
        (["甲", "not-an-email", "", "", ""], "“not-an-email” is not an email address."),
        (["", "ok@example.com", "", "", ""], "The name is empty."),
        (["甲", "ok@example.com", "", "", "员工"], "A company role needs the company."),
        (["甲", "ok@example.com", "", "不存在的部门", ""], "No department is called"),
        (["甲", "ok@example.com", "乙公司", "", "监管员"], "belongs to the park"),
        (["甲", "first@example.com", "", "", ""], "first@example.com is also in row 2."),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_row_and_reason(
    client, make_user, office, row, reason
):
    make_user(email="taken@example.com")
    before = _users()
    response = _post(client, _sheet(["好人", "first@example.com", "乙公司", "", "员工"], row))
    assert response.status_code == 400
    assert "Nobody was imported" in response.text
    assert "Row 3:" in response.text and reason in response.text
    assert _users() == before
    assert _db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_a_sheet_without_the_headings_is_refused_and_says_which(client, office):
    response = _post(client, _sheet(["张三", "z@example.com"], head=["名字", "电话"]))
    assert response.status_code == 400 and "邮箱 is missing" in response.text


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(client, office):
    before = _users()
    response = _post(client, b"PK\x03\x04 not really a zip")
    assert response.status_code == 400
    assert "not an Excel workbook" in response.text
    assert _users() == before


def test_the_template_opens_with_its_headings_and_reimports_cleanly(client, office, make_company):
    response = client.get("/admin/users/import-template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]] == HEAD and sheet.freeze_panes == "A2"
    # The example names a company and a department that this park may not have.
    assert _post(client, response.data).status_code == 400


def test_the_user_list_filters_by_company_and_role(client, make_user, office):
    make_user("safety_manager", company=office["company"], name="甲安全员")
    make_user("employee", company=office["company"], name="甲员工")
    make_user("safety_manager", company=office["other"], name="乙安全员")
    make_user("supervisor", name="园区监管员")
    page = client.get(f"/admin/users?company={office['company'].id}", headers=EN).text
    assert "甲安全员" in page and "甲员工" in page and "乙安全员" not in page
    page = client.get("/admin/users?role=safety_manager", headers=EN).text
    assert "甲安全员" in page and "乙安全员" in page and "甲员工" not in page
    page = client.get(
        f"/admin/users?company={office['company'].id}&role=safety_manager", headers=EN
    ).text
    assert "甲安全员" in page and "甲员工" not in page and "乙安全员" not in page
    page = client.get("/admin/users?role=supervisor&company=abc", headers=EN)
    assert page.status_code == 200 and "园区监管员" in page.text and "甲员工" not in page.text
