"""A roster in and out of a spreadsheet (XLSX or CSV): the import checks every row first and
imports all or nothing, naming each bad row; the export writes no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from engage.accounts.models import Company, Department, User
from engage.alliance.taskforces.models import ROLE_LABELS, MemberRole, TaskForce, TaskForceMember
from engage.alliance.taskforces.roster import MemberData, RosterError, check_member, roster_of
from engage.core import xlsx
from engage.core.export import safe_cell, xlsx_bytes
from engage.extensions import db

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
MAX_COLUMNS = 20
MAX_CELL = 200

#: Column headings the import understands (Chinese and English, any case).
HEADINGS = {
    "name": ("姓名", "name", "member name"),
    "email": ("账号", "邮箱", "账号邮箱", "email", "account"),
    "unit": (
        "单位",
        "所在单位",
        "企业或部门",
        "company or department",
        "company",
        "department",
        "unit",
    ),
    "role": ("角色", "身份", "role"),
    "party": ("党员", "是否党员", "party member", "party"),
    "phone": ("电话", "手机", "联系电话", "phone", "phone number"),
    "joined": ("加入日期", "入队日期", "joined", "joined on"),
    "left": ("离队日期", "left", "left on"),
}

#: The export's headings, which the import reads back in either language.
EXPORT_HEADINGS = {
    "name": _l("Member name"),
    "unit": _l("Company or department"),
    "role": _l("Role"),
    "party": _l("Party member"),
    "phone": _l("Phone number"),
    "joined": _l("Joined"),
    "left": _l("Left"),
    "email": _l("Account"),
}

ROLE_WORDS = {
    MemberRole.SUPERVISOR: ("监管员", "supervisor"),
    MemberRole.GRID_OFFICER: ("网格员", "grid officer", "grid_officer"),
    MemberRole.SAFETY_MANAGER: (
        "企业安全管理员",
        "安全管理员",
        "company safety manager",
        "safety manager",
        "safety_manager",
    ),
    MemberRole.OTHER: ("其他", "other", ""),
}
YES = {"是", "党员", "y", "yes", "true", "1", "✓", "√"}
NO = {"否", "群众", "n", "no", "false", "0", ""}


class ImportRejected(Exception):
    """The file itself cannot be read (not a row's fault)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it (the heading is row 1)
    message: str


# ---------------------------------------------------------------- reading


def _cell(value) -> str | date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return ("" if value is None else str(value)).strip()[: MAX_CELL + 1]


def _read_xlsx(data: bytes) -> list[list]:
    """Through core.xlsx: the archive is checked against zip bombs, rows are capped."""
    try:
        table = xlsx.read_rows(data, max_rows=MAX_ROWS + 2, max_cols=MAX_COLUMNS)
    except xlsx.SpreadsheetRejected as exc:
        raise ImportRejected(exc.message) from exc
    return [[_cell(v) for v in row] for row in table]


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected(_l("The CSV file is neither UTF-8 nor GBK text."))
    if "\x00" in text:
        raise ImportRejected(
            _l(
                "The file is not a spreadsheet that can be read. Save it as "
                "XLSX or CSV and try again."
            )
        )
    rows: list[list] = []
    try:
        for row in csv.reader(io.StringIO(text)):
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_cell(v) for v in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise ImportRejected(_l("The CSV file is malformed.")) from exc
    return rows


def read_table(filename: str, data: bytes) -> list[list]:
    """The rows of the first sheet of an XLSX or of a CSV file, guarded against size."""
    name = (filename or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ImportRejected(_l("Choose an XLSX or CSV file."))
    if not data:
        raise ImportRejected(_l("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRejected(_l("The file is larger than 2 MB."))
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif name.endswith(".xlsx"):
        raise ImportRejected(
            _l(
                "The file is not a spreadsheet that can be read. Save it as "
                "XLSX or CSV and try again."
            )
        )
    else:
        rows = _read_csv(data)
    rows = [r for r in rows if any(v not in ("", None) for v in r)]
    if len(rows) > MAX_ROWS + 1:
        raise ImportRejected(_l("A roster import takes at most %(n)s rows.", n=MAX_ROWS))
    return rows


# ---------------------------------------------------------------- checking


def _columns(heading: list) -> dict[str, int]:
    names = {key: {*words, str(EXPORT_HEADINGS[key]).casefold()} for key, words in HEADINGS.items()}
    columns = {}
    for index, value in enumerate(heading):
        word = str(value).strip().casefold()
        for key, words in names.items():
            if word in words and key not in columns:
                columns[key] = index
    return columns


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "")
    text = text.replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(p) for p in text.split("-"))
        parsed = date(year, month, day)
    except (ValueError, TypeError):
        raise ValueError(text) from None
    if not 1970 <= parsed.year <= 2100:
        raise ValueError(text)
    return parsed


def _role(value: str) -> str | None:
    word = str(value).strip().casefold()
    for role, words in ROLE_WORDS.items():
        if word in words or word == str(ROLE_LABELS[role]).casefold():
            return role.value
    return None


def _ids_by_name(model: type[Company] | type[Department], names: set[str]) -> dict[str, int]:
    """{name: id} of the rows of `model` whose Chinese or English name is in `names`."""
    if not names:
        return {}
    found: dict[str, int] = {}
    rows = db.session.execute(
        select(model.name, model.name_en, model.id).where(
            or_(model.name.in_(names), model.name_en.in_(names))
        )
    )
    for name, name_en, id_ in rows:
        found[name] = id_
        if name_en in names:
            found.setdefault(name_en, id_)
    return found


def _lookups(rows: list[list], columns: dict[str, int]):
    """Companies, departments and users the file names, in three statements."""

    def values(key):
        i = columns.get(key)
        return {str(r[i]).strip() for r in rows if i is not None and i < len(r) and r[i]}

    units = values("unit")
    emails = {e.casefold() for e in values("email")}
    # A unit is found by its Chinese or its English name: an export made in English
    # (names in the reader's language) imports again.
    companies = _ids_by_name(Company, units)
    departments = _ids_by_name(Department, units)
    users = (
        {
            u.email.casefold(): u
            for u in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))
        }
        if emails
        else {}
    )
    return companies, departments, users


def check_rows(
    force: TaskForce, rows: list[list], *, today: date
) -> tuple[list[MemberData], list[RowError]]:
    """Every data row as MemberData, or the errors of the rows that are wrong."""
    errors: list[RowError] = []
    if not rows:
        return [], [RowError(1, _("The file has no rows."))]
    columns = _columns(rows[0])
    if "name" not in columns and "email" not in columns:
        return [], [
            RowError(
                1,
                _(
                    "The first row must name the columns; a 姓名 (name) or "
                    "账号 (email) column is needed."
                ),
            )
        ]
    body = rows[1:]
    if not body:
        return [], [RowError(2, _("The file has a heading but no members."))]
    companies, departments, users = _lookups(body, columns)
    existing: list = roster_of(force)
    accepted: list[MemberData] = []

    def get(row, key):
        i = columns.get(key)
        return row[i] if i is not None and i < len(row) else ""

    for number, row in enumerate(body, start=2):
        try:
            accepted.append(
                _check_row(force, row, get, companies, departments, users, existing, today)
            )
            existing.append(accepted[-1])
        except RosterError as exc:
            errors.append(
                RowError(
                    number, _("Row %(row)s: %(problem)s", row=number, problem=str(exc.message))
                )
            )
    return accepted, errors


def _check_row(force, row, get, companies, departments, users, existing, today) -> MemberData:
    if any(isinstance(v, str) and len(v) > MAX_CELL for v in row):
        raise RosterError(_l("a cell is longer than %(n)s characters.", n=MAX_CELL))
    data = MemberData(name=str(get(row, "name")))
    email = str(get(row, "email")).strip().casefold()
    if email:
        user = users.get(email)
        if user is None:
            raise RosterError(_l("no account has the email %(email)s.", email=email))
        data.user_id = user.id
    unit = str(get(row, "unit")).strip()
    if unit:
        if unit in companies:
            data.company_id = companies[unit]
        elif unit in departments:
            data.department_id = departments[unit]
        else:
            raise RosterError(_l("no company or department is called %(unit)s.", unit=unit))
    role = _role(get(row, "role"))
    if role is None:
        raise RosterError(
            _l(
                "the role %(role)s is not one of 监管员, 网格员, 企业安全管理员, 其他.",
                role=get(row, "role"),
            )
        )
    data.role = role
    party = str(get(row, "party")).strip().casefold()
    if party not in YES | NO | {_("Yes").casefold(), _("No").casefold()}:
        raise RosterError(
            _l("say 是 or 否 in the party member column, not %(value)s.", value=party)
        )
    data.is_party_member = party in YES or party == _("Yes").casefold()
    data.phone = str(get(row, "phone"))
    try:
        joined, left = get(row, "joined"), get(row, "left")
        data.joined_on = _date(joined) if joined else today
        data.left_on = _date(left) if left else None
    except ValueError as exc:
        raise RosterError(
            _l("%(value)s is not a date (write 2026-03-01).", value=str(exc))
        ) from None
    return check_member(force, data, existing, users={u.id: u for u in users.values()})


# ---------------------------------------------------------------- writing


def export_rows(force: TaskForce, members: list[TaskForceMember] | None = None) -> list[list]:
    head = [
        str(EXPORT_HEADINGS[k])
        for k in ("name", "unit", "role", "party", "phone", "joined", "left", "email")
    ]
    rows: list[list] = [head]
    for m in members if members is not None else roster_of(force):
        rows.append(
            [
                safe_cell(m.display_name),
                safe_cell(m.unit_name),
                str(ROLE_LABELS[m.role]),
                _("Yes") if m.is_party_member else _("No"),
                safe_cell(m.phone),
                m.joined_on,
                m.left_on,
                safe_cell(m.user.email) if m.user is not None else "",
            ]
        )
    return rows


def template_rows() -> list[list]:
    return [
        ["姓名", "单位", "角色", "党员", "电话", "加入日期", "离队日期", "账号"],
        ["张三", "某某企业", "企业安全管理员", "是", "13800001234", date(2026, 3, 1), "", ""],
    ]


def to_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list], title: str) -> bytes:
    return xlsx_bytes(title or "roster", rows[0], rows[1:])
