"""Spreadsheet imports: bombs (small on disk, huge unpacked) are refused before parsing,
with a message; rows are capped and long cells refused."""

import io
import time
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from engage.core import xlsx
from engage.core.xlsx import SpreadsheetRejected


@pytest.fixture(autouse=True)
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def workbook(rows=(("kind", "text"), ("单选", "火警电话？"))) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    """`data` with the archive entry `name` replaced (or added) by `content`, deflated."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def shared_strings_bomb(megabytes: int) -> bytes:
    """A workbook whose shared strings unpack to `megabytes` MB: openpyxl reads them all
    when it opens the file, whatever the rows it is asked for."""
    one = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    count = megabytes * 1024 * 1024 // len(one)
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
        b'/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (count, count)
        + one * count
        + b"</sst>"
    )
    return with_entry(workbook(), "xl/sharedStrings.xml", body)


@pytest.fixture
def no_parsing(monkeypatch):
    calls = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(a))
    return calls


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_parsing(no_parsing):
    bomb = shared_strings_bomb(40)
    assert len(bomb) < 200_000
    started = time.perf_counter()
    with pytest.raises(SpreadsheetRejected, match="unpacks to 40 MB; at most 10 MB"):
        xlsx.read_rows(bomb, max_rows=10, max_cols=10)
    assert time.perf_counter() - started < 1
    assert no_parsing == []


def test_a_workbook_compressed_like_a_bomb_is_refused(no_parsing):
    bomb = shared_strings_bomb(5)
    with pytest.raises(SpreadsheetRejected, match="compressed far more"):
        xlsx.read_rows(bomb, max_rows=10, max_cols=10)
    assert no_parsing == []


def test_a_workbook_of_too_many_parts_is_refused(no_parsing):
    data = workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for n in range(xlsx.MAX_ENTRIES):
            target.writestr(f"xl/padding/{n}.xml", b"<x/>")
    with pytest.raises(SpreadsheetRejected, match="too many parts"):
        xlsx.read_rows(out.getvalue(), max_rows=10, max_cols=10)


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04broken", b"\x00" * 100])
def test_something_that_is_not_a_workbook_is_refused_with_a_message(data):
    with pytest.raises(SpreadsheetRejected, match="not an Excel workbook"):
        xlsx.read_rows(data, max_rows=10, max_cols=10)


def test_rows_are_capped_and_read_in_read_only_mode(monkeypatch):
    modes = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: modes.append(k.get("read_only")) or real(*a, **k)
    )
    rows = xlsx.read_rows(workbook([(n, f"q{n}", "x") for n in range(50)]), max_rows=10, max_cols=2)
    assert rows == [(n, f"q{n}") for n in range(10)]
    assert modes == [True]


def test_a_cell_that_is_too_long_is_refused_and_its_row_named():
    data = workbook([("kind", "text"), ("单选", "ok"), ("单选", "长" * 6000)])
    with pytest.raises(SpreadsheetRejected, match="row 3 is longer than 5000") as caught:
        xlsx.read_rows(data, max_rows=10, max_cols=2)
    assert caught.value.row == 3


def test_an_ordinary_workbook_reads_as_it_is():
    assert xlsx.read_rows(workbook(), max_rows=10, max_cols=2) == [
        ("kind", "text"),
        ("单选", "火警电话？"),
    ]
