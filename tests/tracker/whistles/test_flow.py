"""The whole closed loop, walked as each party through the pages: a visitor blows the
whistle with a photo; the department taps its notification, lands on the whistle,
reports in and gives the work to the company; the company rectifies; the department
is told and verifies; the reporter sees the after-photo on the private follow link."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from sqlalchemy import select

from engage.core.notifications import Notification
from engage.core.timeutil import utcnow
from engage.tracker.models import Problem, ProblemStatus
from tests.tracker.whistles.conftest import photo


def _open_notification(client, user_id, db, kind):
    """Tap the newest notification of `kind` in the list, as the person would."""
    listed = client.get("/notifications").text
    note = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user_id, Notification.kind == kind)
        .order_by(Notification.id.desc())
    ).first()
    assert note is not None, f"no {kind} notification"
    assert f"/notifications/{note.id}/open" in listed
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_whistle_walks_the_whole_loop(
    app, db, client, login_as, point, fire_rule, fire_member, make_user, answered
):
    manager = make_user("safety_manager", company=point.company, name="张静")
    company_worker = make_user("employee", company=point.company, name="李工")

    def as_(user):
        g.pop("_login_user", None)
        g.pop("unread_notifications", None)
        if user is None:
            with client.session_transaction() as session:
                session.clear()
            return
        login_as(user)

    # A visitor blows the whistle from the point's QR page, with a photo.
    as_(None)
    response = client.post(
        f"/p/{point.code}/whistle",
        data={**answered(title="消防通道被纸箱堵死"), "photos": [photo()]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    follow = response.headers["Location"].split("?")[0]
    problem = db.session.scalar(select(Problem))
    assert problem.department_id == fire_rule.department_id

    # The department taps "routed to you, report in": it lands on the whistle.
    as_(fire_member)
    landing = _open_notification(client, fire_member.id, db, "tracker.whistle_routed")
    assert landing == f"/whistles/{problem.id}"
    page = client.get(landing).text
    assert "消防通道被纸箱堵死" in page and "We take it" in page
    # It reports in, then gives the work to the company with a due date.
    assert (
        client.post(f"/whistles/{problem.id}/acknowledge", data={"note": "收到"}).status_code == 302
    )
    page = client.get(landing).text
    assert "Give it to the company" in page
    db.session.expire_all()
    version = db.session.get(Problem, problem.id).version
    due = (utcnow() + timedelta(days=5)).date()
    response = client.post(
        f"/whistles/{problem.id}/hand-over",
        data={
            "company_id": str(point.company_id),
            "due": due.isoformat(),
            "note": "请立即清理",
            "version": str(version),
        },
    )
    assert response.status_code == 302

    # The company's safety manager is told, opens the problem, rectifies with a photo.
    as_(manager)
    landing = _open_notification(client, manager.id, db, "tracker.assigned")
    assert landing == f"/problems/{problem.number}"
    page = client.get(landing).text
    assert "Start rectifying" in page
    assignees = re.search(r'name="reassign-assignee".*?</select>', page, re.S).group(0)
    assert "李工 · Employee" in assignees
    db.session.expire_all()
    version = db.session.get(Problem, problem.id).version
    assert (
        client.post(
            f"/problems/{problem.number}/move/start", data={"start-version": str(version)}
        ).status_code
        == 302
    )
    response = client.post(
        f"/problems/{problem.number}/move/submit",
        data={
            "submit-version": str(version + 1),
            "submit-note": "纸箱已清走，通道畅通",
            "submit-photos": [photo("after.png")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is ProblemStatus.AWAITING_VERIFICATION
    assert company_worker.id not in set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "tracker.submitted")
        )
    )

    # The department is told, finds it in "awaiting my verification", and verifies.
    as_(fire_member)
    assert problem.number in client.get("/my-work").text.split("Awaiting my verification")[1]
    landing = _open_notification(client, fire_member.id, db, "tracker.submitted")
    page = client.get(landing).text
    assert "Verify and close" in page
    db.session.expire_all()
    version = db.session.get(Problem, problem.id).version
    response = client.post(
        f"/problems/{problem.number}/move/verify",
        data={"verify-version": str(version), "verify-note": "现场复核，通道畅通"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Problem, problem.id).status is ProblemStatus.CLOSED

    # The reporter, with the private link, sees the outcome and the after-photo.
    as_(None)
    page = client.get(follow).text
    assert "Closed" in page or "closed" in page
    assert "After rectification" in page and "Photo after rectification" in page
    media = re.findall(r'alt="Photo after rectification"', page)
    assert len(media) == 1
