"""The pairing helper: a round in which every member inspects one other and is inspected
by one other, never itself; the lead adjusts, then every inspection is created at once."""

from __future__ import annotations

import random
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from engage.accounts.models import Company, CompanyRole, User
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.services import member_company_ids
from engage.alliance.inspections.models import Checklist, Inspection, InspectionRound
from engage.alliance.inspections.permissions import can_pair_round
from engage.alliance.inspections.services import (
    InspectionError,
    Proposal,
    _build,
    _manager_ids,
    _notify,
    check_proposal,
)
from engage.core import audit
from engage.core.errors import NotAllowed
from engage.extensions import db
from engage.tracker import company_tree, flatten


@dataclass
class Pairing:
    pairs: list[tuple[int, int]]  # (inspecting company, host company)
    avoided_last: bool  # no pair repeats last round's
    avoided_groups: bool  # no pair within a group


def last_round_pairs(alliance: Alliance) -> set[tuple[int | None, int]]:
    last = db.session.scalar(
        select(InspectionRound.id)
        .where(InspectionRound.alliance_id == alliance.id)
        .order_by(InspectionRound.planned_on.desc(), InspectionRound.id.desc())
        .limit(1)
    )
    if last is None:
        return set()
    return {
        (i, h)
        for i, h in db.session.execute(
            select(Inspection.inspecting_company_id, Inspection.host_company_id).where(
                Inspection.round_id == last
            )
        )
    }


def _search(ids: list[int], bad) -> list[tuple[int, int]] | None:
    """A permutation without fixed points and without `bad` pairs (backtracking;
    members of an alliance are tens, not thousands)."""
    hosts_left = set(ids)
    chosen: dict[int, int] = {}

    def place(n: int) -> bool:
        if n == len(ids):
            return True
        inspector = ids[n]
        for host in sorted(hosts_left, key=lambda h: (hash((inspector, h, len(ids))) % 997, h)):
            if host == inspector or bad(inspector, host):
                continue
            chosen[inspector] = host
            hosts_left.discard(host)
            if place(n + 1):
                return True
            hosts_left.add(host)
            del chosen[inspector]
        return False

    return [(i, chosen[i]) for i in ids] if place(0) else None


def propose_pairs(
    company_ids,
    *,
    previous: AbstractSet[tuple[int | None, int]] = frozenset(),
    groups: dict[int, str] | None = None,
    seed: int = 0,
) -> Pairing:
    """Pair every company with another: each inspects one and is inspected by one.
    Avoids last round's pairs and pairs within a group when it can; says which it could
    not avoid. Raises InspectionError with fewer than two companies."""
    ids = sorted(set(company_ids))
    if len(ids) < 2:
        raise InspectionError(_("A round needs at least two member companies."))
    random.Random(seed).shuffle(ids)
    groups = {k: v.strip() for k, v in (groups or {}).items() if v and v.strip()}

    def same_group(a: int, b: int) -> bool:
        return a in groups and groups.get(a) == groups.get(b)

    for avoid_last, avoid_groups in ((True, True), (False, True), (True, False), (False, False)):

        def bad(a: int, b: int, _l=avoid_last, _g=avoid_groups) -> bool:
            return (_l and (a, b) in previous) or (_g and same_group(a, b))

        pairs = _search(ids, bad)
        if pairs is not None:
            return Pairing(sorted(pairs), avoid_last or not previous, avoid_groups or not groups)
    raise InspectionError(_("No pairing is possible."))  # pragma: no cover (n >= 2 always pairs)


def check_pairs(pairs: list[tuple[int, int]], members: set[int]) -> None:
    """Every member inspects exactly one other and is inspected by exactly one other."""
    inspectors = [i for i, _h in pairs]
    hosts = [h for _i, h in pairs]
    if any(i == h for i, h in pairs):
        raise InspectionError(_("A company cannot inspect itself."), "pairs")
    if sorted(inspectors) != sorted(members) or sorted(hosts) != sorted(members):
        raise InspectionError(
            _(
                "Every member must inspect exactly one other member and be "
                "inspected by exactly one."
            ),
            "pairs",
        )


def default_team(company_id: int) -> list[int]:
    """A company's safety managers (its admins when it has none) lead its team."""
    rows = db.session.execute(
        select(User.id, User.company_role)
        .where(
            User.company_id == company_id,
            User.active.is_(True),
            User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
        )
        .order_by(User.company_role.desc(), User.id)
    ).all()
    managers = [u for u, r in rows if r == CompanyRole.SAFETY_MANAGER]
    return (managers or [u for u, _r in rows])[:3]


def host_points(company_id: int) -> list[int]:
    """The host's active top-level points (sites), which a round inspects by default."""
    return [
        n.point.id
        for n in flatten(company_tree(company_id, include_inactive=False))
        if n.depth == 0
    ][:5]


def confirm_round(
    alliance: Alliance,
    pairs: list[tuple[int, int]],
    *,
    name: str,
    planned_on: date,
    checklist_id: int,
    actor,
) -> InspectionRound:
    """Create the round and every inspection of it, in the caller's one transaction:
    one refusal (a bad pair, a company with no safety manager) creates nothing.
    The alliance lead, supervisors and admins."""
    if not can_pair_round(actor, alliance):
        raise NotAllowed(_("Only the alliance lead pairs a round."))
    members = member_company_ids(alliance)
    check_pairs(pairs, members)
    if db.session.get(Checklist, checklist_id) is None:
        raise InspectionError(_("Choose a checklist."), "checklist")
    name = (name or "").strip()[:200] or _("Round of %(day)s", day=planned_on.isoformat())
    names: dict[int | None, str] = dict(
        db.session.execute(select(Company.id, Company.name).where(Company.id.in_(members))).all()
    )
    rnd = InspectionRound(
        alliance_id=alliance.id, name=name, planned_on=planned_on, created_by_id=actor.id
    )
    db.session.add(rnd)
    db.session.flush()
    made = []
    for inspector, host in pairs:
        team = default_team(inspector)
        if not team:
            raise InspectionError(
                _(
                    "%(company)s has no safety manager to lead its team.",
                    company=names.get(inspector, inspector),
                ),
                "pairs",
            )
        data = Proposal(
            alliance_id=alliance.id,
            host_company_id=host,
            checklist_id=checklist_id,
            planned_on=planned_on,
            team_ids=team,
            point_ids=host_points(host),
        )
        people, inspecting = check_proposal(data, alliance)
        made.append(_build(alliance, data, people, inspecting, actor, round_id=rnd.id))
    db.session.flush()
    audit.record(actor, "inspection.round_confirmed", rnd, summary=name, pairs=len(made))
    for inspection in made:
        _notify(
            _manager_ids(inspection.host_company_id),
            "inspection.proposed",
            inspection,
            actor,
            team=names.get(inspection.inspecting_company_id, ""),
            day=planned_on.isoformat(),
        )
    return rnd
