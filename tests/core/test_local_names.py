"""Companies, departments, functional areas and knowledge categories are shown by their
stored English name to an English reader, everywhere, and by their Chinese name when no
English one is stored (or to a Chinese reader)."""

from __future__ import annotations

import io
import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from engage.accounts.models import Company, Department, FunctionalArea, User
from engage.core.i18n import local_name, local_name_column
from engage.knowledge.categories.models import Category

SUHU = ("苏湖精密电子有限公司", "Suhu Precision Electronics Co., Ltd.")
FIRE = ("消防救援大队", "Fire and Rescue Brigade")
LAKE_EAST = ("湖东片区", "Lake East District")
FIRE_SAFETY = ("消防安全", "Fire safety")
NO_ENGLISH = "立诚精细化工有限公司"


def _user(db, email: str, locale: str) -> User:
    user = db.session.scalars(select(User).where(User.email == email)).one()
    user.locale = locale
    db.session.commit()
    return user


def test_one_rule_for_every_model_with_an_english_name(app, db, make_company):
    company = make_company(name="甲公司", name_en="Jia Ltd")
    bare = make_company(name="乙公司")
    for model in (FunctionalArea, Company, Department, Category):
        assert hasattr(model, "display_name")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert company.display_name() == "Jia Ltd" and local_name(company) == "Jia Ltd"
        assert bare.display_name() == "乙公司"
        names = db.session.scalars(
            select(local_name_column(Company)).where(Company.id.in_([company.id, bare.id]))
        )
        assert sorted(names) == ["Jia Ltd", "乙公司"]
        assert company.display_name("zh_Hans") == "甲公司"
    with app.test_request_context(), force_locale("zh_Hans"):
        assert local_name(company) == "甲公司"
        assert db.session.scalar(
            select(local_name_column(Company)).where(Company.id == company.id)
        ) == ("甲公司")


@pytest.mark.parametrize(
    "email, url, expected",
    [
        ("employee@example.com", "/", [SUHU]),
        ("employee@example.com", "/problems", [SUHU]),
        ("employee@example.com", "/my-work", [SUHU]),
        ("supervisor@example.com", "/problems", [SUHU]),
        ("supervisor@example.com", "/dashboard", [LAKE_EAST, FIRE]),
        ("supervisor@example.com", "/departments/board", [FIRE]),
        ("supervisor@example.com", "/companies", [SUHU, LAKE_EAST]),
        ("supervisor@example.com", "/alliance/taskforces/", [LAKE_EAST]),
        ("employee@example.com", "/knowledge/", [FIRE_SAFETY]),
        ("admin@example.com", "/admin/users", [SUHU, FIRE]),
    ],
)
def test_main_pages_show_english_names_to_an_english_reader(
    demo_park, client, login_as, email, url, expected
):
    db = demo_park
    login_as(_user(db, email, "en"))
    english = client.get(url)
    assert english.status_code == 200
    # A notification's text is written when it is sent, in its reader's language then,
    # with the names of that moment: the home page's latest notifications are left out.
    text = re.sub(r'<ul class="[^"]*home-notes.*?</ul>', "", english.text, flags=re.S)
    for chinese, name_en in expected:
        assert name_en in text, (url, name_en)
        assert chinese not in text.replace(f"{chinese}</span>", ""), (url, chinese)
    login_as(_user(db, email, "zh_Hans"))
    chinese_page = client.get(url).text
    for chinese, _name_en in expected:
        assert chinese in chinese_page, (url, chinese)


def test_a_problem_and_an_alliance_in_english(demo_park, client, login_as):
    from engage.alliance.alliances.models import Alliance
    from engage.tracker.models import Problem

    db = demo_park
    problem = db.session.scalars(
        select(Problem)
        .join(Company, Company.id == Problem.company_id)
        .where(Company.name_en != "", Problem.department_id.isnot(None))
        .order_by(Problem.id)
    ).first()
    alliance = db.session.scalars(select(Alliance).order_by(Alliance.id)).first()
    login_as(_user(db, "supervisor@example.com", "en"))
    body = client.get(f"/problems/{problem.number}").text
    assert problem.company.name_en in body and problem.department.name_en in body
    assert problem.company.name not in body and problem.department.name not in body
    body = client.get(f"/alliance/{alliance.id}").text
    assert alliance.lead_company.name_en in body and alliance.lead_company.name not in body


def test_without_an_english_name_the_chinese_one_is_shown(demo_park, client, login_as):
    db = demo_park
    login_as(_user(db, "supervisor@example.com", "en"))
    body = client.get("/companies?q=立诚").text
    assert NO_ENGLISH in body


def test_the_problem_export_names_companies_and_departments_in_the_readers_language(
    demo_park, client, login_as
):
    db = demo_park
    login_as(_user(db, "supervisor@example.com", "en"))
    response = client.get("/problems/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    assert SUHU[1] in cells and FIRE[1] in cells
    assert SUHU[0] not in cells and FIRE[0] not in cells
