"""Points: create, edit, deactivate, codes (issue, revoke, look up), scans, the company tree.

Services flush, never commit; they take `actor=` and raise domain exceptions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from engage.accounts.models import Company, CompanyRole, User
from engage.core import audit
from engage.core.diff import field_changes
from engage.core.errors import DomainError
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker.errors import ActionRefused
from engage.tracker.points.models import Point, PointCode, PointKind, PointScan
from engage.tracker.points.permissions import can_manage_points

# No 0/O, 1/I/L: a code read off a faded label and typed on a phone must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_DEPTH = 3
KIND_BY_LEVEL = {1: PointKind.SITE, 2: PointKind.BUILDING, 3: PointKind.AREA}


class PointError(DomainError):
    """A point could not be changed as asked; the message says why."""


class TooDeep(PointError):
    def __init__(self) -> None:
        super().__init__(_l("Points go three levels deep at most: site, building, area."))


class BadParent(PointError):
    def __init__(self) -> None:
        super().__init__(_l("Put the point above it back in use first."))


class BadResponsible(PointError):
    def __init__(self) -> None:
        super().__init__(_l("Choose a member of the company."), "responsible_id")


class CodeMissing(PointError):
    def __init__(self) -> None:
        super().__init__(_l("Say why the code is replaced."), "reason")


def new_code() -> str:
    """A random code of 8 unambiguous characters (31^8, about 8.5e11)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes."""
    if not raw:
        return ""
    return "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())[:16]


def _issue_code(point: Point) -> str:
    """Give `point` a fresh unique code and record it; retries the rare collision."""
    for _attempt in range(10):
        code = new_code()
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(PointCode).values(point_id=point.id, code=code, created_at=utcnow())
                )
        except IntegrityError:
            continue
        point.code = code
        return code
    raise RuntimeError("could not find a free point code")


def level_of(point: Point | None) -> int:
    level = 0
    while point is not None:
        level += 1
        point = point.parent
    return level


def path_of(point: Point) -> list[Point]:
    """The point and its ancestors, site first."""
    chain = []
    node: Point | None = point
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def _check_responsible(company_id: int, responsible: User | None) -> None:
    if responsible is not None and responsible.company_id != company_id:
        raise BadResponsible


def _check_manage(actor: User, company_id: int) -> None:
    if not can_manage_points(actor, company_id):
        raise ActionRefused(_l("You may not manage the points of this company."))


def create_point(
    company: Company,
    *,
    actor: User,
    name: str,
    parent: Point | None = None,
    location: str = "",
    focus_target: FocusTarget = FocusTarget.OTHER,
    responsible: User | None = None,
    notes: str = "",
) -> Point:
    """A new point under `parent` (or a new site). Its kind follows its level.

    Company safety managers and admins, supervisors and admins.
    Raises ActionRefused, BadParent, TooDeep, BadResponsible.
    """
    _check_manage(actor, company.id)
    if parent is not None and (parent.company_id != company.id or not parent.active):
        raise BadParent
    level = level_of(parent) + 1
    if level > MAX_DEPTH:
        raise TooDeep
    _check_responsible(company.id, responsible)
    point = Point(
        company=company,
        parent=parent,
        kind=KIND_BY_LEVEL[level],
        name=name.strip(),
        location=location or "",
        focus_target=focus_target,
        responsible_id=getattr(responsible, "id", None),
        notes=notes or "",
        code=f"tmp{secrets.token_hex(6)}",
        scan_count=0,
        active=True,
    )
    db.session.add(point)
    db.session.flush()
    _issue_code(point)
    db.session.flush()
    audit.record(actor, "point.created", point, summary=point.name, code=point.code)
    return point


def update_point(
    point: Point,
    *,
    actor: User,
    name: str,
    location: str,
    focus_target: FocusTarget,
    responsible: User | None,
    notes: str,
) -> Point:
    """Edit a point's details (the caller has checked the form's version).

    Raises ActionRefused, BadResponsible.
    """
    _check_manage(actor, point.company_id)
    _check_responsible(point.company_id, responsible)
    before = audit.snapshot(point, _EDITED)
    point.name = name.strip()
    point.location = location or ""
    point.focus_target = focus_target
    point.responsible_id = getattr(responsible, "id", None)
    point.notes = notes or ""
    db.session.flush()
    db.session.expire(point, ["responsible"])  # follows responsible_id on next read
    changes = field_changes(before, audit.snapshot(point, _EDITED))
    if changes:
        audit.record(actor, "point.updated", point, summary=point.name, changes=changes)
    return point


_EDITED = ("name", "location", "focus_target", "responsible", "notes")


def set_active(point: Point, *, actor: User, active: bool) -> list[Point]:
    """Deactivate a point and the points under it (or reactivate just this one).

    A deactivated point's page no longer opens for the public; its history stays.
    Raises ActionRefused, BadParent (reactivating under an inactive parent).
    """
    _check_manage(actor, point.company_id)
    changed = [point]
    if active:
        if point.parent is not None and not point.parent.active:
            raise BadParent
    else:
        changed += descendants(point)
    for node in changed:
        node.active = active
    db.session.flush()
    audit.record(
        actor,
        "point.activated" if active else "point.deactivated",
        point,
        summary=point.name,
        count=len(changed),
    )
    return changed


def children_of(point: Point) -> list[Point]:
    """The points in use directly under `point`."""
    return list(
        db.session.scalars(
            select(Point)
            .where(Point.parent_id == point.id, Point.active.is_(True))
            .order_by(Point.name, Point.id)
        ).all()
    )


def descendants(point: Point) -> list[Point]:
    found: list[Point] = []
    frontier = [point.id]
    while frontier:
        children = db.session.scalars(select(Point).where(Point.parent_id.in_(frontier))).all()
        found += children
        frontier = [c.id for c in children]
    return found


def revoke_code(point: Point, *, actor: User, reason: str) -> str:
    """Revoke the point's code (a lost or damaged label) and issue a new one.

    The old code's page then says the code was replaced. Returns the new code.
    Raises ActionRefused, CodeMissing.
    """
    _check_manage(actor, point.company_id)
    if not reason.strip():
        raise CodeMissing
    old = point.code
    db.session.execute(
        update(PointCode)
        .where(PointCode.code == old, PointCode.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=actor.id, revoke_reason=reason.strip()[:300])
    )
    code = _issue_code(point)
    db.session.flush()
    audit.record(
        actor,
        "point.code_replaced",
        point,
        summary=point.name,
        old=old,
        new=code,
        reason=reason.strip()[:300],
    )
    return code


@dataclass
class CodeLookup:
    """What a scanned code leads to: the point, or a point whose code was replaced."""

    point: Point | None = None
    replaced: PointCode | None = None


def find_by_code(raw: str) -> CodeLookup:
    code = normalise_code(raw)
    if not code:
        return CodeLookup()
    point = db.session.scalar(select(Point).where(Point.code == code))
    if point is not None:
        return CodeLookup(point=point)
    old = db.session.scalar(
        select(PointCode).where(PointCode.code == code, PointCode.revoked_at.is_not(None))
    )
    if old is not None:
        return CodeLookup(replaced=old)
    return CodeLookup()


def record_scan(point: Point, *, user: User | None) -> None:
    """Count one opening of the point's page: a scan row and an atomic increment.

    `scan_count = scan_count + 1` in the database, never read-modify-write, so
    two phones scanning at once both count; the version is left alone so a scan
    never makes an open edit form stale.
    """
    db.session.add(
        PointScan(
            point_id=point.id,
            code=point.code,
            scanned_at=utcnow(),
            user_id=getattr(user, "id", None),
        )
    )
    db.session.execute(
        update(Point)
        .where(Point.id == point.id)
        .values(scan_count=Point.scan_count + 1)
        .execution_options(synchronize_session=False)
    )


@dataclass
class TreeNode:
    point: Point
    children: list[TreeNode] = field(default_factory=list)
    depth: int = 0


def company_tree(company_id: int, *, include_inactive: bool = True) -> list[TreeNode]:
    """The company's points as a forest (sites, their buildings, their areas), in one query."""
    stmt = (
        select(Point)
        .where(Point.company_id == company_id)
        .options(selectinload(Point.responsible))
        .order_by(Point.name, Point.id)
    )
    if not include_inactive:
        stmt = stmt.where(Point.active.is_(True))
    points = db.session.scalars(stmt).all()
    nodes = {p.id: TreeNode(point=p) for p in points}
    roots: list[TreeNode] = []
    for p in points:
        node = nodes[p.id]
        parent = nodes.get(p.parent_id) if p.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    def depth(nodes_: list[TreeNode], d: int) -> None:
        for n in nodes_:
            n.depth = d
            depth(n.children, d + 1)

    depth(roots, 0)
    return roots


def flatten(tree: list[TreeNode]) -> list[TreeNode]:
    out: list[TreeNode] = []

    def walk(nodes_: list[TreeNode]) -> None:
        for n in nodes_:
            out.append(n)
            walk(n.children)

    walk(tree)
    return out


def points_for_labels(company_id: int, ids: list[int]) -> list[Point]:
    """The company's active points among `ids` (others' ids are silently left out), in
    the order of the company's tree, so a sheet of labels reads like the site: a site,
    then its buildings, then their areas."""
    if not ids:
        return []
    wanted = set(ids[:500])
    # The whole tree, inactive points too, so each label's path needs no further query.
    return [
        node.point
        for node in flatten(company_tree(company_id))
        if node.point.id in wanted and node.point.active
    ]


def company_members(company_id: int) -> list[User]:
    """People who may be a point's responsible person: active members of the company."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.company_id == company_id, User.active.is_(True))
            .order_by(User.company_role == CompanyRole.EMPLOYEE, User.name)
        ).all()
    )


def list_companies():
    """For park staff choosing a company: active companies by name (a select to paginate)."""
    return select(Company).where(Company.is_active.is_(True)).order_by(Company.name, Company.id)


def point_counts(company_ids: list[int]) -> dict[int, int]:
    """Active points per company, in one query."""
    if not company_ids:
        return {}
    rows = db.session.execute(
        select(Point.company_id, func.count(Point.id))
        .where(Point.company_id.in_(company_ids), Point.active.is_(True))
        .group_by(Point.company_id)
    ).all()
    return dict(rows)


def code_history(point: Point) -> list[PointCode]:
    return list(
        db.session.scalars(
            select(PointCode)
            .where(PointCode.point_id == point.id)
            .order_by(PointCode.created_at.desc(), PointCode.id.desc())
        ).all()
    )


def get_points(ids) -> dict[int, Point]:
    """Points by id, in one query (for other domains, through the tracker's public face)."""
    wanted = sorted({int(i) for i in ids if i})[:1000]
    if not wanted:
        return {}
    return {p.id: p for p in db.session.scalars(select(Point).where(Point.id.in_(wanted)))}
