"""Links do not leak: a linked problem the reader may not see reads only as "a linked
problem you cannot open", on the page, in its timeline and in the exports."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from engage.tracker.problems import loop
from tests.tracker.problems.conftest import open_problem

HIDDEN = "a linked problem you cannot open"


@pytest.fixture
def linked(db, park):
    """The owner's problem, linked by a supervisor to a problem of another company."""
    mine = open_problem(park, title="一号厂房消防通道堵塞")
    theirs = open_problem(
        park, reporter=park.supervisor, point=park.other_point, title="外企仓库危化品混放"
    )
    loop.link_problems(mine, theirs, actor=park.supervisor)
    db.session.commit()
    return mine, theirs


def _export_text(client, fmt: str) -> str:
    response = client.get(f"/problems/export.{fmt}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    if fmt == "csv":
        return response.get_data(as_text=True)
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return "\n".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


def test_another_companys_linked_problem_is_not_named(client, login_as, park, linked):
    mine, theirs = linked
    login_as(park.owner_manager)
    response = client.get(f"/problems/{mine.number}", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and mine.title in page
    assert HIDDEN in page
    assert theirs.title not in page and theirs.number not in page
    for fmt in ("csv", "xlsx"):
        text = _export_text(client, fmt)
        assert mine.title in text and HIDDEN in text
        assert theirs.title not in text and theirs.number not in text


def test_in_chinese_too(client, login_as, park, linked):
    mine, theirs = linked
    login_as(park.owner_manager)
    page = client.get(f"/problems/{mine.number}", headers={"Accept-Language": "zh-CN"})
    text = page.get_data(as_text=True)
    assert "一个您无权查看的关联问题" in text and theirs.title not in text


def test_who_may_see_both_reads_the_link(client, login_as, park, linked):
    mine, theirs = linked
    login_as(park.supervisor)
    page = client.get(f"/problems/{mine.number}").get_data(as_text=True)
    assert theirs.title in page and f"/problems/{theirs.number}" in page
    assert HIDDEN not in page
    text = _export_text(client, "csv")
    assert f"{theirs.number} {theirs.title}" in text
