"""Six links counted from what other domains announce, once however often it is heard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from engage.alliance.posts.models import LessonInvite
from engage.alliance.sixlinks.models import LinkEvent
from engage.core import signals
from engage.tracker import ProblemClosed

WHEN = datetime(2026, 5, 3, 2, 0, tzinfo=UTC)


def _closed(cast, verifier_company_id) -> ProblemClosed:
    return ProblemClosed(
        problem_id=41,
        number="P-2026-0041",
        source="peer_inspection",
        company_id=cast.company_a.id,
        rectified_by_id=cast.a_manager.id,
        verified_by_id=cast.b_manager.id,
        verifier_company_id=verifier_company_id,
        closed_at=WHEN,
    )


def test_peer_verified_closure_counts_manage_for_both_once(db, cast, alliance):
    payload = _closed(cast, cast.company_b.id)
    signals.send(signals.problem_closed, 41, payload)
    signals.send(signals.problem_closed, 41, payload)  # heard twice
    db.session.commit()
    rows = db.session.query(LinkEvent).all()
    assert sorted((e.company_id, e.link.value, e.month) for e in rows) == sorted(
        [(cast.company_a.id, "manage", 202605), (cast.company_b.id, "manage", 202605)]
    )
    invite = db.session.query(LessonInvite).one()
    assert invite.company_id == cast.company_a.id and invite.problem_number == "P-2026-0041"


def test_closure_verified_by_own_company_counts_nothing(db, cast, alliance):
    signals.send(signals.problem_closed, 41, _closed(cast, cast.company_a.id))
    db.session.commit()
    assert db.session.query(LinkEvent).count() == 0
    assert db.session.query(LessonInvite).count() == 0


@dataclass(frozen=True)
class EventHeld:  # the shape events.EventHeld announces
    event_id: int
    title: str
    kind: str
    organiser_company_ids: tuple
    starts_at: datetime
    audience_alliance_id: int | None = None


def test_event_by_two_members_is_handle_and_a_training_also_study(db, cast, alliance, outsider):
    signals.send(
        signals.event_held,
        5,
        EventHeld(5, "联合应急演练", "drill", (cast.company_a.id, cast.company_b.id), WHEN),
    )
    signals.send(
        signals.event_held,
        6,
        EventHeld(6, "安全讲座", "lecture", (cast.company_a.id, cast.company_b.id), WHEN),
    )
    signals.send(
        signals.event_held,
        7,
        EventHeld(7, "独办活动", "drill", (cast.company_a.id, outsider.company_id), WHEN),
    )
    db.session.commit()
    found = sorted((e.source_id, e.link.value) for e in db.session.query(LinkEvent))
    assert found == [
        (5, "handle"),
        (5, "handle"),
        (6, "handle"),
        (6, "handle"),
        (6, "study"),
        (6, "study"),
    ]
