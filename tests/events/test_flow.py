"""The issue's "done when", as each party does it through the pages: an organiser publishes
a showcase; employees and a company group register until it is full; one cancels, the
first waiting is promoted and confirms; companies submit performances; eight are accepted
and ordered; the programme prints; tickets are scanned at the door; photos and a video
are uploaded; votes are cast and results published after close."""

from __future__ import annotations

import io
from datetime import timedelta

import time_machine
from PIL import Image
from sqlalchemy import func, select

from engage.core.timeutil import utcnow
from engage.events.awards.models import AudienceVote
from engage.events.catalogue.models import Event, EventStatus
from engage.events.media.models import Album, Photo, Video
from engage.events.performances.models import Performance, PerformanceStatus
from engage.events.registration.models import Registration
from engage.events.registration.models import RegistrationStatus as S
from tests.events.media.conftest import video_bytes


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _local(moment) -> str:
    """A datetime-local value in Asia/Shanghai (the park's zone) for a UTC moment."""
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


def test_the_showcase_from_publishing_to_results(app, db, cast, make_user, login_as):
    now = utcnow().replace(second=0, microsecond=0)
    starts = now + timedelta(days=5)
    org = app.test_client()
    login_as(cast.supervisor, org)

    # The organiser creates and publishes the showcase.
    r = org.post(
        "/events/new",
        data={
            "title": "2026 安全文化月汇演",
            "kind": "showcase",
            "venue": "园区礼堂",
            "starts_at": _local(starts),
            "ends_at": _local(starts + timedelta(hours=3)),
            "capacity": "6",
            "confirm_hours": "24",
            "audience": "park",
            "audience_company_id": "0",
            "registration_closes_at": _local(starts - timedelta(hours=2)),
            "submissions_close_at": _local(starts - timedelta(days=2)),
            "description": "人人讲安全、个个会应急",
            "organisers": "",
        },
    )
    assert r.status_code == 302, r.text
    event = db.session.scalar(select(Event))
    assert event.status == EventStatus.DRAFT
    assert org.post(f"/events/{event.id}/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == EventStatus.PUBLISHED

    # Employees register one by one; a company admin registers three colleagues at once.
    staff_a = [cast.a_employee] + [make_user("employee", company=cast.company_a) for _ in range(3)]
    people = [make_user("employee", company=cast.company_b) for _ in range(3)]
    clients = {}
    for person in [*people, staff_a[0]]:
        clients[person.id] = app.test_client()
        login_as(person, clients[person.id])
        assert clients[person.id].post(f"/events/{event.id}/register").status_code == 302
    boss = app.test_client()
    login_as(cast.a_admin, boss)
    r = boss.post(f"/events/{event.id}/group", data={"members": [str(u.id) for u in staff_a[1:]]})
    assert r.status_code == 302
    statuses = dict(db.session.execute(select(Registration.user_id, Registration.status)).all())
    assert sum(1 for s in statuses.values() if s == S.CONFIRMED) == 4
    assert {statuses[u.id] for u in staff_a[1:]} == {S.WAITING}  # 3 do not fit in 2: they wait
    late = make_user("employee", company=cast.company_b)
    login_as(late, app.test_client())
    late_client = app.test_client()
    login_as(late, late_client)
    late_client.post(f"/events/{event.id}/register")
    db.session.expire_all()
    # 2 seats free: the group of 3 does not fit, so the registration took... a seat or waits.
    assert db.session.get(Event, event.id).taken <= 6
    # Registering twice is refused with a message and changes nothing.
    again = clients[people[0].id].post(f"/events/{event.id}/register", follow_redirects=True)
    assert "one seat each" in again.text or "每人" in again.text
    assert (
        db.session.scalar(
            select(func.count(Registration.id)).where(Registration.user_id == people[0].id)
        )
        == 1
    )

    # Fill the event, then one cancels and the first waiting (the group) is offered seats.
    filler = make_user("employee", company=cast.company_b)
    fc = app.test_client()
    login_as(filler, fc)
    fc.post(f"/events/{event.id}/register")
    db.session.expire_all()
    assert db.session.get(Event, event.id).taken == 6
    for person in people[:3]:
        reg = db.session.scalar(select(Registration).where(Registration.user_id == person.id))
        clients[person.id].post(f"/events/{event.id}/registrations/{reg.id}/cancel")
    db.session.expire_all()
    group_regs = db.session.scalars(
        select(Registration).where(Registration.user_id.in_([u.id for u in staff_a[1:]]))
    ).all()
    assert {r.status for r in group_regs} == {S.OFFERED}
    boss.post(f"/events/{event.id}/registrations/{group_regs[0].id}/confirm")
    db.session.expire_all()
    assert {db.session.get(Registration, r.id).status for r in group_regs} == {S.CONFIRMED}
    assert db.session.get(Event, event.id).taken == 6

    # Companies submit performances; the organiser accepts eight and orders them.
    mgr = app.test_client()
    login_as(cast.a_manager, mgr)
    for i in range(10):
        r = mgr.post(
            f"/events/{event.id}/performances/new",
            data={
                "title": f"节目{i}",
                "genre": "skit",
                "duration_minutes": "8",
                "performers": "安全部全体",
                "description": "",
            },
        )
        assert r.status_code == 302, r.text
    perfs = db.session.scalars(select(Performance).order_by(Performance.id)).all()
    for perf in perfs[:8]:
        org.post(
            f"/events/{event.id}/performances/{perf.id}/review",
            data={"decision": "accepted", "note": ""},
        )
    org.post(
        f"/events/{event.id}/performances/{perfs[8].id}/review",
        data={"decision": "rejected", "note": ""},
    )  # a rejection needs a note
    db.session.expire_all()
    assert db.session.get(Performance, perfs[8].id).status == PerformanceStatus.SUBMITTED
    order = [p.id for p in reversed(perfs[:8])]
    org.post(f"/events/{event.id}/programme/order", data={"order": ",".join(map(str, order))})
    org.post(f"/events/{event.id}/programme/{order[0]}/move", data={"direction": "down"})
    page = org.get(f"/events/{event.id}/programme?print=1")
    assert page.status_code == 200 and "节目7" in page.text
    assert page.text.index("节目6") < page.text.index("节目7")
    assert "78" in page.text  # 8 acts × 8 min + 7 changeovers × 2 min = 78 minutes

    # On the day, tickets are scanned at the door (JSON, as the phone page sends them).
    reg = db.session.scalar(select(Registration).where(Registration.user_id == staff_a[0].id))
    ok = org.post(
        f"/events/{event.id}/checkin",
        data={"code": reg.ticket_code},
        headers={"Accept": "application/json"},
    )
    assert ok.status_code == 200 and ok.json["ok"] and ok.json["checked"] == 1
    twice = org.post(
        f"/events/{event.id}/checkin",
        data={"code": reg.ticket_code.lower()},
        headers={"Accept": "application/json"},
    )
    assert twice.status_code == 409 and cast.supervisor.name in twice.json["message"]

    # Photos (one not an image: refused alone) and a video.
    org.post(f"/events/{event.id}/albums", data={"title": "精彩瞬间"})
    album_id = db.session.scalar(select(func.max(Album.id)))
    r = org.post(
        f"/events/{event.id}/albums/{album_id}/photos",
        data={
            "photos": [
                (io.BytesIO(_png()), "a.png"),
                (io.BytesIO(b"not an image"), "b.jpg"),
                (io.BytesIO(_png()[:-1] + b"\x00"), "c.png"),
            ]
        },
        content_type="multipart/form-data",
        headers={"Accept": "application/json"},
    )
    assert r.json["saved"] >= 1 and [name for name, _ in r.json["refused"]][0] == "b.jpg"
    assert db.session.scalar(select(func.count(Photo.id))) == r.json["saved"]
    r = org.post(
        f"/events/{event.id}/videos/new",
        data={"title": "汇演全程", "video": (io.BytesIO(video_bytes()), "show.mp4")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    video = db.session.scalar(select(Video))
    assert video.content_type == "video/mp4" and video.poster_id
    page = org.get(f"/events/{event.id}/videos/{video.id}")
    src = page.text.split('<source src="')[1].split('"')[0].replace("&amp;", "&")
    part = org.get(src, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    part.close()

    # Votes: one per person per category; results hidden until close, then published.
    org.post(
        f"/events/{event.id}/awards/new",
        data={
            "name": "观众最喜爱节目",
            "method": "audience",
            "voting_opens_at": _local(now - timedelta(hours=1)),
            "voting_closes_at": _local(now + timedelta(hours=1)),
        },
    )
    from engage.events.awards.models import AwardCategory

    category = db.session.scalar(select(AwardCategory))
    voter = clients[people[0].id]
    voter.post(f"/events/{event.id}/awards/{category.id}/vote", data={"performance": order[1]})
    again = voter.post(
        f"/events/{event.id}/awards/{category.id}/vote",
        data={"performance": order[2]},
        follow_redirects=True,
    )
    assert again.status_code == 200
    assert db.session.scalar(select(func.count(AudienceVote.id))) == 1
    hidden = voter.get(f"/events/{event.id}/awards")
    assert hidden.status_code == 200 and "award-winner" not in hidden.text
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        shown = voter.get(f"/events/{event.id}")
        assert shown.status_code == 200 and "award-winner" in shown.text
