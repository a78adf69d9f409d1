"""The rules of alliances: creating them, joining, deciding requests, leaving.

Every function flushes and never commits; the caller commits. Other parts of the
alliance (six links, posts, aid, inspections, task forces) ask here who belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.accounts.models import Company, FunctionalArea, User
from engage.alliance.alliances.models import (
    Alliance,
    AllianceJoinRequest,
    JoinStatus,
    Membership,
)
from engage.alliance.alliances.permissions import (
    can_create_alliance,
    can_edit_alliance,
    can_lead,
    can_leave_alliance,
    can_request_join,
)
from engage.core import audit
from engage.core.diff import field_changes
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.notifications import notify_many, register_kind
from engage.core.sql import contains_any
from engage.core.timeutil import utcnow
from engage.extensions import db

register_kind("alliance.join_requested", _l("%(company)s asks to join the alliance %(alliance)s."))
register_kind(
    "alliance.join_approved", _l("%(company)s is now a member of the alliance %(alliance)s.")
)
register_kind(
    "alliance.join_refused",
    _l("The request of %(company)s to join %(alliance)s was refused: %(reason)s"),
)


class AllianceError(DomainError):
    """A refusal about alliances and membership."""


@dataclass
class AllianceData:
    name: str
    charter: str
    lead_company_id: int
    area_id: int | None
    logo_key: str | None = None


# ---------------------------------------------------------------- who belongs


def _cache() -> dict | None:
    if not has_request_context():
        return None
    if "alliance_members" not in g:
        g.alliance_members = {}
    return g.alliance_members


def _forget_members(alliance_id: int) -> None:
    cache = _cache()
    if cache is not None:
        cache.pop(alliance_id, None)


def member_company_ids(alliance: Alliance | int) -> set[int]:
    """The ids of the companies that belong to `alliance` now (one query per request)."""
    alliance_id = getattr(alliance, "id", alliance)
    cache = _cache()
    if cache is not None and alliance_id in cache:
        return cache[alliance_id]
    ids = set(
        db.session.scalars(
            select(Membership.company_id).where(
                Membership.alliance_id == alliance_id, Membership.left_at.is_(None)
            )
        )
    )
    if cache is not None:
        cache[alliance_id] = ids
    return ids


def alliance_ids_of_company(company_id: int | None) -> list[int]:
    """The alliances a company belongs to now."""
    if company_id is None:
        return []
    return list(
        db.session.scalars(
            select(Membership.alliance_id)
            .where(Membership.company_id == company_id, Membership.left_at.is_(None))
            .order_by(Membership.alliance_id)
        )
    )


def alliances_of_company(company_id: int | None) -> list[Alliance]:
    if company_id is None:
        return []
    return list(
        db.session.scalars(
            select(Alliance)
            .join(Membership, Membership.alliance_id == Alliance.id)
            .where(
                Membership.company_id == company_id,
                Membership.left_at.is_(None),
                Alliance.is_active.is_(True),
            )
            .order_by(Alliance.name)
        )
    )


def shared_alliance_ids(company_ids: list[int]) -> list[int]:
    """The alliances every one of `company_ids` belongs to now."""
    ids = sorted({c for c in company_ids if c})
    if not ids:
        return []
    stmt = (
        select(Membership.alliance_id)
        .where(Membership.company_id.in_(ids), Membership.left_at.is_(None))
        .group_by(Membership.alliance_id)
        .having(func.count(func.distinct(Membership.company_id)) == len(ids))
    )
    return sorted(db.session.scalars(stmt))


def member_user_ids(alliance: Alliance, *, managers_only: bool = False) -> list[int]:
    """The people of the member companies (only their safety managers and admins, if asked)."""
    from engage.accounts.models import CompanyRole

    stmt = select(User.id).where(
        User.company_id.in_(
            select(Membership.company_id).where(
                Membership.alliance_id == alliance.id, Membership.left_at.is_(None)
            )
        ),
        User.active.is_(True),
    )
    if managers_only:
        stmt = stmt.where(User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]))
    return list(db.session.scalars(stmt))


def current_memberships(alliance: Alliance) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.alliance_id == alliance.id, Membership.left_at.is_(None))
            .join(Company, Company.id == Membership.company_id)
            .order_by(Company.name)
        )
    )


def list_members(alliance: Alliance, q: str = ""):
    """The current members by name (a select to paginate), those whose name contains `q`."""
    stmt = (
        select(Membership)
        .where(Membership.alliance_id == alliance.id, Membership.left_at.is_(None))
        .join(Company, Company.id == Membership.company_id)
        .order_by(Company.name, Membership.id)
    )
    if q:
        stmt = stmt.where(contains_any(q, Company.name))
    return stmt


def count_members(alliance: Alliance) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.alliance_id == alliance.id, Membership.left_at.is_(None))
        )
        or 0
    )


def membership_history(alliance: Alliance) -> list[Membership]:
    """Every stint, newest first: the alliance's membership history."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.alliance_id == alliance.id)
            .order_by(Membership.joined_at.desc(), Membership.id.desc())
        )
    )


def list_alliances(user):
    """The statement of alliances `user` sees, by name (staff see inactive ones too)."""
    stmt = select(Alliance).order_by(Alliance.name)
    if not getattr(user, "is_park_staff", False):
        stmt = stmt.where(Alliance.is_active.is_(True))
    return stmt


def member_counts(alliance_ids: list[int]) -> dict[int, int]:
    if not alliance_ids:
        return {}
    rows = db.session.execute(
        select(Membership.alliance_id, func.count(Membership.id))
        .where(Membership.alliance_id.in_(alliance_ids), Membership.left_at.is_(None))
        .group_by(Membership.alliance_id)
    )
    return dict(rows.all())


def pending_requests(alliance: Alliance) -> list[AllianceJoinRequest]:
    return list(
        db.session.scalars(
            select(AllianceJoinRequest)
            .where(
                AllianceJoinRequest.alliance_id == alliance.id,
                AllianceJoinRequest.status == JoinStatus.PENDING,
            )
            .order_by(AllianceJoinRequest.created_at)
        )
    )


def pending_request_of(alliance: Alliance, company_id: int | None) -> AllianceJoinRequest | None:
    if company_id is None:
        return None
    return db.session.scalar(
        select(AllianceJoinRequest).where(
            AllianceJoinRequest.alliance_id == alliance.id,
            AllianceJoinRequest.company_id == company_id,
            AllianceJoinRequest.status == JoinStatus.PENDING,
        )
    )


def requests_history(alliance: Alliance, limit: int = 50) -> list[AllianceJoinRequest]:
    return list(
        db.session.scalars(
            select(AllianceJoinRequest)
            .where(
                AllianceJoinRequest.alliance_id == alliance.id,
                AllianceJoinRequest.status != JoinStatus.PENDING,
            )
            .order_by(AllianceJoinRequest.decided_at.desc())
            .limit(limit)
        )
    )


# ---------------------------------------------------------------- changes


def _check_data(data: AllianceData, alliance: Alliance | None = None) -> None:
    if not data.name:
        raise AllianceError(_l("Give the alliance a name."), field="name")
    clash = select(Alliance.id).where(func.lower(Alliance.name) == data.name.lower())
    if alliance is not None:
        clash = clash.where(Alliance.id != alliance.id)
    if db.session.scalar(clash) is not None:
        raise AllianceError(_l("Another alliance already has this name."), field="name")
    company = db.session.get(Company, data.lead_company_id or 0)
    if company is None or not company.is_active:
        raise AllianceError(_l("Choose the lead company."), field="lead_company_id")
    if data.area_id is not None and db.session.get(FunctionalArea, data.area_id) is None:
        raise AllianceError(_l("Choose a functional area, or park-wide."), field="area_id")


def create_alliance(data: AllianceData, *, actor) -> Alliance:
    """Admins and supervisors. The lead company is its first member. Raises AllianceError."""
    if not can_create_alliance(actor):
        raise NotAllowed(_l("Only the office and supervisors create alliances."))
    _check_data(data)
    alliance = Alliance(
        name=data.name,
        charter=data.charter or "",
        lead_company_id=data.lead_company_id,
        area_id=data.area_id,
        logo_key=data.logo_key,
        created_by_id=actor.id,
    )
    db.session.add(alliance)
    db.session.flush()
    _add_member(alliance, data.lead_company_id, actor)
    audit.record(actor, "alliance.created", alliance, summary=alliance.name)
    db.session.flush()
    return alliance


def update_alliance(alliance: Alliance, data: AllianceData, *, actor, version) -> Alliance:
    """Admins and supervisors. A new lead company joins if it was not a member."""
    if not can_edit_alliance(actor, alliance):
        raise NotAllowed(_l("Only the office and supervisors change alliances."))
    if str(version) != str(alliance.version):
        raise StaleVersion(
            _l(
                "Someone else changed this alliance while you were editing. "
                "Here it is as it is now; make your change again."
            ),
            current=alliance,
        )
    _check_data(data, alliance)
    before = audit.snapshot(alliance, _EDITED)
    alliance.name = data.name
    alliance.charter = data.charter or ""
    alliance.lead_company_id = data.lead_company_id
    alliance.area_id = data.area_id
    if data.logo_key:
        alliance.logo_key = data.logo_key
    if data.lead_company_id not in member_company_ids(alliance):
        _add_member(alliance, data.lead_company_id, actor)
    db.session.flush()
    db.session.expire(alliance, ["lead_company", "area"])  # follow the ids just set
    changes = field_changes(before, audit.snapshot(alliance, _EDITED))
    audit.record(actor, "alliance.updated", alliance, summary=alliance.name, changes=changes)
    return alliance


_EDITED = ("name", "charter", "lead_company", "area")


def _add_member(alliance: Alliance, company_id: int, actor) -> Membership:
    membership = Membership(
        alliance_id=alliance.id,
        company_id=company_id,
        added_by_id=getattr(actor, "id", None),
        joined_at=utcnow(),
    )
    db.session.add(membership)
    db.session.flush()
    _forget_members(alliance.id)
    for hook in _MEMBERSHIP_HOOKS:
        hook(alliance)
    return membership


def request_join(alliance: Alliance, statement: str, *, actor) -> AllianceJoinRequest:
    """A safety manager asks for their company to join. Raises AllianceError when the
    company already belongs or already asked."""
    company_id = getattr(actor, "company_id", None)
    if company_id is not None and company_id in member_company_ids(alliance):
        raise AllianceError(_l("Your company is already a member of this alliance."))
    if not can_request_join(actor, alliance):
        raise NotAllowed(_l("Only a company's safety manager or admin can ask to join."))
    if pending_request_of(alliance, company_id) is not None:
        raise AllianceError(_l("Your company has already asked to join; the lead will answer."))
    statement = (statement or "").strip()
    if len(statement) < 10:
        raise AllianceError(
            _l("Say in a sentence or two why your company wants to join."), field="statement"
        )
    request = AllianceJoinRequest(
        alliance_id=alliance.id,
        company_id=company_id,
        requested_by_id=actor.id,
        statement=statement[:2000],
    )
    db.session.add(request)
    db.session.flush()
    audit.record(actor, "alliance.join_requested", request, summary=alliance.name)
    from engage.accounts.models import CompanyRole

    lead_people = list(
        db.session.scalars(
            select(User.id).where(
                User.company_id == alliance.lead_company_id,
                User.active.is_(True),
                User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
            )
        )
    )
    notify_many(
        lead_people,
        "alliance.join_requested",
        exclude=actor.id,
        url=f"/alliance/{alliance.id}/requests",
        company=actor.company,
        alliance=alliance.name,
    )
    return request


def decide_join(request: AllianceJoinRequest, *, approve: bool, reason: str, actor) -> None:
    """The lead approves (the company becomes a member) or refuses with a reason.
    The requester is told. Raises AllianceError when already decided or no reason given."""
    alliance = db.session.get(Alliance, request.alliance_id)
    assert alliance is not None  # a request's alliance exists (foreign key)
    if not can_lead(actor, alliance):
        raise NotAllowed(_l("Only the alliance's lead decides who joins."))
    if request.status != JoinStatus.PENDING:
        raise AllianceError(_l("This request has already been answered."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise AllianceError(_l("Give the company a reason for the refusal."), field="reason")
    request.status = JoinStatus.APPROVED if approve else JoinStatus.REFUSED
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    request.reason = reason[:500]
    if approve and request.company_id not in member_company_ids(alliance):
        _add_member(alliance, request.company_id, actor)
    audit.record(
        actor,
        "alliance.join_approved" if approve else "alliance.join_refused",
        request,
        summary=alliance.name,
        reason=request.reason,
    )
    people = list(
        db.session.scalars(
            select(User.id).where(User.company_id == request.company_id, User.active.is_(True))
        )
    )
    kind = "alliance.join_approved" if approve else "alliance.join_refused"
    notify_many(
        people,
        kind,
        url=f"/alliance/{alliance.id}",
        company=request.company,
        alliance=alliance.name,
        reason=request.reason,
    )
    db.session.flush()


def leave_alliance(alliance: Alliance, note: str, *, actor) -> Membership:
    """A member company's safety manager ends its membership (the stint stays in history)."""
    if not can_leave_alliance(actor, alliance):
        raise NotAllowed(
            _l(
                "Only a member company's safety manager can leave, and the lead "
                "company cannot leave its own alliance."
            )
        )
    membership = db.session.scalar(
        select(Membership).where(
            Membership.alliance_id == alliance.id,
            Membership.company_id == actor.company_id,
            Membership.left_at.is_(None),
        )
    )
    assert membership is not None  # can_leave_alliance: a member
    membership.left_at = utcnow()
    membership.left_by_id = actor.id
    membership.left_note = (note or "").strip()[:500]
    db.session.flush()
    _forget_members(alliance.id)
    for hook in _MEMBERSHIP_HOOKS:
        hook(alliance)
    audit.record(
        actor, "alliance.left", membership, summary=alliance.name, company_id=actor.company_id
    )
    return membership


# ---------------------------------------------------------------- hooks

#: Called with the alliance after a company joins or leaves (posts re-index who may find them).
_MEMBERSHIP_HOOKS: list[Callable[[Alliance], None]] = []


def on_membership_change(fn: Callable[[Alliance], None]) -> Callable[[Alliance], None]:
    if fn not in _MEMBERSHIP_HOOKS:
        _MEMBERSHIP_HOOKS.append(fn)
    return fn


@dataclass(frozen=True)
class PageSection:
    """A section of the alliance page another part adds (upcoming events, open inspections):
    `load(alliance, user)` returns what `template` shows, or None to leave it out."""

    key: str
    template: str
    load: Callable
    order: int = 100


_PAGE_SECTIONS: dict[str, PageSection] = {}


def register_page_section(key: str, template: str, load: Callable, order: int = 100) -> None:
    """Add a section to every alliance page (e.g. the inspections part: open inspections)."""
    _PAGE_SECTIONS[key] = PageSection(key, template, load, order)


def page_sections(alliance: Alliance, user) -> list[tuple[PageSection, object]]:
    found = []
    for section in sorted(_PAGE_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        data = section.load(alliance, user)
        if data is not None:
            found.append((section, data))
    return found
