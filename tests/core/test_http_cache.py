"""Static files are kept for a year under addresses that change with their content; public
pages answer 304 to a browser that has them; signed-in pages get no shared ETag."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine


def _static_links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/(?:bootstrap/)?static/[^"]+)"', page)


def test_static_addresses_carry_a_fingerprint_and_are_kept_for_a_year(client):
    page = client.get("/")
    assert page.status_code == 200
    links = _static_links(page.text)
    assert any("engage.css?v=" in link for link in links)
    assert any("bootstrap" in link and "?v=" in link for link in links)
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert "max-age=31536000" in response.headers["Cache-Control"], link
        assert "immutable" in response.headers["Cache-Control"], link
        response.close()


def test_a_static_file_without_its_current_fingerprint_is_checked_each_time(client):
    for link in ("/static/engage.css", "/static/engage.css?v=0123456789ab"):
        response = client.get(link)
        assert response.status_code == 200
        assert "no-cache" in response.headers["Cache-Control"]
        assert "immutable" not in response.headers["Cache-Control"]
        response.close()


def test_a_visitor_with_the_page_already_gets_304(client):
    first = client.get("/knowledge/")
    assert first.status_code == 200 and first.headers.get("ETag")
    assert "no-cache" in first.headers["Cache-Control"]

    again = client.get("/knowledge/", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.data == b""


def test_signed_in_pages_carry_no_etag(client, login_as, make_user):
    login_as(make_user("supervisor"))
    page = client.get("/knowledge/")
    assert page.status_code == 200
    assert "ETag" not in page.headers


def test_a_page_with_a_form_still_answers_304_a_second_later(client, app):
    first = client.get("/")
    assert 'name="csrf_token"' in first.text
    later = datetime.now(UTC) + timedelta(seconds=5)
    with time_machine.travel(later, tick=False):  # the token is signed anew
        again = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_the_site_has_an_icon_where_browsers_look_for_it(client):
    page = client.get("/").text
    icon = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', page)
    assert icon and "favicon.svg?v=" in icon.group(1)
    asked = client.get("/favicon.ico")
    assert asked.status_code == 301
    served = client.get(asked.headers["Location"])
    assert served.status_code == 200
    assert served.mimetype == "image/svg+xml"
    assert b"<svg" in served.data
    served.close()
