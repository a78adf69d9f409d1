"""The six-links dashboard as a spreadsheet: CSV or XLSX (openpyxl), same rows."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from engage.alliance.sixlinks.dashboard import Matrix, Period
from engage.alliance.sixlinks.models import LINK_LABELS, Link
from engage.core.export import safe_cell, xlsx_book


def tables(
    matrix: Matrix, totals: dict[int, dict[str, int]], names: dict[int, str]
) -> tuple[list[list], list[list]]:
    links = list(Link)
    head = [_("Month")] + [str(LINK_LABELS[k]) for k in links] + [_("Total")]
    months = [head] + [
        [Period.label(m)] + [matrix.get(m, k) for k in links] + [matrix.month_total(m)]
        for m in matrix.months
    ]
    member_head = [_("Company")] + [str(LINK_LABELS[k]) for k in links] + [_("Total")]
    members = [member_head]
    for company_id, name in sorted(names.items(), key=lambda kv: kv[1]):
        counts = totals.get(company_id, {})
        row = [counts.get(k.value, 0) for k in links]
        members.append([safe_cell(name)] + row + [sum(row)])
    return months, members


def to_csv(months: list[list], members: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(months)
    writer.writerow([])
    writer.writerows(members)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(months: list[list], members: list[list]) -> bytes:
    return xlsx_book(
        [(_("By month"), months[0], months[1:]), (_("By member"), members[0], members[1:])]
    )
