"""A refused whistle form keeps the photos already chosen, says what to fix at the
top (where the focus goes), and asks for the kind of hazard instead of guessing it."""

from __future__ import annotations

import os
import re
import time

import time_machine
from sqlalchemy import func, select

from engage.core import uploads
from engage.core.uploads import MediaFile
from engage.tracker.models import Problem, ProblemPhoto
from tests.tracker.whistles.conftest import photo, png_bytes

HELD = re.compile(r'name="held" value="([^"]+)"')


def _post(client, url, data):
    return client.post(url, data=data, content_type="multipart/form-data")


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_wrong_answer_keeps_the_photos_and_the_next_try_sends_them(client, point, answered, db):
    url = f"/p/{point.code}/whistle"
    response = _post(
        client, url, answered(answer="999", photos=[photo(), photo("b.png", png_bytes((50, 50)))])
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "not the right answer" in html
    tokens = HELD.findall(html)
    assert len(tokens) == 2
    assert html.count('class="held-photo border') == 2 and "Remove" in html
    assert re.search(r'<img src="/media/[0-9a-f]{64}\.png\?s=', html)  # thumbnails shown
    assert _count(db, Problem) == 0 and _count(db, MediaFile) == 0  # held, not recorded
    # The error box comes first and takes the focus.
    box = html.index('id="form-refused"')
    assert "autofocus" in html[box - 120 : box + 40] and 'tabindex="-1"' in html[box - 120 : box]
    assert box < html.index('name="title"')
    # Sent again with the right answer and no file chosen: the held photos go with it.
    response = _post(client, url, answered(held=tokens))
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert _count(db, ProblemPhoto) == 2 and problem is not None


def test_a_removed_photo_is_not_sent(client, point, answered, db):
    url = f"/p/{point.code}/whistle"
    html = _post(
        client, url, answered(answer="999", photos=[photo(), photo("b.png", png_bytes((50, 50)))])
    ).get_data(as_text=True)
    first, second = HELD.findall(html)
    # Without JavaScript the remove button sends the form back, minus that photo.
    html = _post(client, url, answered(held=[first, second], drop=first)).get_data(as_text=True)
    assert HELD.findall(html) == [second]
    assert 'id="form-refused"' not in html  # removing a photo is not a refusal
    assert _post(client, url, answered(held=[second])).status_code == 302
    assert _count(db, ProblemPhoto) == 1


def test_a_missing_field_on_the_signed_in_form_keeps_the_photos(
    client, login_as, make_user, point, db
):
    login_as(make_user())
    response = _post(
        client,
        "/whistle/new",
        {"point_code": point.code, "category": "fire", "title": "", "photos": [photo()]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="form-refused"' in html
    (token,) = HELD.findall(html)
    response = _post(
        client,
        "/whistle/new",
        {"point_code": point.code, "category": "fire", "title": "配电箱门未关", "held": token},
    )
    assert response.status_code == 302  # (no area_id: the page has none when the point is known)
    assert _count(db, ProblemPhoto) == 1


def test_the_kind_of_hazard_has_no_default(client, point, answered, db):
    page = client.get(f"/p/{point.code}/whistle").get_data(as_text=True)
    select_html = page[page.index('name="category"') : page.index("</select>")]
    assert re.search(r'<option (selected )?value="">Please choose</option>', select_html)
    assert "selected" not in select_html
    response = _post(client, f"/p/{point.code}/whistle", answered(category=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Choose the kind of hazard." in html
    assert _count(db, Problem) == 0


def test_forged_or_expired_tokens_are_ignored(client, point, answered, db, app):
    url = f"/p/{point.code}/whistle"
    html = _post(client, url, answered(answer="999", photos=[photo()])).get_data(as_text=True)
    (token,) = HELD.findall(html)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    now = time.time()
    with app.test_request_context():
        assert uploads.pending_file(forged) is None
        assert uploads.pending_file(token) is not None
    html = _post(client, url, answered(answer="999", held=[forged])).get_data(as_text=True)
    assert HELD.findall(html) == []
    assert "more than an hour ago" in html
    # An hour later the token no longer names anything and the file is discarded.
    later = now + uploads.PENDING_MAX_AGE + 60
    with time_machine.travel(later, tick=False), app.test_request_context():
        assert uploads.pending_file(token) is None


def test_the_cleanup_discards_what_was_held_an_hour_ago(client, point, answered, db, app):
    url = f"/p/{point.code}/whistle"
    html = _post(client, url, answered(answer="999", photos=[photo()])).get_data(as_text=True)
    (token,) = HELD.findall(html)
    with app.test_request_context():
        held = uploads.pending_file(token)
        assert held is not None
        path = uploads.storage().path(held.key)
        assert path.exists()
        assert uploads.discard_stale_pending() == 0  # not an hour yet
        later = time.time() + uploads.PENDING_MAX_AGE + 1
        assert uploads.discard_stale_pending(now=later) == 1
        assert not path.exists()
        assert not uploads.storage().path(held.thumb_key).exists()


def test_a_file_recorded_meanwhile_is_never_discarded(client, point, answered, db, app):
    url = f"/p/{point.code}/whistle"
    html = _post(client, url, answered(answer="999", photos=[photo()])).get_data(as_text=True)
    (token,) = HELD.findall(html)
    with app.test_request_context():
        held = uploads.pending_file(token)
        uploads.storage().hold(held.key, held.thumb_key)  # held again, then sent
        uploads.record_file(held)
        db.session.commit()
        mark = uploads.storage().root / "pending" / held.key
        mark.write_text(held.thumb_key or "")
        os.utime(mark, (0, 0))
        assert uploads.discard_stale_pending() == 1
        assert uploads.storage().path(held.key).exists()


def test_the_maintenance_command_runs_the_cleanup(app, client, point, answered, db):
    url = f"/p/{point.code}/whistle"
    html = _post(client, url, answered(answer="999", photos=[photo()])).get_data(as_text=True)
    (token,) = HELD.findall(html)
    with app.test_request_context():
        held = uploads.pending_file(token)
        os.utime(uploads.storage().root / "pending" / held.key, (0, 0))
    result = app.test_cli_runner().invoke(args=["tracker", "remind"])
    assert result.exit_code == 0, result.output
    assert "held photos discarded: 1" in result.output
    with app.test_request_context():
        assert not uploads.storage().path(held.key).exists()


def test_a_robot_gets_no_photo_held(client, point, answered, db):
    html = _post(
        client, f"/p/{point.code}/whistle", answered(website="http://spam", photos=[photo()])
    ).get_data(as_text=True)
    assert HELD.findall(html) == []
    assert _count(db, Problem) == 0


def test_the_follow_link_has_a_copy_button(client, point, answered, db):
    response = _post(client, f"/p/{point.code}/whistle", answered())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-copy="#follow-url"' in page and 'id="follow-url"' in page
    assert "only way to follow your report" in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    # Static files carry a fingerprint (?v=…) so that browsers may keep them a year.
    assert "/static/engage.js" in {src.split("?")[0] for src in scripts} and all(
        src.startswith("/") for src in scripts
    )
