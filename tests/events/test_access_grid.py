"""Who may open each events page: every `events.*` endpoint has a row, or this fails.

Rows say which of the cast may use the endpoint. Allowed: 200 or a redirect that is
not the sign-in page. Not allowed: anonymous people are sent to sign in (or, on
pages with no sign-in, refused); signed-in people get 403 for a visible event
they may not act on, 404 for what they may not see.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.events.awards.models import AwardCategory, AwardMethod
from engage.events.media.models import Album, Photo, Video
from engage.events.performances.models import Genre, Performance, PerformanceStatus
from engage.events.registration import services as registration

EVERYONE = {
    "anonymous",
    "newcomer",
    "a_employee",
    "a_manager",
    "a_admin",
    "b_employee",
    "b_manager",
    "b_admin",
    "dept_member",
    "dept_lead",
    "grid",
    "supervisor",
    "admin",
}
SIGNED_IN = EVERYONE - {"anonymous"}
ORGANISERS = {"supervisor", "admin"}  # the supervisor organises; the platform admin may too
CREATORS = {"a_manager", "a_admin", "b_manager", "b_admin", "supervisor", "admin"}
MANAGERS = {"a_manager", "a_admin", "b_manager", "b_admin"}  # companies submit performances
COMPANY_ADMINS = {"a_admin", "b_admin"}
TICKET_HOLDER = {"a_employee", "supervisor", "admin"}  # the holder and the organisers
SUBMITTER = {"a_manager", "a_admin", "supervisor", "admin"}  # the rehearsal's company and reviewers
EDITOR = {"a_manager", "a_admin"}

# endpoint: (method, allowed roles, needs sign-in)
GRID = {
    "events.catalogue.index": ("GET", EVERYONE, False),
    "events.catalogue.detail": ("GET", EVERYONE, False),
    "events.catalogue.feed": ("GET", EVERYONE, False),
    "events.catalogue.ics": ("GET", EVERYONE, False),
    "events.catalogue.create": ("GET", CREATORS, True),
    "events.catalogue.edit": ("GET", ORGANISERS, True),
    "events.catalogue.publish": ("POST", ORGANISERS, True),
    "events.catalogue.cancel": ("POST", ORGANISERS, True),
    "events.registration.register": ("POST", SIGNED_IN, True),
    "events.registration.group": ("GET", COMPANY_ADMINS, True),
    "events.registration.cancel": ("POST", TICKET_HOLDER, True),
    "events.registration.confirm": ("POST", TICKET_HOLDER, True),
    "events.registration.manage": ("GET", ORGANISERS, True),
    "events.registration.reorder": ("POST", ORGANISERS, True),
    "events.checkin.ticket": ("GET", TICKET_HOLDER, True),
    "events.checkin.ticket_png": ("GET", TICKET_HOLDER, True),
    "events.checkin.door": ("GET", ORGANISERS, True),
    "events.checkin.count": ("GET", ORGANISERS, True),
    "events.performances.index": ("GET", SIGNED_IN, True),
    "events.performances.create": ("GET", MANAGERS, True),
    "events.performances.detail": ("GET", SIGNED_IN, True),
    "events.performances.edit": ("GET", EDITOR, True),
    "events.performances.review": ("POST", ORGANISERS, True),
    "events.performances.withdraw": ("POST", EDITOR, True),
    "events.performances.jury": ("GET", ORGANISERS, True),
    "events.performances.programme": ("GET", EVERYONE, False),
    "events.performances.order": ("POST", ORGANISERS, True),
    "events.performances.move": ("POST", ORGANISERS, True),
    "events.media.gallery": ("GET", EVERYONE, False),
    "events.media.create_album": ("POST", ORGANISERS, True),
    "events.media.album": ("GET", EVERYONE, False),
    "events.media.upload": ("POST", ORGANISERS, True),
    "events.media.caption": ("POST", ORGANISERS, True),
    "events.media.cover": ("POST", ORGANISERS, True),
    "events.media.video_new": ("GET", ORGANISERS, True),
    "events.media.video": ("GET", EVERYONE, False),
    "events.media.park_gallery": ("GET", EVERYONE, False),
    "events.awards.index": ("GET", EVERYONE, False),
    "events.awards.create": ("POST", ORGANISERS, True),
    "events.awards.vote": ("POST", SIGNED_IN, True),
    "events.awards.score": ("POST", set(), True),  # the jury only; this event has none
    "events.dashboard.index": ("GET", ORGANISERS, True),
    "events.dashboard.export": ("GET", ORGANISERS, True),
}


def test_every_events_endpoint_has_a_row(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("events.")}
    assert endpoints - set(GRID) == set(), "add a row to GRID for each new endpoint"
    assert set(GRID) - endpoints == set()


@pytest.fixture
def world(db, cast, make_event):
    event = make_event(cast.supervisor, capacity=20)
    reg = registration.register(event, actor=cast.a_employee)
    perf = Performance(
        event_id=event.id,
        company_id=cast.company_a.id,
        title="安全小品",
        genre=Genre.SKIT,
        duration_minutes=8,
        performers="张三",
        submitted_by_id=cast.a_manager.id,
        status=PerformanceStatus.ACCEPTED,
        running_order=1,
    )
    media = MediaFile(
        key="a" * 64 + ".jpg",
        thumb_key="b" * 64 + ".jpg",
        content_type="image/jpeg",
        size=10,
        width=1,
        height=1,
    )
    db.session.add_all([perf, media])
    db.session.flush()
    album = Album(event_id=event.id, title="彩排")
    db.session.add(album)
    db.session.flush()
    photo = Photo(album_id=album.id, event_id=event.id, media_id=media.id)
    video = Video(
        event_id=event.id,
        title="全程",
        key="c" * 64 + ".mp4",
        content_type="video/mp4",
        size=100,
        poster_id=media.id,
    )
    category = AwardCategory(
        event_id=event.id,
        name="最佳小品",
        method=AwardMethod.JURY,
        voting_opens_at=utcnow() - timedelta(hours=1),
        voting_closes_at=utcnow() + timedelta(hours=1),
    )
    db.session.add_all([photo, video, category])
    db.session.commit()
    return {
        "event_id": event.id,
        "reg_id": reg.id,
        "code": reg.ticket_code,
        "perf_id": perf.id,
        "album_id": album.id,
        "photo_id": photo.id,
        "video_id": video.id,
        "category_id": category.id,
    }


def _values(app, endpoint, world):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {k: world[k] for k in rule.arguments if k in world}
    if "what" in rule.arguments:
        values.update(what="registrations", fmt="csv")
    return values


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_access_grid(app, cast, world, login_as, role):
    from flask import url_for

    client = app.test_client()
    user = cast.who(role)
    if user is not None:
        login_as(user, client)
    failures = []
    for endpoint, (method, allowed, needs_sign_in) in GRID.items():
        with app.test_request_context():
            url = url_for(endpoint, **_values(app, endpoint, world))
        if method == "POST" and role in allowed:
            continue  # what an allowed POST does is tested with its part
        response = client.open(url, method=method)
        status = response.status_code
        location = response.headers.get("Location", "")
        if role in allowed:
            ok = status == 200 or (status in (301, 302) and "/auth/login" not in location)
        elif role == "anonymous" and needs_sign_in:
            ok = status == 302 and "/auth/login" in location
        else:
            ok = status in (403, 404)
        if not ok:
            failures.append(f"{endpoint} {method} {url}: {status} {location}")
    assert failures == []


def test_another_companys_event_is_not_found(app, cast, make_event, login_as):
    event = make_event(
        cast.a_manager,
        audience="company",
        company=cast.company_a,
        title="甲企业内部培训",
        kind="training",
    )
    client = app.test_client()
    login_as(cast.b_employee, client)
    assert client.get(f"/events/{event.id}").status_code == 404
    assert client.post(f"/events/{event.id}/register").status_code == 404
    listing = client.get("/events/")
    assert listing.status_code == 200 and "甲企业内部培训" not in listing.text
    login_as(cast.a_employee, client)
    assert client.get(f"/events/{event.id}").status_code == 200
