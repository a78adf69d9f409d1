"""Event pages and galleries run as many SQL statements for 2 rows as for many; the
gallery of 2,000 photos paginates."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from engage.core.uploads import MediaFile
from engage.events.media.models import Album, Photo
from engage.events.performances.models import Genre, Performance, PerformanceStatus
from engage.events.registration import services as registration


def _fill(db, event, company, n_photos, n_perfs, start):
    album = Album(event_id=event.id, title=f"相册{start}")
    db.session.add(album)
    db.session.flush()
    media_rows = [
        {
            "key": f"{start + i:064x}.jpg",
            "thumb_key": f"{start + i:064x}.png",
            "content_type": "image/jpeg",
            "size": 1,
            "original_name": "",
        }
        for i in range(n_photos)
    ]
    ids = (
        [
            db.session.execute(insert(MediaFile).values(**row).returning(MediaFile.id)).scalar()
            for row in media_rows
        ]
        if n_photos < 100
        else None
    )
    if ids is None:
        db.session.execute(insert(MediaFile), media_rows)
        from sqlalchemy import select

        ids = list(
            db.session.scalars(select(MediaFile.id).order_by(MediaFile.id.desc()).limit(n_photos))
        )
    db.session.execute(
        insert(Photo),
        [
            {"album_id": album.id, "event_id": event.id, "media_id": mid, "caption": ""}
            for mid in ids
        ],
    )
    db.session.add_all(
        [
            Performance(
                event_id=event.id,
                company_id=company.id,
                title=f"节目{i}",
                genre=Genre.SONG,
                duration_minutes=5,
                performers="",
                status=PerformanceStatus.ACCEPTED,
                running_order=start + i,
            )
            for i in range(n_perfs)
        ]
    )
    db.session.commit()


def _count(app, count_queries, login_as, user, url):
    client = app.test_client()
    if user is not None:
        login_as(user, client)
    client.get(url)
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("who", ["anonymous", "organiser"])
def test_event_pages_run_as_many_queries_for_2_as_for_many(
    app, db, make_event, make_company, people, count_queries, login_as, who
):
    event = make_event(capacity=100)
    organiser = event.organisers[0].user if who == "organiser" else None
    company = make_company()
    urls = [
        f"/events/{event.id}",
        f"/events/{event.id}/gallery",
        f"/events/{event.id}/programme",
        f"/events/{event.id}/awards",
        "/events/",
        "/events/gallery",
    ]
    if organiser:
        urls += [f"/events/{event.id}/registrations", f"/events/{event.id}/dashboard"]
    for person in people(2):
        registration.register(event, actor=person)
    _fill(db, event, company, 2, 2, 0)
    few = {u: _count(app, count_queries, login_as, organiser, u) for u in urls}
    for person in people(40):
        registration.register(event, actor=person)
    db.session.commit()
    _fill(db, event, company, 60, 20, 1000)
    many = {u: _count(app, count_queries, login_as, organiser, u) for u in urls}
    assert few == many


def test_a_gallery_of_2000_photos_paginates(app, db, make_event, make_company):
    event = make_event()
    _fill(db, event, make_company(), 2000, 0, 0)
    client = app.test_client()
    first = client.get(f"/events/{event.id}/gallery")
    assert first.status_code == 200 and first.text.count('loading="lazy"') == 48
    last = client.get(f"/events/{event.id}/gallery?page=42")
    assert last.status_code == 200 and last.text.count('loading="lazy"') == 2000 - 41 * 48
