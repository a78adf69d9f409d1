"""Emergency mutual aid: resource lists kept current, requests, offers, acceptance, closing.

Flushes, never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.accounts.models import Company, FunctionalArea, User
from engage.alliance.aid.models import (
    STALE_AFTER,
    AidOffer,
    AidRequest,
    AidStatus,
    Resource,
    ResourceKind,
    Urgency,
)
from engage.alliance.aid.permissions import (
    can_manage_resources,
    can_raise_request,
    can_run_request,
)
from engage.alliance.alliances.models import Alliance, Membership
from engage.alliance.alliances.permissions import is_member
from engage.alliance.alliances.services import alliance_ids_of_company, member_company_ids
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.notifications import notify, notify_many, register_kind
from engage.core.permissions import manages_company
from engage.core.timeutil import utcnow
from engage.extensions import db

register_kind("alliance.aid_request", _l("Aid needed (%(urgency)s) at %(where)s: %(what)s"))
register_kind("alliance.aid_offer", _l("%(company)s offers help: %(quantity)s. %(note)s"))
register_kind("alliance.aid_accepted", _l("Your offer of help to “%(what)s” was accepted."))
register_kind("alliance.aid_closed", _l("The aid request “%(what)s” is closed."))


class AidError(DomainError):
    """A refusal about mutual aid."""


@dataclass
class ResourceData:
    kind: str
    name: str
    quantity: int | None
    unit: str
    contact_name: str
    contact_phone: str
    notes: str = ""


def _check_resource(data: ResourceData) -> None:
    if data.kind not in ResourceKind._value2member_map_:
        raise AidError(_l("Choose what kind of resource it is."), field="kind")
    if not data.name.strip():
        raise AidError(_l("Name the resource."), field="name")
    if data.quantity is None or not 1 <= data.quantity <= 100_000:
        raise AidError(_l("Give a quantity from 1 to 100,000."), field="quantity")
    if not data.contact_name.strip() or not data.contact_phone.strip():
        raise AidError(_l("Give who to call for it, with a phone number."), field="contact_phone")


def save_resource(
    company_id: int, data: ResourceData, *, actor, resource: Resource | None = None, version=None
) -> Resource:
    """Add or change an entry of the company's list; saving confirms it as current."""
    if not can_manage_resources(actor, company_id):
        raise NotAllowed(_l("Only the company's safety managers keep its resource list."))
    if resource is not None and str(version) != str(resource.version):
        raise StaleVersion(_l("Someone else changed this entry; here it is now."), current=resource)
    _check_resource(data)
    if resource is None:
        resource = Resource(company_id=company_id)
        db.session.add(resource)
    resource.kind = ResourceKind(data.kind)
    resource.name = data.name.strip()[:120]
    assert data.quantity is not None  # _check_resource refused it missing
    resource.quantity = data.quantity
    resource.unit = data.unit.strip()[:20]
    resource.contact_name = data.contact_name.strip()[:100]
    resource.contact_phone = data.contact_phone.strip()[:40]
    resource.notes = data.notes.strip()[:500]
    resource.confirmed_at = utcnow()
    db.session.flush()
    audit.record(actor, "alliance.resource_saved", resource, summary=resource.name)
    return resource


def confirm_resource(resource: Resource, *, actor) -> None:
    """Still there, still the same: the entry is current again."""
    if not can_manage_resources(actor, resource.company_id):
        raise NotAllowed(_l("Only the company's safety managers keep its resource list."))
    resource.confirmed_at = utcnow()
    db.session.flush()


def delete_resource(resource: Resource, *, actor) -> None:
    if not can_manage_resources(actor, resource.company_id):
        raise NotAllowed(_l("Only the company's safety managers keep its resource list."))
    audit.record(actor, "alliance.resource_removed", resource, summary=resource.name)
    db.session.delete(resource)
    db.session.flush()


def company_resources(company_id: int) -> list[Resource]:
    return list(
        db.session.scalars(
            select(Resource)
            .where(Resource.company_id == company_id)
            .order_by(Resource.kind, Resource.name)
        )
    )


def stale_count(company_id: int) -> int:
    cutoff = utcnow() - STALE_AFTER
    return sum(1 for r in company_resources(company_id) if r.confirmed_at < cutoff)


def park_resources(area_id: int | None = None, kind: str = ""):
    """Every company's resources, by functional area then company (for supervisors)."""
    stmt = (
        select(Resource)
        .join(Company, Company.id == Resource.company_id)
        .join(FunctionalArea, FunctionalArea.id == Company.area_id)
        .order_by(FunctionalArea.code, Company.name, Resource.kind, Resource.name)
    )
    if area_id:
        stmt = stmt.where(Company.area_id == area_id)
    if kind in ResourceKind._value2member_map_:
        stmt = stmt.where(Resource.kind == ResourceKind(kind))
    return stmt


def alliance_resources(alliance: Alliance, kind: str = "") -> list[Resource]:
    """What the alliance's members can lend (shown beside a request)."""
    stmt = (
        select(Resource)
        .where(
            Resource.company_id.in_(
                select(Membership.company_id).where(
                    Membership.alliance_id == alliance.id, Membership.left_at.is_(None)
                )
            )
        )
        .order_by(Resource.kind, Resource.name)
    )
    if kind in ResourceKind._value2member_map_:
        stmt = stmt.where(Resource.kind == ResourceKind(kind))
    return list(db.session.scalars(stmt.limit(200)))


# ---------------------------------------------------------------- requests


def raise_request(alliance: Alliance, *, what: str, where: str, urgency: str, actor) -> AidRequest:
    """A member (or a supervisor) asks the alliance for help; every member's people are told."""
    if not can_raise_request(actor, alliance):
        raise NotAllowed(
            _l("Only a member company's safety manager or a supervisor raises an aid request.")
        )
    what, where = (what or "").strip(), (where or "").strip()
    if not what:
        raise AidError(_l("Say what is needed."), field="what")
    if not where:
        raise AidError(_l("Say where help must go."), field="where")
    if urgency not in Urgency._value2member_map_:
        raise AidError(_l("Choose how urgent it is."), field="urgency")
    request = AidRequest(
        alliance_id=alliance.id,
        raised_by_id=actor.id,
        company_id=actor.company_id if actor.company_id in member_company_ids(alliance) else None,
        what=what[:300],
        where=where[:300],
        urgency=Urgency(urgency),
    )
    db.session.add(request)
    db.session.flush()
    people = db.session.scalars(
        select(User.id).where(
            User.company_id.in_(sorted(member_company_ids(alliance)) or [0]), User.active.is_(True)
        )
    )
    from engage.alliance.aid.models import URGENCY_LABELS

    notify_many(
        people,
        "alliance.aid_request",
        exclude=actor.id,
        url=f"/alliance/aid/requests/{request.id}",
        urgency=str(URGENCY_LABELS[request.urgency]),
        where=request.where,
        what=request.what,
    )
    audit.record(actor, "alliance.aid_requested", request, summary=request.what)
    return request


def offer_help(request: AidRequest, alliance: Alliance, *, quantity, note: str, actor) -> AidOffer:
    """Another member company offers help. Refused on a closed request or a second offer."""
    if not request.is_open:
        raise AidError(_l("This request is closed; no more offers are taken."))
    if not (is_member(actor, alliance) and manages_company(actor, actor.company_id)):
        raise NotAllowed(_l("Only safety managers of the alliance's member companies offer help."))
    if actor.company_id == request.company_id:
        raise AidError(_l("Your own company raised this request."))
    if db.session.scalar(
        select(AidOffer.id).where(
            AidOffer.request_id == request.id, AidOffer.company_id == actor.company_id
        )
    ):
        raise AidError(_l("Your company has already offered help on this request."))
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        quantity = 0
    if not 1 <= quantity <= 100_000:
        raise AidError(_l("Give a quantity from 1 to 100,000."), field="quantity")
    offer = AidOffer(
        request_id=request.id,
        company_id=actor.company_id,
        user_id=actor.id,
        quantity=quantity,
        note=(note or "").strip()[:500],
        created_at=utcnow(),
    )
    db.session.add(offer)
    db.session.flush()
    if request.raised_by_id:
        notify(
            request.raised_by_id,
            "alliance.aid_offer",
            url=f"/alliance/aid/requests/{request.id}",
            company=actor.company,
            quantity=quantity,
            note=offer.note,
        )
    audit.record(actor, "alliance.aid_offered", offer, summary=request.what, quantity=quantity)
    return offer


def accept_offer(offer: AidOffer, request: AidRequest, *, actor) -> None:
    if not can_run_request(actor, request):
        raise NotAllowed(_l("Only whoever raised the request accepts offers."))
    if not request.is_open:
        raise AidError(_l("This request is closed."))
    if offer.accepted_at is not None:
        raise AidError(_l("This offer is already accepted."))
    offer.accepted_at = utcnow()
    db.session.flush()
    if offer.user_id:
        notify(
            offer.user_id,
            "alliance.aid_accepted",
            url=f"/alliance/aid/requests/{request.id}",
            what=request.what,
        )
    audit.record(actor, "alliance.aid_accepted", offer, summary=request.what)


def close_request(request: AidRequest, note: str, *, actor) -> None:
    """Close with a short after-action note; those who offered are told."""
    if not can_run_request(actor, request):
        raise NotAllowed(_l("Only whoever raised the request closes it."))
    if not request.is_open:
        raise AidError(_l("This request is already closed."))
    note = (note or "").strip()
    if len(note) < 5:
        raise AidError(
            _l("Write a short after-action note: what happened, what helped."), field="after_action"
        )
    request.status = AidStatus.CLOSED
    request.closed_at = utcnow()
    request.closed_by_id = actor.id
    request.after_action = note[:5000]
    db.session.flush()
    notify_many(
        [o.user_id for o in request.offers],
        "alliance.aid_closed",
        exclude=actor.id,
        url=f"/alliance/aid/requests/{request.id}",
        what=request.what,
    )
    audit.record(actor, "alliance.aid_closed", request, summary=request.what)


def list_requests(user, *, status: str = "open"):
    """Requests of the user's alliances (all of them for park staff), newest first."""
    stmt = select(AidRequest).order_by(AidRequest.created_at.desc(), AidRequest.id.desc())
    if not getattr(user, "is_park_staff", False):
        stmt = stmt.where(
            AidRequest.alliance_id.in_(alliance_ids_of_company(user.company_id) or [0])
        )
    if status in AidStatus._value2member_map_:
        stmt = stmt.where(AidRequest.status == AidStatus(status))
    return stmt
