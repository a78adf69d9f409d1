"""Every XLSX export opens the way an office expects: a frozen header row with an
autofilter, columns wide enough to read, and dates as real dates a sheet can sort."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from engage.core.export import xlsx_book, xlsx_bytes


def _sheets(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets


def _looks_right(sheet, columns: int) -> None:
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    for index in range(columns):
        letter = chr(ord("A") + index)
        assert sheet.column_dimensions[letter].width >= 8, letter
    assert all(cell.font.b for cell in sheet[1] if cell.value is not None)


def test_a_sheet_has_a_frozen_header_a_filter_widths_and_real_dates(app):
    when = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    with app.test_request_context():
        data = xlsx_bytes(
            "问题",
            ["名称", "日期", "时间"],
            [["一个很长很长的名称写在这里", date(2026, 6, 1), when]],
        )
    sheet = _sheets(data)[0]
    _looks_right(sheet, 3)
    assert sheet.auto_filter.ref == "A1:C2"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == date(2026, 6, 1)
    assert sheet["C2"].is_date and sheet["C2"].value == datetime(2026, 6, 1, 9, 30)
    assert sheet.column_dimensions["A"].width >= 26  # 13 wide characters


def test_a_book_of_several_sheets_gives_each_the_same_shape(app):
    with app.test_request_context():
        data = xlsx_book([("一", ["a"], [[1]]), ("二/三", ["b", "c"], [[2, 3], [4, 5]])])
    first, second = _sheets(data)
    assert second.title == "二三"
    _looks_right(first, 1)
    _looks_right(second, 2)
    assert second.auto_filter.ref == "A1:B3"


def test_the_six_links_export_has_both_sheets_in_shape(app):
    from engage.alliance.sixlinks.export import to_xlsx

    with app.test_request_context():
        data = to_xlsx([["月份", "联学"], ["2026-06", 3]], [["企业", "联学"], ["甲", 3]])
    for sheet in _sheets(data):
        _looks_right(sheet, 2)


def test_the_roster_export_writes_joining_days_as_dates(app):
    from engage.alliance.taskforces.roster_io import template_rows, to_xlsx

    with app.test_request_context():
        sheet = _sheets(to_xlsx(template_rows(), "第一突击队"))[0]
    _looks_right(sheet, 8)
    assert sheet["F2"].is_date and sheet["F2"].value.date() == date(2026, 3, 1)


def test_the_event_registrations_export_writes_moments_as_dates(app):
    from engage.events.dashboard.services import as_csv, as_xlsx

    when = datetime(2026, 6, 10, 2, 0, tzinfo=UTC)
    header, rows = ["姓名", "报名时间", "签到时间"], [["张三", when, None]]
    with app.test_request_context():
        sheet = _sheets(as_xlsx(header, rows, "报名"))[0]
        text = as_csv(header, rows).decode("utf-8")
    _looks_right(sheet, 3)
    assert sheet["B2"].is_date and sheet["B2"].value == datetime(2026, 6, 10, 10, 0)
    assert "2026-06-10 10:00" in text


@pytest.mark.usefixtures("db")
def test_the_item_library_export_is_in_shape(app):
    from engage.alliance.inspections.items import export_xlsx

    with app.test_request_context():
        sheet = _sheets(export_xlsx())[0]
    _looks_right(sheet, 9)


def test_the_question_bank_template_is_in_shape(app):
    from engage.knowledge.quizzes.services import IMPORT_COLUMNS, template_xlsx

    with app.test_request_context():
        sheet = _sheets(template_xlsx())[0]
    _looks_right(sheet, len(IMPORT_COLUMNS))
    assert [c.value for c in sheet[1]] == list(IMPORT_COLUMNS)
