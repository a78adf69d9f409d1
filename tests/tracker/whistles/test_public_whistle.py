"""Anyone at all blows the whistle from a point's QR page, and follows it by a private link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from engage.extensions import limiter
from engage.tracker.models import Problem, ProblemPhoto, ProblemSource
from tests.tracker.whistles.conftest import photo, png_bytes

HOSTILE = [
    "x" * 10_000,
    "<script>alert(1)</script>",
    "名\x00字",
    "\u202e反转\u200f",
    "🔥🧯",
    "'\"; --",
]


def _count(db) -> int:
    return db.session.scalar(select(func.count(Problem.id)))


def test_the_form_opens_without_an_account(client, point):
    response = client.get(f"/p/{point.code}/whistle")
    assert response.status_code == 200
    assert "website" in response.get_data(as_text=True)  # the honeypot is there, hidden


def test_an_anonymous_whistle_is_opened_routed_and_gets_a_private_link(
    client, point, answered, fire_rule, fire, db
):
    response = client.post(
        f"/p/{point.code}/whistle",
        data=answered(
            reporter_name="路人甲",
            reporter_phone="138 0000 1234",
            photos=[photo(), photo("b.png", png_bytes((50, 50)))],
        ),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert problem.source == ProblemSource.WHISTLE and problem.reporter_id is None
    assert problem.reporter_name == "路人甲" and problem.point_id == point.id
    assert problem.department_id == fire.id and problem.ack_due_at is not None
    assert db.session.scalar(select(func.count(ProblemPhoto.id))) == 2
    assert response.headers["Location"].endswith(f"/w/{problem.follow_token}?new=1")
    page = client.get(f"/w/{problem.follow_token}?new=1")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert problem.number in text and "Fire brigade" in text  # in the reader's language
    assert f"/w/{problem.follow_token}" in text  # "save this link"
    # The follower sees their own photos through the private link's page.
    links = set(re.findall(r"/media/[0-9a-f]{64}\.(?:jpg|png|webp)\?s=[0-9a-f]+", text))
    assert len({link.split("?")[0] for link in links}) == 2
    for link in links:
        shown = client.get(link)
        assert shown.status_code == 200, link
        shown.close()


def test_a_wrong_answer_saves_nothing_and_says_so(client, point, answered, db):
    response = client.post(f"/p/{point.code}/whistle", data=answered(answer="999"))
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    assert _count(db) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"website": "http://spam.example"},
        {"challenge": "forged.token.value"},
        {"challenge": ""},
        {"answer": ""},
        {"answer": "abc"},
        {"answer": "\x00"},
    ],
)
def test_robots_are_refused(client, point, answered, db, fields):
    response = client.post(f"/p/{point.code}/whistle", data=answered(**fields))
    assert response.status_code == 200
    assert _count(db) == 0


def test_a_form_sent_faster_than_a_person_types_is_refused(client, point, answered, db, app):
    app.config["ENGAGE_WHISTLE_MIN_SECONDS"] = 60
    response = client.post(f"/p/{point.code}/whistle", data=answered())
    assert response.status_code == 200 and _count(db) == 0


@pytest.mark.parametrize("missing", ["title", "category"])
def test_missing_fields_are_named(client, point, answered, db, missing):
    response = client.post(f"/p/{point.code}/whistle", data=answered(**{missing: ""}))
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    assert _count(db) == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_never_break_the_form(client, point, answered, db, value):
    response = client.post(
        f"/p/{point.code}/whistle",
        data=answered(
            title=value,
            description=value,
            reporter_name=value,
            reporter_phone=value,
            category=value,
        ),
    )
    assert response.status_code in (200, 302)
    for problem in db.session.scalars(select(Problem)).all():
        assert "\x00" not in problem.title + problem.description + problem.reporter_name
        assert "\u202e" not in problem.title


def test_hostile_text_is_kept_as_text(client, point, answered, db):
    client.post(
        f"/p/{point.code}/whistle",
        data=answered(title="<script>alert(1)</script> 🔥", description="\u202e反转"),
    )
    problem = db.session.scalar(select(Problem))
    assert problem.title == "<script>alert(1)</script> 🔥"
    response = client.get(f"/w/{problem.follow_token}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and problem.number in text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


def test_ten_thousand_characters_are_refused_with_a_message(client, point, answered, db):
    response = client.post(f"/p/{point.code}/whistle", data=answered(title="长" * 10_000))
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_an_oversize_photo_is_refused_and_nothing_is_saved(client, point, answered, db, app):
    app.config["ENGAGE_MAX_UPLOAD_MB"] = 1
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 10)
    # Werkzeug's test builder spools a large body to a temporary file it does not close.
    builder = EnvironBuilder(
        path=f"/p/{point.code}/whistle",
        method="POST",
        data=answered(photos=[photo("big.png", big)]),
    )
    environ = builder.get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert response.status_code == 200
    assert "1 MB" in response.get_data(as_text=True)
    assert _count(db) == 0


def test_a_file_that_is_not_an_image_is_refused(client, point, answered, db):
    response = client.post(
        f"/p/{point.code}/whistle",
        data=answered(photos=[photo("x.png", b"not an image at all")]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and _count(db) == 0


def test_seven_photos_are_too_many(client, point, answered, db):
    response = client.post(
        f"/p/{point.code}/whistle",
        data=answered(photos=[photo(f"{i}.png") for i in range(7)]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and _count(db) == 0


def test_a_bad_phone_number_is_refused(client, point, answered, db):
    response = client.post(f"/p/{point.code}/whistle", data=answered(reporter_phone="call me"))
    assert response.status_code == 200 and _count(db) == 0


def test_an_unknown_or_inactive_point_has_no_whistle_form(client, point, db, make_user):
    from engage.tracker.points import services

    assert client.get("/p/ZZZZZZZZ/whistle").status_code == 404
    services.set_active(point, actor=make_user("supervisor"), active=False)
    db.session.commit()
    assert client.get(f"/p/{point.code}/whistle").status_code == 404


def test_a_signed_in_person_is_sent_to_the_signed_in_form(client, login_as, make_user, point):
    login_as(make_user("grid_officer"))
    response = client.get(f"/p/{point.code}/whistle")
    assert "/whistle/new?point=" in response.headers["Location"]


def test_an_unknown_follow_link_is_not_found(client):
    assert client.get("/w/not-a-token").status_code == 404
    assert client.get("/w/" + "x" * 500).status_code == 404


def test_the_whistle_form_is_rate_limited_per_address(point, answered, database_url, tmp_path, db):
    from engage import create_app
    from tests.conftest import base_config

    limited = create_app(
        {
            **base_config(database_url, tmp_path),
            "RATELIMIT_ENABLED": True,
            "ENGAGE_WHISTLE_LIMIT": "2 per minute",
            "ENGAGE_WHISTLE_MIN_SECONDS": 0,
        }
    )
    code = point.code
    db.session.commit()  # SQLite: the outer session must not hold the write lock
    try:
        with limited.app_context():
            client = limited.test_client()
            statuses = [
                client.post(f"/p/{code}/whistle", data=answered()).status_code for _ in range(3)
            ]
            other = client.post(
                f"/p/{code}/whistle", data=answered(), environ_base={"REMOTE_ADDR": "10.0.0.9"}
            ).status_code
            db.session.remove()
            db.engine.dispose()
    finally:
        limiter.reset()
    assert statuses == [302, 302, 429]
    assert other == 302
    assert _count(db) == 3


def test_the_form_is_csrf_protected(csrf_app, point, answered, db):
    response = csrf_app.test_client().post(f"/p/{point.code}/whistle", data=answered())
    assert response.status_code in (200, 400)
    assert _count(db) == 0
