"""Reading uploaded spreadsheets safely: the one guard every XLSX import goes through.

An .xlsx file is a zip archive of XML. A few kilobytes can unpack to gigabytes
(an 88 KB question bank took 34 s and 208 MB to parse, a 335 KB one 134 s and
750 MB), so before openpyxl sees a byte the archive's table of contents is
checked: how many entries, how much they unpack to in all, and how strongly
each large one is compressed (real sheets compress 5 to 30 times; bombs
hundreds or thousands of times). zipfile enforces the sizes the archive
declares while openpyxl reads, so a lying table of contents fails too. The
workbook is then read in openpyxl's read-only (streaming) mode, stopping after
`max_rows` rows and refusing a cell longer than `max_cell_chars`.
"""

from __future__ import annotations

import io
import zipfile

from flask_babel import lazy_gettext as _l

from engage.core.errors import DomainError

MAX_UNPACKED_BYTES = 10 * 1024 * 1024  # a sheet of 1,000 questions unpacks to about 2 MB
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small entries may compress well without harm
MAX_ENTRIES = 200
MAX_CELL_CHARS = 5000


class SpreadsheetRejected(DomainError):
    """The upload is not a workbook we read, or is built to exhaust the server.
    `row` is the sheet row the refusal is about, if any."""

    def __init__(self, message, row: int | None = None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.row = row


def check_archive(
    data: bytes,
    *,
    max_bytes: int = MAX_UNPACKED_BYTES,
    max_ratio: int = MAX_RATIO,
    max_entries: int = MAX_ENTRIES,
) -> None:
    """Refuse an XLSX archive that is not a zip, has too many entries, unpacks to more
    than `max_bytes`, or holds a large entry compressed more than `max_ratio` times."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise SpreadsheetRejected(
            _l("This file is not an Excel workbook (.xlsx) we can read.")
        ) from exc
    if len(entries) > max_entries:
        raise SpreadsheetRejected(
            _l(
                "This workbook has too many parts (%(count)s; at most "
                "%(n)s). Save it again from Excel as a plain .xlsx "
                "file.",
                count=len(entries),
                n=max_entries,
            )
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_bytes:
        raise SpreadsheetRejected(
            _l(
                "This workbook unpacks to %(size)s MB; at most %(n)s MB "
                "can be imported. Split it into smaller files.",
                size=unpacked // (1024 * 1024),
                n=max_bytes // (1024 * 1024),
            )
        )
    for entry in entries:
        if entry.file_size >= RATIO_CHECKED_FROM and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise SpreadsheetRejected(
                _l(
                    "This workbook is compressed far more than a real "
                    "spreadsheet is, so it is not read. Save it again "
                    "from Excel."
                )
            )


def read_rows(
    data: bytes,
    *,
    max_rows: int,
    max_cols: int,
    max_cell_chars: int = MAX_CELL_CHARS,
    **archive_limits,
) -> list[tuple]:
    """The values of the first sheet's first `max_rows` rows (at most `max_cols` columns
    each) of an uploaded XLSX, after check_archive. Ask for one row more than you take
    to tell a sheet that is too long. Raises SpreadsheetRejected."""
    from openpyxl import load_workbook

    check_archive(data, **archive_limits)
    rows: list[tuple] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise SpreadsheetRejected(
            _l("This file is not an Excel workbook (.xlsx) we can read.")
        ) from exc
    try:
        if not workbook.worksheets:
            return rows
        sheet = workbook.worksheets[0]
        for number, row in enumerate(
            sheet.iter_rows(max_col=max_cols, max_row=max_rows, values_only=True), start=1
        ):
            for value in row:
                if isinstance(value, str) and len(value) > max_cell_chars:
                    raise SpreadsheetRejected(
                        _l(
                            "A cell in row %(row)s is longer than %(n)s characters.",
                            row=number,
                            n=max_cell_chars,
                        ),
                        row=number,
                    )
            rows.append(row)
    except SpreadsheetRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet breaks the XML reader
        raise SpreadsheetRejected(
            _l("This file is not an Excel workbook (.xlsx) we can read.")
        ) from exc
    finally:
        workbook.close()
    return rows
