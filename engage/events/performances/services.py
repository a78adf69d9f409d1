"""Performances: submit before the deadline, review, the running order and the programme.

Functions take `actor=`, flush and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.accounts.models import User
from engage.core import audit, notifications
from engage.core.errors import DomainError, NotAllowed
from engage.core.timeutil import to_local, utcnow
from engage.events.catalogue.models import Event, EventStatus
from engage.events.catalogue.permissions import can_manage_event
from engage.events.performances.models import (
    EventJuror,
    Genre,
    Performance,
    PerformanceStatus,
)
from engage.events.performances.permissions import (
    can_edit_performance,
    can_order_programme,
    can_review_performances,
    can_submit_performance,
    can_withdraw_performance,
)
from engage.extensions import db

notifications.register_kind("events.performance_reviewed", _l("%(title)s: %(status)s. %(note)s"))
notifications.register_kind(
    "events.performance_withdrawn",
    _l("%(company)s withdrew %(title)s from %(event)s: %(reason)s"),
)
notifications.register_kind(
    "events.performance_resubmitted",
    _l("%(company)s changed %(title)s as asked; it waits for your review."),
)

WITHDRAWABLE = (
    PerformanceStatus.SUBMITTED,
    PerformanceStatus.CHANGES_REQUESTED,
    PerformanceStatus.ACCEPTED,
)

FIELDS = ("title", "genre", "duration_minutes", "performers", "description")


def juror_ids(event: Event) -> set[int]:
    return set(
        db.session.scalars(select(EventJuror.user_id).where(EventJuror.event_id == event.id))
    )


def _check_deadline(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(_("This event does not take performances."))
    closes = event.submissions_close_at or event.starts_at
    if utcnow() >= closes:
        raise DomainError(
            _(
                "Submissions closed on %(when)s.",
                when=to_local(closes).strftime("%Y-%m-%d %H:%M"),
            )
        )


def submit_performance(event: Event, values: dict, *, actor: User) -> Performance:
    """A company's performance, submitted before the deadline. Raises NotAllowed, DomainError."""
    if not can_submit_performance(actor, event):
        raise NotAllowed(_("Only a company's safety manager may submit a performance."))
    _check_deadline(event)
    perf = Performance(
        event_id=event.id,
        company_id=actor.company_id,
        submitted_by_id=actor.id,
        status=PerformanceStatus.SUBMITTED,
        **{k: values[k] for k in FIELDS},
    )
    perf.genre = Genre(perf.genre)
    perf.description = perf.description or ""
    db.session.add(perf)
    db.session.flush()
    audit.record(actor, "performance.submitted", perf, summary=perf.title)
    return perf


def update_performance(
    perf: Performance, event: Event, values: dict, *, actor: User
) -> Performance:
    """The company changes its submission (before the deadline); a performance asked to
    change goes back to review."""
    if not can_edit_performance(actor, perf):
        raise NotAllowed(_("Only the submitting company may change this performance."))
    _check_deadline(event)
    if perf.status in (PerformanceStatus.REJECTED, PerformanceStatus.WITHDRAWN):
        raise DomainError(_("A rejected or withdrawn performance cannot be changed."))
    for key in FIELDS:
        setattr(perf, key, values[key])
    perf.genre = Genre(perf.genre)
    perf.description = perf.description or ""
    resubmitted = perf.status == PerformanceStatus.CHANGES_REQUESTED
    if resubmitted:
        perf.status = PerformanceStatus.SUBMITTED
    db.session.flush()
    audit.record(actor, "performance.updated", perf, summary=perf.title, resubmitted=resubmitted)
    if resubmitted:
        # Whoever asked for the changes, and the organisers, are told it is back.
        notifications.notify_many(
            [*_reviewer_ids(event), perf.reviewed_by_id],
            "events.performance_resubmitted",
            exclude=actor.id,
            url=f"/events/{event.id}/performances/{perf.id}",
            company=perf.company,
            title=perf.title,
        )
    return perf


def withdraw_performance(
    perf: Performance, event: Event, reason: str, *, actor: User
) -> Performance:
    """The submitting company takes its performance back, with a reason, until the event
    starts (the programme is final then): off the running order, which closes up behind
    it; the organisers are told and the audit log keeps the reason.
    Raises NotAllowed, DomainError."""
    if not can_withdraw_performance(actor, perf):
        raise NotAllowed(_("Only the submitting company may withdraw this performance."))
    reason = " ".join((reason or "").split())
    if len(reason) < 4:
        raise DomainError(_("Write why you withdraw it (at least a few words)."), field="reason")
    if perf.status not in WITHDRAWABLE:
        raise DomainError(_("This performance is not in the running any more."))
    if utcnow() >= event.starts_at:
        raise DomainError(_("The event has started; its programme is final."))
    was_on_programme = perf.running_order is not None
    perf.status = PerformanceStatus.WITHDRAWN
    perf.withdraw_reason = reason[:500]
    perf.withdrawn_at = utcnow()
    perf.running_order = None
    db.session.flush()
    if was_on_programme:
        for number, item in enumerate(programme_items(event), start=1):
            item.running_order = number
        db.session.flush()
    audit.record(
        actor,
        "performance.withdrawn",
        perf,
        summary=perf.title,
        company_id=perf.company_id,
        reason=reason[:300],
    )
    notifications.notify_many(
        _reviewer_ids(event),
        "events.performance_withdrawn",
        exclude=actor.id,
        url=f"/events/{event.id}/performances/{perf.id}",
        company=perf.company,
        title=perf.title,
        event=event.title,
        reason=reason[:200],
    )
    return perf


def _reviewer_ids(event: Event) -> list[int]:
    """Who hears of changes to the submissions: the organisers (the jury reads the list)."""
    ids = set(event.organiser_ids)
    if event.created_by_id is not None:
        ids.add(event.created_by_id)
    return sorted(ids)


def attach_rehearsal(perf: Performance, video, *, actor: User) -> None:
    if not can_edit_performance(actor, perf):
        raise NotAllowed(_("Only the submitting company may change this performance."))
    perf.rehearsal_video_id = video.id


def review_performance(
    perf: Performance, event: Event, decision: str, note: str, *, actor: User
) -> Performance:
    """Accept, reject (with a note) or ask for changes. Organisers and the jury."""
    if not can_review_performances(actor, event):
        raise NotAllowed(_("Only the organisers and the jury review performances."))
    try:
        status = PerformanceStatus(decision)
    except ValueError:
        raise DomainError(_("Choose a decision."), field="decision") from None
    if status not in (
        PerformanceStatus.ACCEPTED,
        PerformanceStatus.REJECTED,
        PerformanceStatus.CHANGES_REQUESTED,
    ):
        raise DomainError(_("Choose a decision."), field="decision")
    note = (note or "").strip()
    if status != PerformanceStatus.ACCEPTED and not note:
        raise DomainError(_("Write a note saying why or what to change."), field="note")
    if perf.status == PerformanceStatus.WITHDRAWN:
        raise DomainError(_("This performance was withdrawn."))
    perf.status = status
    perf.review_note = note[:1000]
    perf.reviewed_by_id = actor.id
    perf.reviewed_at = utcnow()
    if status == PerformanceStatus.ACCEPTED and perf.running_order is None:
        last = (
            db.session.scalar(
                select(func.max(Performance.running_order)).where(Performance.event_id == event.id)
            )
            or 0
        )
        perf.running_order = last + 1
    elif status != PerformanceStatus.ACCEPTED:
        perf.running_order = None
    db.session.flush()
    audit.record(
        actor,
        "performance.reviewed",
        perf,
        summary=perf.title,
        decision=status.value,
        note=note[:300],
    )
    if perf.submitted_by_id:
        notifications.notify(
            perf.submitted_by_id,
            "events.performance_reviewed",
            url=f"/events/{event.id}/performances/{perf.id}",
            title=perf.title,
            status=perf.status_label,
            note=note[:200],
        )
    return perf


def set_running_order(event: Event, ordered_ids: list[int], *, actor: User) -> None:
    """The programme in this order: exactly the accepted performances, each once."""
    if not can_order_programme(actor, event):
        raise NotAllowed(_("Only the organisers set the running order."))
    accepted = {
        p.id: p
        for p in db.session.scalars(
            select(Performance).where(
                Performance.event_id == event.id, Performance.status == PerformanceStatus.ACCEPTED
            )
        )
    }
    if sorted(ordered_ids) != sorted(accepted) or len(set(ordered_ids)) != len(ordered_ids):
        raise DomainError(_("The programme changed meanwhile; reload the page and order it again."))
    for index, perf_id in enumerate(ordered_ids, start=1):
        accepted[perf_id].running_order = index
    db.session.flush()
    audit.record(actor, "programme.ordered", event, summary=event.title, order=ordered_ids)


def move(event: Event, perf: Performance, step: int, *, actor: User) -> None:
    """Up (-1) or down (+1) one place: the buttons beside the drag handles."""
    order = [p.id for p in programme_items(event)]
    if perf.id not in order:
        raise DomainError(_("Only accepted performances are on the programme."))
    i = order.index(perf.id)
    j = min(max(i + step, 0), len(order) - 1)
    order[i], order[j] = order[j], order[i]
    set_running_order(event, order, actor=actor)


def add_juror(event: Event, email: str, *, actor: User) -> EventJuror:
    if not can_manage_event(actor, event):
        raise NotAllowed(_("Only the organisers choose the jury."))
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower(), User.active.is_(True))
    )
    if user is None:
        raise DomainError(_("Nobody signs in with this address."), field="email")
    if user.id in juror_ids(event):
        raise DomainError(_("%(name)s is on the jury already.", name=user.name), field="email")
    juror = EventJuror(event_id=event.id, user_id=user.id)
    db.session.add(juror)
    db.session.flush()
    audit.record(actor, "event.juror_added", event, summary=user.name)
    return juror


def programme_items(event: Event) -> list[Performance]:
    return list(
        db.session.scalars(
            select(Performance)
            .where(
                Performance.event_id == event.id, Performance.status == PerformanceStatus.ACCEPTED
            )
            .order_by(Performance.running_order, Performance.id)
        )
    )


@dataclass(frozen=True)
class Act:
    number: int
    performance: Performance
    starts_at: datetime


@dataclass(frozen=True)
class Programme:
    acts: list[Act]
    total_minutes: int
    ends_at: datetime | None


def programme(event: Event) -> Programme:
    """Accepted performances in running order, each act's planned start computed from the
    event's start, the durations before it and the changeover between acts."""
    items = programme_items(event)
    acts, clock = [], event.starts_at
    for number, perf in enumerate(items, start=1):
        acts.append(Act(number, perf, clock))
        clock = clock + timedelta(minutes=perf.duration_minutes + event.changeover_minutes)
    total = sum(p.duration_minutes for p in items) + event.changeover_minutes * max(
        len(items) - 1, 0
    )
    return Programme(acts, total, event.starts_at + timedelta(minutes=total) if items else None)


def list_performances(event: Event, actor: User, *, status: str = ""):
    """The performances actor may see in the review list: all for reviewers and park staff,
    the company's own otherwise."""
    from engage.core.permissions import is_park_staff

    stmt = select(Performance).where(Performance.event_id == event.id)
    if not (can_review_performances(actor, event) or is_park_staff(actor)):
        stmt = stmt.where(Performance.company_id == (actor.company_id or -1))
    if status in {s.value for s in PerformanceStatus}:
        stmt = stmt.where(Performance.status == PerformanceStatus(status))
    return stmt.order_by(Performance.created_at, Performance.id)


def counts_by_status(event: Event) -> dict[str, int]:
    rows = db.session.execute(
        select(Performance.status, func.count(Performance.id))
        .where(Performance.event_id == event.id)
        .group_by(Performance.status)
    ).all()
    found = {s.value: n for s, n in rows}
    return {s.value: found.get(s.value, 0) for s in PerformanceStatus}
