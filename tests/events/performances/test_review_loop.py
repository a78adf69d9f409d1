"""A performance from submission to the programme through its pages: a juror reviews and
scores, the organiser asks for changes, the company is told, edits and resubmits, the
organiser is told and accepts; and a company withdraws a performance, with a reason,
before the programme is final."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from engage.core.audit import AuditEntry
from engage.core.errors import DomainError, NotAllowed
from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.events.awards.models import AwardCategory, AwardMethod, JuryScore
from engage.events.performances import services
from engage.events.performances.models import Genre, Performance, PerformanceStatus

FORM = {
    "title": "安全小品《隐患》",
    "genre": "skit",
    "duration_minutes": "8",
    "performers": "甲企业安全部",
    "description": "",
}


def _notes(db, user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    )


def _perf(db, perf_id: int) -> Performance:
    db.session.expire_all()
    return db.session.get(Performance, perf_id)


def test_juror_reviews_organiser_asks_for_changes_company_resubmits_organiser_accepts(
    app, db, cast, make_event, make_user, login_as
):
    event = make_event(cast.supervisor, kind="showcase")
    juror = make_user("employee", company=cast.company_b, name="评委")
    org, company, jury = app.test_client(), app.test_client(), app.test_client()
    login_as(cast.supervisor, org)
    login_as(cast.a_manager, company)
    login_as(juror, jury)

    # The organiser names a juror; the company submits.
    assert org.post(f"/events/{event.id}/jury", data={"email": juror.email}).status_code == 302
    assert company.post(f"/events/{event.id}/performances/new", data=FORM).status_code == 302
    perf = db.session.scalar(select(Performance))
    assert perf.status == PerformanceStatus.SUBMITTED

    # The juror sees it in the review list and on its page, with the review form.
    listed = jury.get(f"/events/{event.id}/performances")
    assert listed.status_code == 200 and "安全小品《隐患》" in listed.text
    page = jury.get(f"/events/{event.id}/performances/{perf.id}")
    assert page.status_code == 200 and 'name="decision"' in page.text
    # ...and may not edit the company's submission.
    assert jury.get(f"/events/{event.id}/performances/{perf.id}/edit").status_code == 403

    # The juror asks for a shorter piece; the organiser, too, with a note of their own.
    jury.post(
        f"/events/{event.id}/performances/{perf.id}/review",
        data={"decision": "changes_requested", "note": "时长请控制在6分钟内"},
    )
    assert _perf(db, perf.id).status == PerformanceStatus.CHANGES_REQUESTED
    answer = org.post(
        f"/events/{event.id}/performances/{perf.id}/review",
        data={"decision": "changes_requested", "note": "请补充演员名单"},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    perf = _perf(db, perf.id)
    assert perf.status == PerformanceStatus.CHANGES_REQUESTED
    assert perf.review_note == "请补充演员名单" and perf.reviewed_by_id == cast.supervisor.id

    # The company is told, with the note, and sees it on the performance's page.
    told = [n for n in _notes(db, cast.a_manager) if n.kind == "events.performance_reviewed"]
    assert len(told) == 2 and "请补充演员名单" in told[-1].message
    mine = company.get(f"/events/{event.id}/performances/{perf.id}")
    assert mine.status_code == 200 and "请补充演员名单" in mine.text
    # A rejection or a change request without a note is refused and changes nothing.
    org.post(
        f"/events/{event.id}/performances/{perf.id}/review",
        data={"decision": "rejected", "note": ""},
    )
    assert _perf(db, perf.id).status == PerformanceStatus.CHANGES_REQUESTED

    # The company edits and resubmits: back to review, and the organiser is told.
    edit = company.get(f"/events/{event.id}/performances/{perf.id}/edit")
    assert edit.status_code == 200
    version = _perf(db, perf.id).version
    saved = company.post(
        f"/events/{event.id}/performances/{perf.id}/edit",
        data={
            **FORM,
            "duration_minutes": "6",
            "performers": "张三、李四、王五",
            "version": str(version),
        },
    )
    assert saved.status_code == 302
    perf = _perf(db, perf.id)
    assert perf.status == PerformanceStatus.SUBMITTED
    assert perf.duration_minutes == 6 and perf.performers == "张三、李四、王五"
    back = [n for n in _notes(db, cast.supervisor) if n.kind == "events.performance_resubmitted"]
    assert len(back) == 1 and "安全小品《隐患》" in back[0].message

    # The organiser accepts: on the programme, and the company is told.
    org.post(
        f"/events/{event.id}/performances/{perf.id}/review",
        data={"decision": "accepted", "note": ""},
    )
    perf = _perf(db, perf.id)
    assert perf.status == PerformanceStatus.ACCEPTED and perf.running_order == 1
    assert "安全小品《隐患》" in app.test_client().get(f"/events/{event.id}/programme").text
    assert _notes(db, cast.a_manager)[-1].kind == "events.performance_reviewed"
    decisions = db.session.scalars(
        select(AuditEntry.details)
        .where(AuditEntry.action == "performance.reviewed")
        .order_by(AuditEntry.id)
    ).all()
    assert [d["decision"] for d in decisions] == [
        "changes_requested",
        "changes_requested",
        "accepted",
    ]

    # The juror scores it in a jury award; someone off the jury may not.
    now = utcnow()
    category = AwardCategory(
        event_id=event.id,
        name="评委会大奖",
        method=AwardMethod.JURY,
        voting_opens_at=now - timedelta(hours=1),
        voting_closes_at=now + timedelta(hours=1),
    )
    db.session.add(category)
    db.session.commit()
    url = f"/events/{event.id}/awards/{category.id}/score"
    assert jury.post(url, data={"performance": perf.id, "score": "9"}).status_code == 302
    assert company.post(url, data={"performance": perf.id, "score": "10"}).status_code == 403
    assert [(s.juror_id, s.score) for s in db.session.scalars(select(JuryScore))] == [(juror.id, 9)]


def _accepted(db, event, company, manager, title, order):
    perf = Performance(
        event_id=event.id,
        company_id=company.id,
        submitted_by_id=manager.id,
        title=title,
        genre=Genre.SONG,
        duration_minutes=5,
        performers="合唱团",
        status=PerformanceStatus.ACCEPTED,
        running_order=order,
    )
    db.session.add(perf)
    db.session.commit()
    return perf


def test_a_company_withdraws_its_performance_with_a_reason_and_the_organisers_are_told(
    app, db, cast, make_event, login_as
):
    event = make_event(cast.supervisor, kind="showcase")
    first = _accepted(db, event, cast.company_b, cast.b_manager, "开场合唱", 1)
    ours = _accepted(db, event, cast.company_a, cast.a_manager, "应急快板", 2)
    last = _accepted(db, event, cast.company_b, cast.b_manager, "压轴小品", 3)
    company = login_as(cast.a_manager, app.test_client())
    page = company.get(f"/events/{event.id}/performances/{ours.id}")
    assert page.status_code == 200 and "/withdraw" in page.text

    # No reason: refused, nothing changes.
    company.post(f"/events/{event.id}/performances/{ours.id}/withdraw", data={"reason": " "})
    assert _perf(db, ours.id).status == PerformanceStatus.ACCEPTED

    answer = company.post(
        f"/events/{event.id}/performances/{ours.id}/withdraw",
        data={"reason": "主演受伤，无法演出"},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and "主演受伤，无法演出" in answer.text
    ours = _perf(db, ours.id)
    assert ours.status == PerformanceStatus.WITHDRAWN and ours.running_order is None
    assert ours.withdraw_reason == "主演受伤，无法演出" and ours.withdrawn_at is not None
    # The running order closes up behind it; the programme no longer lists it.
    assert (_perf(db, first.id).running_order, _perf(db, last.id).running_order) == (1, 2)
    programme = app.test_client().get(f"/events/{event.id}/programme")
    assert programme.status_code == 200 and "压轴小品" in programme.text
    assert "应急快板" not in programme.text
    # The organiser is told why; the audit log keeps it.
    note = _notes(db, cast.supervisor)[-1]
    assert note.kind == "events.performance_withdrawn" and "主演受伤" in note.message
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "performance.withdrawn")
    )
    assert entry.actor_id == cast.a_manager.id and entry.details["reason"] == "主演受伤，无法演出"
    # Withdrawn is final: no second withdrawal, no review, no edit.
    again = company.get(f"/events/{event.id}/performances/{ours.id}")
    assert again.status_code == 200 and "/withdraw" not in again.text
    with pytest.raises(DomainError):
        services.withdraw_performance(ours, event, "再撤一次", actor=cast.a_manager)
    with pytest.raises(DomainError):
        services.review_performance(ours, event, "accepted", "", actor=cast.supervisor)
    db.session.rollback()


def test_only_the_submitting_company_withdraws_and_only_before_the_event_starts(
    app, db, cast, make_event, login_as
):
    event = make_event(cast.supervisor, kind="showcase")
    ours = _accepted(db, event, cast.company_a, cast.a_manager, "应急快板", 1)
    other = login_as(cast.b_manager, app.test_client())
    assert (
        other.post(
            f"/events/{event.id}/performances/{ours.id}/withdraw", data={"reason": "不想看了"}
        ).status_code
        == 403
    )
    for outsider in (cast.b_manager, cast.supervisor, cast.a_employee):
        with pytest.raises(NotAllowed):
            services.withdraw_performance(ours, event, "别人代撤", actor=outsider)
    assert _perf(db, ours.id).status == PerformanceStatus.ACCEPTED
    with time_machine.travel(event.starts_at + timedelta(minutes=1), tick=False):
        with pytest.raises(DomainError, match="final|定"):
            services.withdraw_performance(ours, event, "临时有事", actor=cast.a_manager)
        page = login_as(cast.a_manager, app.test_client()).get(
            f"/events/{event.id}/performances/{ours.id}"
        )
        assert page.status_code == 200 and "/withdraw" not in page.text
    db.session.rollback()
    assert _perf(db, ours.id).status == PerformanceStatus.ACCEPTED
