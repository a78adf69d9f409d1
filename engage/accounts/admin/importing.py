"""Many accounts at once from an XLSX sheet: every row checked first, all imported or none.

Columns (any order, Chinese or English headings): name, email, company (its name or its
unified social credit code), department (name or code), role. Each new person gets a mail
with a link to choose their password (the password-reset link), so no password travels
in a spreadsheet. Platform admins only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from engage.accounts import uscc
from engage.accounts.admin.permissions import can_administer_accounts
from engage.accounts.auth.services import make_welcome_token, normalise_email
from engage.accounts.models import Company, CompanyRole, Department, PlatformRole, User
from engage.core import audit, xlsx
from engage.core.errors import DomainError
from engage.core.export import xlsx_bytes
from engage.core.permissions import PermissionDenied
from engage.extensions import db

MAX_ROWS = 500

# column -> the headings it answers to (compared in lower case, spaces trimmed)
HEADINGS = {
    "name": ("姓名", "名字", "name"),
    "email": ("邮箱", "电子邮箱", "邮件", "email", "e-mail"),
    "company": ("企业", "公司", "单位", "企业名称", "统一社会信用代码", "company"),
    "department": ("部门", "department"),
    "role": ("角色", "role"),
}
TEMPLATE_HEADINGS = ["姓名", "邮箱", "企业", "部门", "角色"]

# role word -> (company role, platform role, department lead)
ROLE_WORDS: dict[str, tuple[CompanyRole | None, PlatformRole | None, bool]] = {}
for _words, _role in (
    (("企业管理员", "company admin", "company_admin"), (CompanyRole.ADMIN, None, False)),
    (
        ("安全管理员", "企业安全管理员", "safety manager", "safety_manager"),
        (CompanyRole.SAFETY_MANAGER, None, False),
    ),
    (("员工", "employee"), (CompanyRole.EMPLOYEE, None, False)),
    (("监管员", "supervisor"), (None, PlatformRole.SUPERVISOR, False)),
    (("网格员", "grid officer", "grid_officer"), (None, PlatformRole.GRID_OFFICER, False)),
    (("部门负责人", "department lead", "department_lead"), (None, None, True)),
    (("部门成员", "department member", "department_member"), (None, None, False)),
):
    for _word in _words:
        ROLE_WORDS[_word] = _role
ROLE_HINT = "企业管理员、安全管理员、员工、监管员、网格员、部门负责人、部门成员"


class ImportRejected(DomainError):
    """Nothing was imported; `problems` lists (sheet row or None, reason)."""

    def __init__(self, problems: list[tuple[int | None, str]]) -> None:
        super().__init__(_l("Nothing was imported."), "file")
        self.problems = problems


@dataclass
class NewUser:
    row: int
    name: str
    email: str
    company: Company | None = None
    department: Department | None = None
    company_role: CompanyRole | None = None
    platform_role: PlatformRole | None = None
    lead: bool = False
    problems: list[str] = field(default_factory=list)


def template_xlsx() -> bytes:
    """The sheet to fill in: the headings and two example rows."""
    return xlsx_bytes(
        "用户",
        TEMPLATE_HEADINGS,
        [
            ["张三", "zhangsan@example.com", "示例精密制造有限公司", "", "安全管理员"],
            ["李四", "lisi@example.com", "", "应急管理局", "部门成员"],
        ],
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date().isoformat()
    return str(value).strip()


def _columns(header: tuple) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        word = _text(heading).lower()
        for column, words in HEADINGS.items():
            if word in words and column not in found:
                found[column] = index
    return found


def check_rows(rows: list[tuple]) -> list[NewUser]:
    """Every row read into a NewUser; raises ImportRejected naming each bad row."""
    if not rows:
        raise ImportRejected([(None, _("The sheet is empty."))])
    columns = _columns(rows[0])
    missing = [c for c in ("name", "email") if c not in columns]
    if missing:
        raise ImportRejected(
            [
                (
                    1,
                    _(
                        "The first row must name the columns; %(columns)s is missing "
                        "(download the template).",
                        columns=", ".join(HEADINGS[c][0] for c in missing),
                    ),
                )
            ]
        )
    body = [(n, row) for n, row in enumerate(rows[1:], start=2) if any(_text(v) for v in row)]
    if not body:
        raise ImportRejected([(None, _("The sheet has no one to import below its headings."))])
    if len(body) > MAX_ROWS:
        raise ImportRejected(
            [(None, _("At most %(n)s people can be imported at once.", n=MAX_ROWS))]
        )

    def cell(row: tuple, column: str) -> str:
        index = columns.get(column)
        return _text(row[index]) if index is not None and index < len(row) else ""

    companies, departments, taken = _lookups(
        {cell(r, "company") for _n, r in body},
        {cell(r, "department") for _n, r in body},
        {normalise_email(cell(r, "email")) for _n, r in body},
    )
    seen: dict[str, int] = {}
    people = []
    for number, row in body:
        person = NewUser(number, cell(row, "name"), normalise_email(cell(row, "email")))
        _check_person(person, cell(row, "company"), cell(row, "department"), cell(row, "role"))
        if person.email and not person.problems:
            if person.email in taken:
                person.problems.append(_("%(email)s already has an account.", email=person.email))
            elif person.email in seen:
                person.problems.append(
                    _(
                        "%(email)s is also in row %(row)s.",
                        email=person.email,
                        row=seen[person.email],
                    )
                )
        seen.setdefault(person.email, number)
        company_word, dept_word = cell(row, "company"), cell(row, "department")
        if company_word:
            person.company = companies.get(company_word.lower()) or companies.get(
                uscc.normalise(company_word)
            )
            if person.company is None:
                person.problems.append(
                    _("No company is named “%(value)s” or has this code.", value=company_word)
                )
        if dept_word:
            person.department = departments.get(dept_word.lower())
            if person.department is None:
                person.problems.append(_("No department is called “%(value)s”.", value=dept_word))
        _check_fit(person, company_word, dept_word)
        people.append(person)
    problems: list[tuple[int | None, str]] = [
        (p.row, reason) for p in people for reason in p.problems
    ]
    if problems:
        raise ImportRejected(problems)
    return people


def _lookups(company_words: set[str], dept_words: set[str], emails: set[str]):
    """Companies (by lower-case name and by code), departments (by lower-case name and
    code) and the emails already taken, each in one query."""
    names = {w.lower() for w in company_words if w}
    codes = {uscc.normalise(w) for w in company_words if w}
    companies: dict[str, Company] = {}
    if names:
        for company in db.session.scalars(
            select(Company).where(func.lower(Company.name).in_(names) | Company.uscc.in_(codes))
        ):
            companies[company.name.lower()] = company
            companies[company.uscc] = company
    dept_keys = {w.lower() for w in dept_words if w}
    departments: dict[str, Department] = {}
    if dept_keys:
        for dept in db.session.scalars(
            select(Department).where(
                func.lower(Department.name).in_(dept_keys)
                | func.lower(Department.code).in_(dept_keys)
            )
        ):
            departments[dept.name.lower()] = dept
            departments[dept.code.lower()] = dept
    taken: set[str] = set(
        db.session.scalars(
            select(func.lower(User.email)).where(func.lower(User.email).in_(emails - {""}))
        )
    )
    return companies, departments, taken


def _check_person(person: NewUser, company: str, department: str, role: str) -> None:
    if not person.name:
        person.problems.append(_("The name is empty."))
    elif len(person.name) > 100:
        person.problems.append(_("The name is longer than 100 characters."))
    if not person.email:
        person.problems.append(_("The email is empty."))
    else:
        try:
            validate_email(person.email, check_deliverability=False)
        except EmailNotValidError:
            person.problems.append(
                _("“%(value)s” is not an email address.", value=person.email[:100])
            )
        if len(person.email) > 254:
            person.problems.append(_("The email is longer than 254 characters."))
    if role:
        found = ROLE_WORDS.get(role.strip().lower())
        if found is None:
            person.problems.append(
                _(
                    "Unknown role “%(value)s”: use one of %(roles)s.",
                    value=role[:40],
                    roles=ROLE_HINT,
                )
            )
        else:
            person.company_role, person.platform_role, person.lead = found
    elif company:
        person.company_role = CompanyRole.EMPLOYEE


def _check_fit(person: NewUser, company: str, department: str) -> None:
    """The role fits the company and department given."""
    if person.company_role is not None and not company:
        person.problems.append(_("A company role needs the company."))
    if person.platform_role is not None and company:
        person.problems.append(
            _("A supervisor or grid officer belongs to the park: leave the company empty.")
        )
    if person.lead and not department:
        person.problems.append(_("A department lead needs the department."))
    if (
        department
        and company
        and person.company_role is not None
        and person.platform_role is None
        and not person.lead
    ):
        person.problems.append(
            _("Give a company or a department, not both: a company's people have no department.")
        )


def import_users(data: bytes, *, actor: User) -> list[User]:
    """Create every account of the sheet, or none; mail each a link to choose a password.

    Platform admins. Flushes; the caller commits (the mails leave after the commit).
    Raises ImportRejected (with every bad row), PermissionDenied.
    """
    if not can_administer_accounts(actor):
        raise PermissionDenied("import users")
    try:
        rows = xlsx.read_rows(data, max_rows=MAX_ROWS + 2, max_cols=20)
    except xlsx.SpreadsheetRejected as exc:
        raise ImportRejected([(exc.row, str(exc.message))]) from exc
    people = check_rows(rows)
    users = []
    for person in people:
        user = User(
            name=person.name,
            email=person.email,
            # Nobody knows this password: the person chooses theirs from the mail.
            # One cheap round is enough for a random secret that is thrown away.
            password_hash=generate_password_hash(
                secrets.token_urlsafe(32), method="pbkdf2:sha256:1"
            ),
            company=person.company,
            company_role=person.company_role if person.company else None,
            platform_role=person.platform_role,
            department=person.department,
            is_department_lead=bool(person.lead and person.department),
        )
        db.session.add(user)
        users.append(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise ImportRejected(
            [(None, _("Someone made one of these accounts just now; import the sheet again."))]
        ) from exc
    for user in users:
        audit.record(
            actor, "account.imported", user, summary=user.email, company_id=user.company_id
        )
        _mail_welcome(user)
    return users


def _mail_welcome(user: User) -> None:
    from engage.core.mail import queue_mail

    link = current_app.config["ENGAGE_BASE_URL"] + url_for(
        "accounts.auth.reset_password", token=make_welcome_token(user)
    )
    days = current_app.config["ENGAGE_WELCOME_LINK_DAYS"]
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Your Engage account: choose a password")
        body = _(
            "Hello %(name)s,\n\nThe safety committee office made an Engage account for "
            "you; you sign in with this email address, %(email)s. Open this link within "
            "%(days)s days to choose your password:\n\n%(link)s\n\nIf the link has "
            "expired, open the sign-in page, choose “Forgot your password?” and enter "
            "this email address to get a new one.",
            name=user.name,
            email=user.email,
            days=days,
            link=link,
        )
    queue_mail(user.email, subject, body, user_id=user.id)
