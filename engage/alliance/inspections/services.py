"""The rules of a peer inspection: proposing, accepting or moving the date, answering
items one by one, submitting (hazards become problems), acknowledging, feedback,
reminders, and what a closed problem changes.

Every function flushes and never commits; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from engage.accounts.models import User
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.services import member_company_ids
from engage.alliance.inspections.items import load_checklist
from engage.alliance.inspections.models import (
    PROBLEM_CATEGORY,
    Answer,
    AnswerPhoto,
    AnswerResult,
    Checklist,
    ChecklistEntry,
    Inspection,
    InspectionPoint,
    InspectionStatus,
    Item,
    TeamMember,
)
from engage.alliance.inspections.permissions import (
    can_answer_host_side,
    can_answer_proposer_side,
    can_inspect,
    can_propose_inspection,
    can_rate_host,
    visible_inspections,
)
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.notifications import notify_many, register_kind
from engage.core.permissions import is_supervisor_or_admin
from engage.core.timeutil import to_local, utcnow
from engage.core.urls import path_for
from engage.extensions import db
from engage.tracker import ProblemSource, get_points, open_problem

register_kind("inspection.proposed", _l("%(team)s proposes to inspect %(host)s on %(day)s."))
register_kind("inspection.accepted", _l("%(host)s accepted the inspection on %(day)s."))
register_kind("inspection.new_date", _l("%(host)s proposes another date: %(day)s."))
register_kind("inspection.reminder", _l("Reminder: the inspection of %(host)s is on %(day)s."))
register_kind(
    "inspection.submitted",
    _l("The inspection report for %(host)s is in: %(hazards)s hazards found."),
)
register_kind("inspection.acknowledged", _l("%(host)s acknowledged the inspection report."))

MAX_NOTE = 2000


class InspectionError(DomainError):
    """A refusal about an inspection."""


@dataclass
class Proposal:
    alliance_id: int
    host_company_id: int
    checklist_id: int
    planned_on: date
    team_ids: list[int]
    point_ids: list[int] = field(default_factory=list)
    note: str = ""


def _url(endpoint: str, **values) -> str:
    """A local path, also from the command line (reminders run from cron)."""
    return path_for(endpoint, **values)


def _day(d: date) -> str:
    return d.isoformat()


def _manager_ids(company_id: int | None) -> list[int]:
    if company_id is None:
        return []
    from engage.accounts.models import CompanyRole

    return list(
        db.session.scalars(
            select(User.id).where(
                User.company_id == company_id,
                User.active.is_(True),
                User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
            )
        )
    )


def _parties(inspection: Inspection) -> list[int]:
    ids = set(_manager_ids(inspection.host_company_id))
    ids |= {m.user_id for m in inspection.team}
    ids |= set(_manager_ids(inspection.inspecting_company_id))
    return sorted(ids)


def _notify(user_ids, kind: str, inspection: Inspection, actor=None, **params) -> None:
    notify_many(
        user_ids,
        kind,
        exclude=getattr(actor, "id", None),
        url=_url("alliance.inspections.detail", inspection_id=inspection.id),
        host=inspection.host_company,
        **params,
    )


# ---------------------------------------------------------------- proposing


def check_proposal(data: Proposal, alliance: Alliance) -> tuple[list[User], int | None]:
    """The team and the inspecting company, or InspectionError naming the field."""
    members = member_company_ids(alliance)
    if data.host_company_id not in members:
        raise InspectionError(_("The host must be a member company of the alliance."), "host")
    if db.session.get(Checklist, data.checklist_id) is None:
        raise InspectionError(_("Choose a checklist."), "checklist")
    ids = list(dict.fromkeys(int(i) for i in data.team_ids))[:12]
    if not ids:
        raise InspectionError(_("Name at least one inspector."), "team")
    people = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_(ids), User.active.is_(True)))
    }
    team = [people[i] for i in ids if i in people]
    if len(team) != len(ids):
        raise InspectionError(_("Someone named in the team cannot be found."), "team")
    for person in team:
        if person.company_id == data.host_company_id:
            raise InspectionError(
                _(
                    "A company cannot inspect itself: %(name)s works for the host.",
                    name=person.name,
                ),
                "team",
            )
        if person.company_id is None and not is_supervisor_or_admin(person):
            raise InspectionError(
                _("%(name)s belongs to no member company.", name=person.name), "team"
            )
        if person.company_id is not None and person.company_id not in members:
            raise InspectionError(
                _("%(name)s's company is not a member of the alliance.", name=person.name), "team"
            )
    companies = [p.company_id for p in team if p.company_id is not None]
    if len(set(companies)) > 1:
        raise InspectionError(
            _("The team comes from one company (supervisors may join it)."), "team"
        )
    points = get_points(data.point_ids)
    if len(points) != len(set(data.point_ids)) or any(
        p.company_id != data.host_company_id or not p.active for p in points.values()
    ):
        raise InspectionError(_("Choose points of the host company."), "points")
    return team, (companies[0] if companies else None)


def _build(
    alliance: Alliance,
    data: Proposal,
    team: list[User],
    inspecting: int | None,
    actor,
    round_id: int | None = None,
) -> Inspection:
    inspection = Inspection(
        alliance_id=alliance.id,
        round_id=round_id,
        host_company_id=data.host_company_id,
        inspecting_company_id=inspecting,
        checklist_id=data.checklist_id,
        planned_on=data.planned_on,
        note=(data.note or "").strip()[:2000],
        status=InspectionStatus.PROPOSED,
        awaiting_host=True,
        proposed_by_id=actor.id,
    )
    inspection.team = [
        TeamMember(user_id=u.id, is_lead=(n == 0), position=n) for n, u in enumerate(team)
    ]
    inspection.points = [InspectionPoint(point_id=p) for p in dict.fromkeys(data.point_ids)]
    db.session.add(inspection)
    return inspection


def propose_inspection(alliance: Alliance, data: Proposal, *, actor) -> Inspection:
    """A member company's safety manager, the alliance lead or a supervisor proposes.
    The host's managers are told and accept or propose another date.
    Raises NotAllowed, InspectionError."""
    if not can_propose_inspection(actor, alliance):
        raise NotAllowed(
            _("Only member companies, the alliance lead and supervisors propose inspections.")
        )
    if data.planned_on < to_local(utcnow()).date():
        raise InspectionError(_("Choose a date from today on."), "planned_on")
    team, inspecting = check_proposal(data, alliance)
    if actor.company_id == data.host_company_id and not is_supervisor_or_admin(actor):
        from engage.alliance.alliances.permissions import can_lead

        if not can_lead(actor, alliance):
            raise InspectionError(_("A company cannot propose to inspect itself."), "host")
    inspection = _build(alliance, data, team, inspecting, actor)
    db.session.flush()
    audit.record(
        actor,
        "inspection.proposed",
        inspection,
        company_id=data.host_company_id,
        summary=inspection.host_company.name,
    )
    _notify(
        _manager_ids(inspection.host_company_id),
        "inspection.proposed",
        inspection,
        actor,
        team=inspection.inspecting_company or team[0].name,
        day=_day(inspection.planned_on),
    )
    return inspection


def _check_version(inspection: Inspection, version: int | str | None) -> None:
    """None: no form, no check. A form's version that is missing ("") or not the
    inspection's is refused as stale."""
    if version is not None and inspection.version != version:
        raise StaleVersion(_("This inspection changed meanwhile; look again."), current=inspection)


def accept(inspection: Inspection, *, actor, version: int | str | None = None) -> None:
    """The host accepts the date (or the proposing side accepts the host's new date)."""
    if inspection.status != InspectionStatus.PROPOSED:
        raise InspectionError(_("This inspection is not waiting for an answer."))
    allowed = (
        can_answer_host_side(actor, inspection)
        if inspection.awaiting_host
        else can_answer_proposer_side(actor, inspection)
    )
    if not allowed:
        raise NotAllowed(_("The other side answers this proposal."))
    _check_version(inspection, version)
    if inspection.counter_date is not None and not inspection.awaiting_host:
        inspection.planned_on = inspection.counter_date
    inspection.counter_date = None
    inspection.status = InspectionStatus.ACCEPTED
    inspection.accepted_by_id, inspection.accepted_at = actor.id, utcnow()
    db.session.flush()
    audit.record(
        actor,
        "inspection.accepted",
        inspection,
        company_id=inspection.host_company_id,
        summary=_day(inspection.planned_on),
    )
    _notify(
        _parties(inspection),
        "inspection.accepted",
        inspection,
        actor,
        day=_day(inspection.planned_on),
    )


def propose_date(
    inspection: Inspection, day: date, *, actor, version: int | str | None = None
) -> None:
    """The host proposes another date; the proposing side then accepts it."""
    if inspection.status != InspectionStatus.PROPOSED or not inspection.awaiting_host:
        raise InspectionError(_("This inspection is not waiting for the host."))
    if not can_answer_host_side(actor, inspection):
        raise NotAllowed(_("Only the host company proposes another date."))
    _check_version(inspection, version)
    if day < to_local(utcnow()).date():
        raise InspectionError(_("Choose a date from today on."), "day")
    inspection.counter_date, inspection.awaiting_host = day, False
    db.session.flush()
    audit.record(
        actor,
        "inspection.new_date",
        inspection,
        company_id=inspection.host_company_id,
        summary=_day(day),
    )
    _notify(
        [m.user_id for m in inspection.team] + _manager_ids(inspection.inspecting_company_id),
        "inspection.new_date",
        inspection,
        actor,
        day=_day(day),
    )


def cancel(inspection: Inspection, *, actor, version: int | str | None = None) -> None:
    """Either side, before anything was answered."""
    if inspection.status not in (InspectionStatus.PROPOSED, InspectionStatus.ACCEPTED):
        raise InspectionError(_("Only an inspection not started yet can be cancelled."))
    if not (can_answer_host_side(actor, inspection) or can_answer_proposer_side(actor, inspection)):
        raise NotAllowed(_("Only the two sides cancel an inspection."))
    _check_version(inspection, version)
    inspection.status = InspectionStatus.CANCELLED
    db.session.flush()
    audit.record(actor, "inspection.cancelled", inspection, company_id=inspection.host_company_id)


# ---------------------------------------------------------------- on site


def entries_of(inspection: Inspection) -> list[ChecklistEntry]:
    checklist = load_checklist(inspection.checklist_id)
    return [e for s in checklist.sections for e in s.entries] if checklist else []


def answers_of(inspection: Inspection) -> dict[int, Answer]:
    """Answers by entry id, with items, photos and who answered (four queries)."""
    rows = db.session.scalars(
        select(Answer)
        .where(Answer.inspection_id == inspection.id)
        .options(selectinload(Answer.photos), selectinload(Answer.answered_by))
    )
    return {a.entry_id: a for a in rows}


def progress(inspection: Inspection) -> tuple[int, int]:
    """(answered, total) in one query of two counts."""
    total = (
        select(func.count(ChecklistEntry.id))
        .where(ChecklistEntry.checklist_id == inspection.checklist_id)
        .scalar_subquery()
    )
    done = (
        select(func.count(Answer.id)).where(Answer.inspection_id == inspection.id).scalar_subquery()
    )
    row = db.session.execute(select(done.label("done"), total.label("total"))).one()
    answered: int = row.done or 0
    entries: int = row.total or 0
    return answered, entries


def answer_item(
    inspection: Inspection,
    entry_id: int,
    result: str,
    note: str,
    *,
    actor,
    revision: int | None = None,
    point_id: int | None = None,
    photos=(),
) -> Answer:
    """Save one item's answer on its own. Only the team, while the inspection is accepted
    or in progress. `revision` is the answer's revision the inspector saw (0 or None for
    a first answer): another inspector's newer answer to the same item is refused
    (StaleVersion), answers to other items are never touched. The first answer starts
    the inspection. Raises NotAllowed, InspectionError, StaleVersion."""
    if not can_inspect(actor, inspection):
        raise NotAllowed(_("Only the inspecting team answers the checklist."))
    if inspection.status not in (InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS):
        raise InspectionError(
            _("Answers are taken once the host has accepted and until the report is submitted.")
        )
    try:
        result_value = AnswerResult(result)
    except ValueError:
        raise InspectionError(_("Choose conforms, hazard or not applicable."), "result") from None
    # The entry and its answer so far in one query: a save is a handful of statements.
    found = db.session.execute(
        select(ChecklistEntry, Answer)
        .outerjoin(
            Answer, (Answer.entry_id == ChecklistEntry.id) & (Answer.inspection_id == inspection.id)
        )
        .where(
            ChecklistEntry.id == entry_id, ChecklistEntry.checklist_id == inspection.checklist_id
        )
        .options(lazyload(Answer.item))  # its inner join would drop an unanswered entry
    ).first()
    if found is None:
        raise InspectionError(_("This item is not on the inspection's checklist."), "entry")
    entry, answer = found
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InspectionError(
            _("The note is too long (at most %(n)s characters).", n=MAX_NOTE), "note"
        )
    if result_value == AnswerResult.HAZARD and not note and not photos:
        raise InspectionError(_("Describe the hazard in a note or a photo."), "note")
    if point_id and point_id not in {p.point_id for p in inspection.points}:
        raise InspectionError(_("This point is not part of the inspection."), "point")
    now = utcnow()
    if answer is None:
        if revision:
            raise StaleVersion(_("This answer was removed meanwhile; answer again."))
        answer = Answer(
            inspection_id=inspection.id,
            entry_id=entry.id,
            item_id=entry.item_id,
            result=result_value,
            note=note,
            answered_by_id=actor.id,
            answered_at=now,
            revision=1,
            point_id=point_id or None,
        )
        db.session.add(answer)
        try:
            with db.session.begin_nested():
                db.session.flush()
        except Exception as exc:  # a concurrent first answer to the same item
            from sqlalchemy.exc import IntegrityError

            if not isinstance(exc, IntegrityError):
                raise
            raise StaleVersion(
                _("Someone answered this item meanwhile; look at their answer.")
            ) from None
    else:
        if revision is not None and answer.revision != revision:
            raise StaleVersion(
                _("Someone answered this item meanwhile; look at their answer."), current=answer
            )
        changed = db.session.execute(  # type: ignore[attr-defined]
            update(Answer)
            .where(Answer.id == answer.id, Answer.revision == answer.revision)
            .values(
                result=result_value,
                note=note,
                answered_by_id=actor.id,
                answered_at=now,
                item_id=entry.item_id,
                revision=answer.revision + 1,
                point_id=point_id or answer.point_id,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed != 1:
            raise StaleVersion(_("Someone answered this item meanwhile; look at their answer."))
        # The row is known: keep the object in step without reading it back.
        for key, value in (
            ("result", result_value),
            ("note", note),
            ("answered_by_id", actor.id),
            ("answered_at", now),
            ("item_id", entry.item_id),
            ("revision", answer.revision + 1),
            ("point_id", point_id or answer.point_id),
        ):
            set_committed_value(answer, key, value)
    for media in photos:
        db.session.add(AnswerPhoto(answer_id=answer.id, media_id=media.id))
    if inspection.status == InspectionStatus.ACCEPTED:
        db.session.execute(
            update(Inspection)
            .where(Inspection.id == inspection.id, Inspection.status == InspectionStatus.ACCEPTED)
            .values(status=InspectionStatus.IN_PROGRESS)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(inspection, ["status"])
    db.session.flush()
    return answer


def submit(inspection: Inspection, *, actor, version: int | str | None = None) -> list[Answer]:
    """The team submits when every item is answered: each hazard becomes a problem of the
    host (source peer inspection, the item's severity, its photos, the point), opened
    with the inspector as reporter, so the inspecting company verifies the rectification.
    Refused: not on the team, unanswered items, a second submission.
    Returns the hazards' answers."""
    if not can_inspect(actor, inspection):
        raise NotAllowed(_("Only the inspecting team submits the report."))
    if inspection.status in (InspectionStatus.SUBMITTED, InspectionStatus.ACKNOWLEDGED):
        raise InspectionError(_("This report was submitted already."))
    if inspection.status not in (InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS):
        raise InspectionError(_("This inspection cannot be submitted now."))
    _check_version(inspection, version)
    done, total = progress(inspection)
    if total == 0 or done < total:
        raise InspectionError(
            _(
                "%(n)s items are not answered yet; answer every item before submitting.",
                n=total - done,
            )
        )
    # Claim the submission first: a second, simultaneous submit finds nothing to claim.
    claimed = db.session.execute(  # type: ignore[attr-defined]
        update(Inspection)
        .where(
            Inspection.id == inspection.id,
            Inspection.status.in_([InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS]),
        )
        .values(
            status=InspectionStatus.SUBMITTED,
            submitted_by_id=actor.id,
            submitted_at=utcnow(),
            version=Inspection.version + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise InspectionError(_("This report was submitted already."))
    db.session.expire(inspection)
    answers = answers_of(inspection)
    hazards = [a for a in answers.values() if a.result == AnswerResult.HAZARD]
    points = get_points(
        [a.point_id for a in hazards if a.point_id] + [p.point_id for p in inspection.points]
    )
    default_point = points.get(inspection.points[0].point_id) if inspection.points else None
    detail_url = _url("alliance.inspections.detail", inspection_id=inspection.id)
    for answer in sorted(hazards, key=lambda a: a.entry_id):
        item = answer.item
        point = points.get(answer.point_id) if answer.point_id else default_point
        description = "\n\n".join(
            x
            for x in (
                answer.note,
                _("Requirement: %(text)s", text=item.requirement),
                _("Reference: %(ref)s", ref=item.reference) if item.reference else "",
            )
            if x
        )
        problem = open_problem(
            title=f"{item.code} {item.requirement}"[:200],
            category=PROBLEM_CATEGORY[item.category],
            severity=item.severity,
            source=ProblemSource.PEER_INSPECTION,
            actor=actor,
            description=description,
            point=point,
            company=None if point is not None else inspection.host_company,
            photos=[p.media for p in answer.photos],
            links=[
                (
                    "inspection",
                    inspection.id,
                    _("Peer inspection #%(id)s", id=inspection.id),
                    detail_url,
                )
            ],
        )
        answer.problem_id, answer.problem_number = problem.id, problem.number
    db.session.flush()
    audit.record(
        actor,
        "inspection.submitted",
        inspection,
        company_id=inspection.host_company_id,
        hazards=len(hazards),
    )
    record(
        inspection.alliance_id,
        Link.MANAGE,
        [inspection.host_company_id, inspection.inspecting_company_id],
        SourceKind.INSPECTION,
        inspection.id,
        _("Peer inspection of %(host)s", host=inspection.host_company.name),
        inspection.submitted_at,
        actor,
    )
    _notify(_parties(inspection), "inspection.submitted", inspection, actor, hazards=len(hazards))
    return hazards


def acknowledge(inspection: Inspection, *, actor) -> None:
    """The host acknowledges receipt of the report, once."""
    if not can_answer_host_side(actor, inspection):
        raise NotAllowed(_("Only the host company acknowledges the report."))
    if inspection.status != InspectionStatus.SUBMITTED:
        raise InspectionError(_("Only a submitted report can be acknowledged, once."))
    inspection.status = InspectionStatus.ACKNOWLEDGED
    inspection.acknowledged_by_id, inspection.acknowledged_at = actor.id, utcnow()
    db.session.flush()
    audit.record(
        actor, "inspection.acknowledged", inspection, company_id=inspection.host_company_id
    )
    _notify(_parties(inspection), "inspection.acknowledged", inspection, actor)


def rate(inspection: Inspection, rating: int, comment: str, *, actor) -> None:
    """After submission: the host rates usefulness, the team rates the host's cooperation.
    A side may change its rating."""
    if not inspection.is_done:
        raise InspectionError(_("Feedback is given once the report is submitted."))
    if not 1 <= int(rating) <= 5:
        raise InspectionError(_("Rate from 1 to 5."), "rating")
    comment = (comment or "").strip()[:1000]
    if can_answer_host_side(actor, inspection):
        inspection.host_rating, inspection.host_comment = rating, comment
    elif can_rate_host(actor, inspection):
        inspection.team_rating, inspection.team_comment = rating, comment
    else:
        raise NotAllowed(_("Only the host and the team give feedback."))
    db.session.flush()
    audit.record(
        actor, "inspection.rated", inspection, company_id=inspection.host_company_id, rating=rating
    )


# ---------------------------------------------------------------- closed problems


def problem_closed(
    problem_id: int,
    closed_at,
    verifier_company_id: int | None,
    peer_verified: bool,
    verified_by_id: int | None,
) -> bool:
    """The tracker says a problem closed: mark the finding, and a peer-verified closure
    counts for the manage link in the inspection's alliance (recorded under the problem,
    so the general receiver's count of the same closure adds nothing twice).
    Returns whether the problem was a finding."""
    answer = db.session.scalar(select(Answer).where(Answer.problem_id == problem_id))
    if answer is None:
        return False
    answer.problem_closed_at = closed_at or utcnow()
    answer.peer_verified = bool(peer_verified)
    db.session.flush()
    if peer_verified:
        inspection = db.session.get(Inspection, answer.inspection_id)
        assert inspection is not None  # an answer's inspection exists (foreign key)
        record(
            inspection.alliance_id,
            Link.MANAGE,
            [inspection.host_company_id, verifier_company_id or inspection.inspecting_company_id],
            SourceKind.PROBLEM,
            problem_id,
            answer.problem_number or f"#{problem_id}",
            answer.problem_closed_at,
            verified_by_id,
        )
    return True


# ---------------------------------------------------------------- lists and reminders


def list_inspections(user, *, alliance_id: int | None = None, status: str | None = None):
    stmt = visible_inspections(user, select(Inspection))
    if alliance_id:
        stmt = stmt.where(Inspection.alliance_id == alliance_id)
    if status:
        stmt = stmt.where(Inspection.status == status)
    return stmt.options(selectinload(Inspection.team)).order_by(
        Inspection.planned_on.desc(), Inspection.id.desc()
    )


def open_for_alliance(alliance: Alliance, user) -> list[Inspection] | None:
    """The alliance page's section: the open inspections the reader may see."""
    stmt = visible_inspections(
        user,
        select(Inspection).where(
            Inspection.alliance_id == alliance.id,
            Inspection.status.in_(
                [InspectionStatus.PROPOSED, InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS]
            ),
        ),
    )
    rows = list(db.session.scalars(stmt.order_by(Inspection.planned_on).limit(10)))
    return rows or None


def inspections_of_point(point_id: int, user, limit: int = 10) -> list[Inspection]:
    stmt = visible_inspections(
        user,
        select(Inspection)
        .join(InspectionPoint, InspectionPoint.inspection_id == Inspection.id)
        .where(InspectionPoint.point_id == point_id),
    )
    return list(db.session.scalars(stmt.order_by(Inspection.planned_on.desc()).limit(limit)))


def send_reminders(today: date) -> int:
    """Remind both sides of an inspection due tomorrow or today (once a day), and the
    host of a proposal still waiting. Idempotent per day."""
    rows = list(
        db.session.scalars(
            select(Inspection).where(
                Inspection.status.in_([InspectionStatus.PROPOSED, InspectionStatus.ACCEPTED]),
                Inspection.planned_on <= today + timedelta(days=1),
                Inspection.planned_on >= today,
                (Inspection.reminded_on.is_(None)) | (Inspection.reminded_on < today),
            )
        )
    )
    for inspection in rows:
        inspection.reminded_on = today
        _notify(
            _parties(inspection), "inspection.reminder", inspection, day=_day(inspection.planned_on)
        )
    db.session.flush()
    return len(rows)


def item_texts(item_ids) -> dict[int, Item]:
    return {i.id: i for i in db.session.scalars(select(Item).where(Item.id.in_(list(item_ids))))}
