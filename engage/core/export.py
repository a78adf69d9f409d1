"""CSV and XLSX exports: the one writer every export goes through.

Spreadsheets run a cell whose text starts with = + - @ (and, in some, a tab or
carriage return before them) as a formula: `=HYPERLINK(...)` in a display
name becomes a live link, `=2+3` a sum. Every text cell of every export is
therefore neutralised with a leading apostrophe, in CSV and in XLSX alike
(an XLSX saved again as CSV would otherwise carry the formula on). Numbers
stay numbers; dates and times are shown in the reader's zone, as real dates
in XLSX. An XLSX sheet has its header row frozen, an autofilter, and columns
as wide as their first rows need.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from engage.core.timeutil import to_local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"
_SAMPLE_ROWS = 200  # rows looked at to size the columns
_MAX_WIDTH = 60


def neutralise(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def safe_cell(value: object) -> object:
    """A cell value a spreadsheet will not run: text neutralised, anything else as it is."""
    return neutralise(value) if isinstance(value, str) else value


def _local(value: datetime) -> datetime:
    """A stored (UTC) moment in the reader's zone, without a zone (spreadsheets have none)."""
    return to_local(value).replace(tzinfo=None)


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool | int | float):
        return str(value)
    return neutralise(str(value))


def csv_stream(
    header: Sequence, rows: Iterable[Sequence], *, chunk_rows: int = 500
) -> Iterator[str]:
    """CSV text in chunks, with a BOM so Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_value(v) for v in header])
    for i, row in enumerate(rows):
        writer.writerow([csv_value(v) for v in row])
        if i % chunk_rows == chunk_rows - 1:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    # East Asian wide characters take two columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if value is None or isinstance(value, bool | int | float):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
    cell.data_type = "s"  # text, whatever it looks like
    return cell


def xlsx_bytes(title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """One sheet: a frozen, bold header row with an autofilter, then `rows`."""
    return xlsx_book([(title, header, rows)])


def xlsx_book(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """A workbook of (title, header, rows) sheets, each as `xlsx_bytes` makes one."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        _write_sheet(book, title, header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\, at most 31 characters."""
    return "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31] or "Sheet"


def _write_sheet(book, title: str, header: Sequence, rows: Iterable[Sequence]) -> None:
    sheet = book.create_sheet(sheet_title(title))
    rows = iter(rows)
    first = list(islice(rows, _SAMPLE_ROWS))
    columns = max([len(header)] + [len(r) for r in first])
    for index in range(columns):
        widths = [_width(header[index]) if index < len(header) else 0]
        widths += [_width(r[index]) for r in first if index < len(r)]
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(
            _MAX_WIDTH, max(8, max(widths) + 2)
        )
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for value in header:
        cell = _xlsx_cell(sheet, value)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in _chain(first, rows):
        sheet.append([_xlsx_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{count + 1}"


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest
