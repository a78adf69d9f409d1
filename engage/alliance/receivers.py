"""What the alliance does when another domain announces something: it counts six links.

Receivers run in the sender's transaction: they flush, never commit, and never
call back into the sender. Recording is idempotent, so a signal heard twice
counts once.
"""

from __future__ import annotations

from engage.alliance.alliances.services import (
    alliance_ids_of_company,
    member_company_ids,
    shared_alliance_ids,
)
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.core import signals

#: Event kinds that count as studying together (联学).
STUDY_KINDS = frozenset({"training", "lecture", "study", "drill_training"})


@signals.problem_closed.connect
def problem_closed(sender, payload=None, **_extra) -> None:
    """A problem closed after a peer verified it: manage (联管) for the verifying and the
    rectifying company, in each alliance both belong to; the fixing company is invited to
    share the lesson."""
    if payload is None or not payload.peer_verified:
        return
    companies = [payload.company_id, payload.verifier_company_id]
    for alliance_id in shared_alliance_ids(companies):
        record(
            alliance_id,
            Link.MANAGE,
            companies,
            SourceKind.PROBLEM,
            payload.problem_id,
            payload.number,
            payload.closed_at,
            payload.verified_by_id,
        )
    from engage.alliance.posts.lessons import invite_after_peer_fix

    invite_after_peer_fix(payload)


@signals.event_held.connect
def event_held(sender, payload=None, **_extra) -> None:
    """An event organised by two or more members of an alliance: handle (联办) for them;
    a training or lecture also counts as study (联学)."""
    if payload is None:
        return
    organisers = sorted({c for c in (getattr(payload, "organiser_company_ids", None) or ()) if c})
    if not organisers:
        return
    audience = getattr(payload, "audience_alliance_id", None)
    candidate_ids: set[int] = set()
    for company_id in organisers:
        candidate_ids.update(alliance_ids_of_company(company_id))
    if audience is not None:
        candidate_ids &= {audience}
    kind = str(getattr(payload, "kind", "") or "")
    for alliance_id in sorted(candidate_ids):
        members = [c for c in organisers if c in member_company_ids(alliance_id)]
        joint = len(members) >= 2
        if joint:
            record(
                alliance_id,
                Link.HANDLE,
                members,
                SourceKind.EVENT,
                payload.event_id,
                payload.title,
                payload.starts_at,
            )
        if kind in STUDY_KINDS and (joint or audience == alliance_id):
            record(
                alliance_id,
                Link.STUDY,
                members,
                SourceKind.EVENT,
                payload.event_id,
                payload.title,
                payload.starts_at,
            )


@signals.problem_closed.connect
def inspection_finding_closed(sender, payload=None, **_extra) -> None:
    """A problem opened from a peer inspection's hazard closed: the finding shows it, and
    a peer-verified closure counts for manage in the inspection's alliance."""
    if payload is None:
        return
    from engage.alliance.inspections.services import problem_closed as finding_closed

    finding_closed(
        payload.problem_id,
        payload.closed_at,
        payload.verifier_company_id,
        payload.peer_verified,
        payload.verified_by_id,
    )
