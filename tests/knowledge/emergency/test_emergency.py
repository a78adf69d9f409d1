"""The emergency guide: one tap from home, no sign-in, telephone links, configurable numbers."""

import pytest

from engage.knowledge.emergency.services import parse_numbers


def test_anyone_reaches_it_in_one_tap_from_home(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/emergency"' in home
    page = client.get("/emergency")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for word in ("火灾", "化学品泄漏", "触电", "受伤急救", "紧急疏散"):
        assert word in text
    assert 'href="tel:119"' in text and 'href="tel:120"' in text
    assert 'href="tel:051200000000"' in text


def test_english_readers_get_english_steps(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    text = client.get("/emergency").get_data(as_text=True)
    assert "Cut the power first" in text and "Park emergency duty line" in text


def test_numbers_come_from_the_configuration(app, client):
    app.config["ENGAGE_EMERGENCY_NUMBERS"] = "火警=119;厂区值班|Site duty=+86 512 6000 0000"
    response = client.get("/emergency")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert 'href="tel:+8651260000000"' in text and "厂区值班" in text
    assert "tel:120" not in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("火警=119;急救=120", [("火警", "", "119"), ("急救", "", "120")]),
        ("值班|Duty=0512-00000000", [("值班", "Duty", "0512-00000000")]),
        ("坏=javascript:alert(1);好=110", [("好", "", "110")]),
        ("=119;无号码=;没有等号", []),
        ("", []),
        (None, []),
    ],
)
def test_parse_numbers(text, expected):
    assert [(n.label, n.label_en, n.number) for n in parse_numbers(text)] == expected
