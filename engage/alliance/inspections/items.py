"""The item library: adding and editing items (a used item gets a new version), checklists
built from items, the checklist a point is given, and XLSX import and export.

Every function flushes and never commits; the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, select, update
from sqlalchemy.orm import selectinload

from engage.alliance.inspections.models import (
    Answer,
    Checklist,
    ChecklistEntry,
    ChecklistSection,
    Item,
    ItemCategory,
    PointChecklist,
)
from engage.alliance.inspections.permissions import can_assign_checklist, can_edit_items
from engage.core import audit, xlsx
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.export import xlsx_bytes
from engage.core.sql import like_pattern
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker import Severity

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")
MAX_IMPORT_ROWS = 2000
MAX_CELL = 2000
MAX_IMPORT_COLUMNS = 30  # the named columns, and room for a few of the office's own
COLUMNS = (
    "code",
    "category",
    "requirement",
    "requirement_en",
    "reference",
    "severity",
    "guidance",
    "guidance_en",
    "article_url",
)


class ItemError(DomainError):
    """A refusal about the item library or a checklist."""


@dataclass
class ItemData:
    code: str
    category: str
    requirement: str
    requirement_en: str = ""
    reference: str = ""
    severity: str = Severity.MAJOR.value
    guidance: str = ""
    guidance_en: str = ""
    article_url: str = ""


def _check(data: ItemData) -> ItemData:
    data.code = (data.code or "").strip().upper()
    if not CODE_RE.match(data.code):
        raise ItemError(_("A code is 2 to 32 capital letters, digits and dashes."), "code")
    if data.category not in {c.value for c in ItemCategory}:
        raise ItemError(_("Choose a category from the list."), "category")
    if data.severity not in {s.value for s in Severity}:
        raise ItemError(_("Choose a severity from the list."), "severity")
    data.requirement = (data.requirement or "").strip()
    if not data.requirement:
        raise ItemError(_("Say what is required."), "requirement")
    for name in COLUMNS:
        value = (getattr(data, name) or "").strip()
        if len(value) > (300 if name in ("reference", "article_url") else MAX_CELL):
            raise ItemError(_("%(field)s is too long.", field=name), name)
        setattr(data, name, value)
    if data.article_url and not data.article_url.startswith(("/", "https://", "http://")):
        raise ItemError(_("A knowledge link starts with / or https://."), "article_url")
    return data


def get_current(code: str) -> Item | None:
    return db.session.scalar(select(Item).where(Item.code == code, Item.is_current.is_(True)))


def list_items(*, category: str | None = None, q: str = ""):
    stmt = select(Item).where(Item.is_current.is_(True))
    if category:
        stmt = stmt.where(Item.category == category)
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(
            Item.requirement.ilike(pattern, escape="\\")
            | Item.code.ilike(pattern, escape="\\")
            | Item.reference.ilike(pattern, escape="\\")
        )
    return stmt.order_by(Item.code)


def versions_of(code: str) -> list[Item]:
    return list(
        db.session.scalars(select(Item).where(Item.code == code).order_by(Item.version.desc()))
    )


def _fill(item: Item, data: ItemData) -> None:
    item.category = ItemCategory(data.category)
    item.severity = Severity(data.severity)
    for name in (
        "requirement",
        "requirement_en",
        "reference",
        "guidance",
        "guidance_en",
        "article_url",
    ):
        setattr(item, name, getattr(data, name))


def create_item(data: ItemData, *, actor) -> Item:
    """Admins and supervisors. Raises ItemError (bad field, code taken)."""
    if not can_edit_items(actor):
        raise NotAllowed(_("Only supervisors and the office keep the item library."))
    data = _check(data)
    if get_current(data.code) is not None:
        raise ItemError(_("The code %(code)s is taken.", code=data.code), "code")
    item = Item(code=data.code, version=1, is_current=True, created_by_id=actor.id)
    _fill(item, data)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "inspection_item.created", item, summary=item.code)
    return item


def is_used(item: Item) -> bool:
    return bool(db.session.scalar(select(exists().where(Answer.item_id == item.id))))


def edit_item(item: Item, data: ItemData, *, actor, version: int) -> Item:
    """Change an item. When its current version has been answered in an inspection, the
    change is a new version (checklists move to it, answers keep the old text);
    otherwise the version is changed in place. `version` is the item's version the form
    showed: a stale form is refused. Returns the current version."""
    if not can_edit_items(actor):
        raise NotAllowed(_("Only supervisors and the office keep the item library."))
    if not item.is_current or item.version != version:
        raise StaleVersion(
            _("This item was changed meanwhile; here is its newest version."),
            current=get_current(item.code),
        )
    data = _check(data)
    data.code = item.code
    if not is_used(item):
        _fill(item, data)
        db.session.flush()
        audit.record(actor, "inspection_item.edited", item, summary=item.code)
        return item
    # Compare-and-set on is_current: two editors at once make one new version, not two.
    moved = db.session.execute(
        update(Item)
        .where(Item.id == item.id, Item.is_current.is_(True))  # type: ignore[attr-defined]
        .values(is_current=False)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise StaleVersion(_("This item was changed meanwhile; here is its newest version."))
    db.session.expire(item)
    new = Item(code=item.code, version=item.version + 1, is_current=True, created_by_id=actor.id)
    _fill(new, data)
    db.session.add(new)
    db.session.flush()
    db.session.execute(
        update(ChecklistEntry)
        .where(ChecklistEntry.item_id == item.id)
        .values(item_id=new.id)
        .execution_options(synchronize_session=False)
    )
    audit.record(actor, "inspection_item.new_version", new, summary=new.code, version=new.version)
    return new


# ---------------------------------------------------------------- checklists


def list_checklists(*, active_only: bool = True):
    stmt = select(Checklist)
    if active_only:
        stmt = stmt.where(Checklist.is_active.is_(True))
    return stmt.order_by(Checklist.name)


def load_checklist(checklist_id: int) -> Checklist | None:
    """The checklist with its sections, entries and items (three queries whatever its size)."""
    return db.session.scalar(
        select(Checklist)
        .where(Checklist.id == checklist_id)
        .options(
            selectinload(Checklist.sections)
            .selectinload(ChecklistSection.entries)
            .selectinload(ChecklistEntry.item)
        )
    )


def parse_layout(text: str) -> list[tuple[str, list[str]]]:
    """The layout form: a line starting with '#' opens a section, other lines are
    item codes (anything after the code is ignored)."""
    sections: list[tuple[str, list[str]]] = []
    for raw in (text or "").splitlines()[:1000]:
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            sections.append((line.lstrip("#").strip()[:200] or "—", []))
            continue
        if not sections:
            sections.append((_("Items"), []))
        sections[-1][1].append(line.split()[0].upper())
    return sections


def layout_of(checklist: Checklist) -> str:
    lines = []
    for section in checklist.sections:
        lines.append(f"# {section.title}")
        lines += [f"{e.item.code}  {e.item.requirement[:40]}" for e in section.entries]
    return "\n".join(lines)


def save_checklist(
    checklist: Checklist | None,
    *,
    name: str,
    focus_target: str,
    description: str,
    layout: str,
    actor,
    version: int | None = None,
) -> Checklist:
    """Create or rebuild a checklist from its layout. Admins and supervisors.
    Raises ItemError naming the unknown or repeated code."""
    if not can_edit_items(actor):
        raise NotAllowed(_("Only supervisors and the office keep the checklists."))
    name = (name or "").strip()[:200]
    if not name:
        raise ItemError(_("Give the checklist a name."), "name")
    if focus_target not in {f.value for f in FocusTarget}:
        raise ItemError(_("Choose a focus target from the list."), "focus_target")
    sections = parse_layout(layout)
    codes = [c for _t, cs in sections for c in cs]
    if not codes:
        raise ItemError(_("Add at least one item code."), "layout")
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ItemError(_("The item %(code)s is listed twice.", code=code), "layout")
        seen.add(code)
    items = {
        i.code: i
        for i in db.session.scalars(
            select(Item).where(Item.code.in_(codes), Item.is_current.is_(True))
        )
    }
    for code in codes:
        if code not in items:
            raise ItemError(_("There is no item %(code)s in the library.", code=code), "layout")
    taken = db.session.scalar(select(Checklist.id).where(Checklist.name == name))
    if taken is not None and (checklist is None or taken != checklist.id):
        raise ItemError(_("Another checklist has this name."), "name")
    if checklist is None:
        checklist = Checklist(created_by_id=actor.id)
        db.session.add(checklist)
    elif version is not None and checklist.version != version:
        raise StaleVersion(_("This checklist was changed meanwhile; reload it."))
    checklist.name, checklist.description = name, (description or "").strip()
    checklist.focus_target = FocusTarget(focus_target)
    db.session.flush()
    # Entries already answered keep their ids (answers point at them); others are rebuilt.
    old_entries = {e.item.code: e for s in checklist.sections for e in s.entries}
    new_sections = []
    for s_pos, (title, section_codes) in enumerate(sections):
        section = next(
            (s for s in checklist.sections if s.title == title), None
        ) or ChecklistSection(title=title, checklist_id=checklist.id)
        section.position = s_pos
        entries = []
        for e_pos, code in enumerate(section_codes):
            entry = old_entries.pop(code, None) or ChecklistEntry(
                checklist_id=checklist.id, item_id=items[code].id
            )
            entry.position, entry.item_id = e_pos, items[code].id
            entries.append(entry)
        section.entries = entries
        new_sections.append(section)
    dropped = [e.id for e in old_entries.values() if e.id]
    if dropped and db.session.scalar(select(exists().where(Answer.entry_id.in_(dropped)))):
        raise ItemError(
            _(
                "An item already answered in an inspection cannot be taken off "
                "this checklist; make a new checklist instead."
            ),
            "layout",
        )
    checklist.sections = new_sections
    checklist.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "checklist.saved", checklist, summary=checklist.name)
    return checklist


def checklist_of_point(point_id: int) -> PointChecklist | None:
    return db.session.get(PointChecklist, point_id)


def assign_checklist(point, checklist: Checklist, *, actor) -> PointChecklist:
    """Give a point its checklist (one point, one code, one checklist)."""
    if not can_assign_checklist(actor, point):
        raise NotAllowed(_("Only the point's company and supervisors choose its checklist."))
    link = db.session.get(PointChecklist, point.id)
    if link is None:
        link = PointChecklist(point_id=point.id, checklist_id=checklist.id)
        db.session.add(link)
    link.checklist_id, link.assigned_by_id, link.assigned_at = checklist.id, actor.id, utcnow()
    db.session.flush()
    audit.record(
        actor,
        "checklist.assigned",
        checklist,
        summary=point.name,
        company_id=point.company_id,
        point_id=point.id,
    )
    return link


# ---------------------------------------------------------------- XLSX


def export_xlsx() -> bytes:
    rows = (
        [
            item.code,
            item.category.value,
            item.requirement,
            item.requirement_en,
            item.reference,
            item.severity.value,
            item.guidance,
            item.guidance_en,
            item.article_url,
        ]
        for item in db.session.scalars(list_items())
    )
    return xlsx_bytes("items", list(COLUMNS), rows)


class ImportRejected(DomainError):
    """The whole file was refused; `problems` lists (row, reason)."""

    def __init__(self, message, problems: list[tuple[int, str]]) -> None:
        super().__init__(message, "file")
        self.problems = problems


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(row number, values) of the first sheet, read through core.xlsx (archive checked
    against zip bombs, rows capped, long cells refused). Raises ImportRejected for a file
    that is not a workbook, lacks the named columns or has too many rows."""
    try:
        table = xlsx.read_rows(data, max_rows=MAX_IMPORT_ROWS + 2, max_cols=MAX_IMPORT_COLUMNS)
    except xlsx.SpreadsheetRejected as exc:
        raise ImportRejected(exc.message, [(exc.row or 0, str(exc.message))]) from exc
    header = [str(c or "").strip().lower() for c in (table[0] if table else ())]
    missing = [c for c in ("code", "category", "requirement") if c not in header]
    if missing:
        raise ImportRejected(
            _(
                "The first row must name the columns; missing: %(columns)s.",
                columns=", ".join(missing),
            ),
            [(1, ", ".join(missing))],
        )
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise ImportRejected(
            _("At most %(n)s items in one file.", n=MAX_IMPORT_ROWS),
            [(MAX_IMPORT_ROWS + 2, _("too many rows"))],
        )
    out = []
    for number, row in enumerate(table[1:], start=2):
        values = {
            h: ("" if v is None else str(v))[: MAX_CELL + 1]
            for h, v in zip(header, row, strict=False)
            if h in COLUMNS
        }
        if any(v.strip() for v in values.values()):
            out.append((number, values))
    return out


def import_xlsx(data: bytes, *, actor) -> dict[str, int]:
    """Add new items and change existing ones from a workbook. Every row is checked
    first; one bad row refuses the whole file (ImportRejected lists every bad row).
    Returns counts of items added, changed and unchanged."""
    if not can_edit_items(actor):
        raise NotAllowed(_("Only supervisors and the office keep the item library."))
    rows = read_rows(data)
    problems: list[tuple[int, str]] = []
    checked: list[tuple[int, ItemData]] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        item = ItemData(**{c: values.get(c, "") for c in COLUMNS})
        item.severity = item.severity or Severity.MAJOR.value
        try:
            _check(item)
        except ItemError as exc:
            problems.append((number, str(exc.message)))
            continue
        if item.code in seen:
            problems.append(
                (
                    number,
                    _(
                        "The code %(code)s is also on row %(row)s.",
                        code=item.code,
                        row=seen[item.code],
                    ),
                )
            )
            continue
        seen[item.code] = number
        checked.append((number, item))
    if problems:
        raise ImportRejected(
            ngettext(
                "Nothing was imported: %(num)s row has errors.",
                "Nothing was imported: %(num)s rows have errors.",
                len(problems),
            ),
            problems,
        )
    if not checked:
        raise ImportRejected(_("The file has no items."), [(2, _("empty"))])
    counts = {"added": 0, "changed": 0, "unchanged": 0}
    current = {
        i.code: i
        for i in db.session.scalars(
            select(Item).where(Item.code.in_(list(seen)), Item.is_current.is_(True))
        )
    }
    for _number, wanted in checked:
        existing = current.get(wanted.code)
        if existing is None:
            create_item(wanted, actor=actor)
            counts["added"] += 1
        elif all(
            str(
                getattr(existing, c).value
                if c in ("category", "severity")
                else getattr(existing, c)
            )
            == getattr(wanted, c)
            for c in COLUMNS[1:]
        ):
            counts["unchanged"] += 1
        else:
            edit_item(existing, wanted, actor=actor, version=existing.version)
            counts["changed"] += 1
    return counts
