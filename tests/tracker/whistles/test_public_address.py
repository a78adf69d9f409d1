"""QR codes, the private follow link and mailed links all carry the public address
derived from ENGAGE_HOST and ENGAGE_PORT (when ENGAGE_BASE_URL is not given)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.config import base_url
from engage.core.mail import OutboxMessage

ADDRESS = "http://192.168.8.20:5103"


@pytest.fixture
def lan_address(app):
    """The address a `make run` on ENGAGE_HOST=192.168.8.20 ENGAGE_PORT=5103 gets."""
    before = app.config["ENGAGE_BASE_URL"]
    app.config["ENGAGE_BASE_URL"] = base_url({"ENGAGE_HOST": "192.168.8.20", "ENGAGE_PORT": "5103"})
    assert app.config["ENGAGE_BASE_URL"] == ADDRESS
    yield ADDRESS
    app.config["ENGAGE_BASE_URL"] = before


def test_the_qr_code_and_the_label_carry_the_address(
    client, login_as, make_user, point, lan_address, app
):
    from engage.tracker.points.views import public_url

    with app.test_request_context():
        assert public_url(point.code) == f"{ADDRESS}/p/{point.code}"
    login_as(make_user("supervisor"))
    page = client.get(f"/points/{point.id}/code")
    assert page.status_code == 200
    assert f"{ADDRESS}/p/{point.code}" in page.get_data(as_text=True)


def test_the_follow_link_carries_the_address(client, point, answered, lan_address):
    response = client.post(f"/p/{point.code}/whistle", data=answered())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{ADDRESS}/w/" in page


def test_mailed_links_carry_the_address(
    client, point, answered, fire_rule, fire_member, db, lan_address
):
    response = client.post(f"/p/{point.code}/whistle", data=answered())
    assert response.status_code == 302
    (mail,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to == fire_member.email))
    assert f"{ADDRESS}/whistles/" in mail.body
