"""Awards: categories with voting windows, one audience vote per person per category,
jury scores, and results that exist for readers only once voting has closed.

Functions take `actor=`, flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engage.accounts.models import User
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.timeutil import utcnow
from engage.events.awards.models import AudienceVote, AwardCategory, AwardMethod, JuryScore
from engage.events.awards.permissions import can_manage_awards, can_score, can_vote
from engage.events.catalogue.models import Event
from engage.events.performances.models import Performance, PerformanceStatus
from engage.extensions import db


class AlreadyVoted(DomainError):
    pass


def create_category(
    event: Event, name: str, method: str, opens: datetime, closes: datetime, *, actor: User
) -> AwardCategory:
    if not can_manage_awards(actor, event):
        raise NotAllowed(_("Only the organisers set up awards."))
    if closes <= opens:
        raise DomainError(_("Voting must close after it opens."), field="voting_closes_at")
    category = AwardCategory(
        event_id=event.id,
        name=name.strip()[:200],
        method=AwardMethod(method),
        voting_opens_at=opens,
        voting_closes_at=closes,
    )
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "award.category_created", category, summary=category.name)
    return category


def _open(category: AwardCategory) -> None:
    now = utcnow()
    if now < category.voting_opens_at:
        raise DomainError(_("Voting has not opened yet."))
    if now >= category.voting_closes_at:
        raise DomainError(_("Voting has closed."))


def _candidate(event: Event, performance_id: int) -> Performance:
    perf = db.session.get(Performance, performance_id)
    if perf is None or perf.event_id != event.id or perf.status != PerformanceStatus.ACCEPTED:
        raise DomainError(_("Choose a performance of the programme."), field="performance")
    return perf


def vote(
    event: Event, category: AwardCategory, performance_id: int, *, actor: User
) -> AudienceVote:
    """One audience vote per person per category, within its window.
    Raises NotAllowed, AlreadyVoted, DomainError."""
    if category.event_id != event.id or not can_vote(actor, event, category):
        raise NotAllowed(_("You may not vote in this category."))
    _open(category)
    _candidate(event, performance_id)
    try:
        with db.session.begin_nested():
            ballot = AudienceVote(
                category_id=category.id, performance_id=performance_id, user_id=actor.id
            )
            db.session.add(ballot)
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadyVoted(_("You have voted in this category already (one vote each).")) from exc
    return ballot


def score(
    event: Event, category: AwardCategory, performance_id: int, value: int, *, actor: User
) -> JuryScore:
    """A juror's score (1 to 10) for one performance; a juror scores each once."""
    if category.event_id != event.id or not can_score(actor, event, category):
        raise NotAllowed(_("Only the jury scores this award."))
    _open(category)
    _candidate(event, performance_id)
    if not isinstance(value, int) or not 1 <= value <= 10:
        raise DomainError(_("A score is a whole number from 1 to 10."), field="score")
    try:
        with db.session.begin_nested():
            row = JuryScore(
                category_id=category.id,
                performance_id=performance_id,
                juror_id=actor.id,
                score=value,
            )
            db.session.add(row)
            db.session.flush()
    except IntegrityError as exc:
        raise AlreadyVoted(_("You have scored this performance already.")) from exc
    return row


def categories(event: Event) -> list[AwardCategory]:
    return list(
        db.session.scalars(
            select(AwardCategory)
            .where(AwardCategory.event_id == event.id)
            .order_by(AwardCategory.id)
        )
    )


def my_votes(categories_: list[AwardCategory], user) -> dict[int, int]:
    """category id -> the performance the user voted for."""
    if not getattr(user, "is_authenticated", False) or not categories_:
        return {}
    rows = db.session.execute(
        select(AudienceVote.category_id, AudienceVote.performance_id).where(
            AudienceVote.user_id == user.id,
            AudienceVote.category_id.in_([c.id for c in categories_]),
        )
    )
    return dict(rows.all())


def my_scores(categories_: list[AwardCategory], user) -> dict[tuple[int, int], int]:
    if not getattr(user, "is_authenticated", False) or not categories_:
        return {}
    rows = db.session.execute(
        select(JuryScore.category_id, JuryScore.performance_id, JuryScore.score).where(
            JuryScore.juror_id == user.id, JuryScore.category_id.in_([c.id for c in categories_])
        )
    )
    return {(c, p): s for c, p, s in rows}


@dataclass(frozen=True)
class Standing:
    performance: Performance
    value: float  # votes, or the mean score
    count: int  # votes, or how many jurors scored


@dataclass(frozen=True)
class Result:
    category: AwardCategory
    standings: list[Standing]

    @property
    def winners(self) -> list[Standing]:
        if not self.standings or self.standings[0].count == 0:
            return []
        top = self.standings[0].value
        return [s for s in self.standings if s.value == top]


def results(event: Event, *, only_closed: bool = True) -> list[Result]:
    """The standings of each category; closed categories only unless only_closed=False
    (used by nobody who reads pages: tallies stay hidden until close)."""
    now = utcnow()
    cats = [c for c in categories(event) if not only_closed or c.voting_closes_at <= now]
    if not cats:
        return []
    perfs = {
        p.id: p
        for p in db.session.scalars(
            select(Performance).where(
                Performance.event_id == event.id, Performance.status == PerformanceStatus.ACCEPTED
            )
        )
    }
    out = []
    audience = [c.id for c in cats if c.method == AwardMethod.AUDIENCE]
    jury = [c.id for c in cats if c.method == AwardMethod.JURY]
    tally: dict[int, dict[int, tuple[float, int]]] = {c.id: {} for c in cats}
    if audience:
        votes: Iterable[Any] = db.session.execute(
            select(
                AudienceVote.category_id, AudienceVote.performance_id, func.count(AudienceVote.id)
            )
            .where(AudienceVote.category_id.in_(audience))
            .group_by(AudienceVote.category_id, AudienceVote.performance_id)
        )
        for cat_id, perf_id, n in votes:
            tally[cat_id][perf_id] = (float(n), n)
    if jury:
        scores: Iterable[Any] = db.session.execute(
            select(
                JuryScore.category_id,
                JuryScore.performance_id,
                func.avg(JuryScore.score),
                func.count(JuryScore.id),
            )
            .where(JuryScore.category_id.in_(jury))
            .group_by(JuryScore.category_id, JuryScore.performance_id)
        )
        for cat_id, perf_id, mean, n in scores:
            tally[cat_id][perf_id] = (round(float(mean), 2), n)
    for cat in cats:
        standings = [
            Standing(perfs[pid], value, n)
            for pid, (value, n) in tally[cat.id].items()
            if pid in perfs
        ]
        standings.sort(key=lambda s: (-s.value, -s.count, s.performance.running_order or 0))
        out.append(Result(cat, standings))
    return out


def published_results(event: Event) -> list[Result]:
    """What the event page shows: the closed categories that have winners."""
    return [r for r in results(event) if r.winners]


def vote_counts(event: Event) -> tuple[int, int]:
    """(audience votes, jury scores) cast so far, for the organiser dashboard."""
    votes = (
        db.session.scalar(
            select(func.count(AudienceVote.id))
            .join(AwardCategory, AwardCategory.id == AudienceVote.category_id)
            .where(AwardCategory.event_id == event.id)
        )
        or 0
    )
    scores = (
        db.session.scalar(
            select(func.count(JuryScore.id))
            .join(AwardCategory, AwardCategory.id == JuryScore.category_id)
            .where(AwardCategory.event_id == event.id)
        )
        or 0
    )
    return votes, scores
