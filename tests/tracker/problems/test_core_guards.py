"""Core guards at work in the tracker: exports keep formulas as text, far dates never
break a page or an export, due dates stay in a range that says which."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from tests.tracker.problems.conftest import open_problem

FAR = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)


def test_formula_like_names_arrive_as_text_in_csv_and_xlsx(db, client, login_as, park):
    park.point.name = "=2+3"
    park.owner_worker.name = '=HYPERLINK("http://evil.example","click")'
    problem = open_problem(park)
    problem.assignee = park.owner_worker
    db.session.commit()
    login_as(park.supervisor)

    text = client.get("/problems/export.csv").get_data(as_text=True)
    row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1]
    assert "'=2+3" in row
    assert '\'=HYPERLINK("http://evil.example","click")' in row

    book = load_workbook(io.BytesIO(client.get("/problems/export.xlsx").data))
    sheet = book.active
    cells = {c.value: c for c in sheet[2]}
    for value in ("'=2+3", '\'=HYPERLINK("http://evil.example","click")'):
        assert cells[value].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert isinstance(sheet.cell(row=2, column=11).value, datetime)  # reported at: a real date


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_a_far_due_date_never_breaks_the_page_or_the_exports(db, client, login_as, park, zone):
    problem = open_problem(park)
    problem.due_at = FAR
    park.supervisor.timezone = zone
    db.session.commit()
    login_as(park.supervisor)
    page = client.get(f"/problems/{problem.number}")
    assert page.status_code == 200 and problem.title in page.get_data(as_text=True)
    assert "9999" in page.get_data(as_text=True)
    assert client.get("/problems/export.csv").status_code == 200
    assert client.get("/problems/export.xlsx").status_code == 200


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Shanghai"])
@pytest.mark.parametrize("day", ["9999-12-31", "1900-01-01", "0001-01-01"])
def test_a_due_date_out_of_range_is_refused_with_the_range(db, client, login_as, park, zone, day):
    problem = open_problem(park)
    park.supervisor.timezone = zone
    db.session.commit()
    due_before = problem.due_at
    login_as(park.supervisor)
    response = client.post(
        f"/problems/{problem.number}/due",
        data={"due-version": problem.version, "due-due": day, "due-note": "later"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "Enter a date from" in response.get_data(as_text=True)
    assert "2100" in response.get_data(as_text=True)
    db.session.refresh(problem)
    assert problem.due_at == due_before
