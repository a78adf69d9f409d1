"""Every notification kind any domain registers has a test that makes it through the
services and taps it open, landing on its object. A new kind (or a new domain's kinds)
needs its own: add it to the domain's kinds test, or the domain's test here."""

from pathlib import Path

from engage.core import notifications

TESTS = Path(__file__).resolve().parent.parent
# The kinds' prefix -> the test that makes every kind with it and opens each one.
KIND_TESTS = {
    "account.": "accounts/test_notification_kinds.py",
    "alliance.": "alliance/test_notification_kinds.py",
    "events.": "events/test_notification_kinds.py",
    "inspection.": "alliance/inspections/test_notification_links.py",
    "tracker.": "tracker/test_notification_kinds.py",
}


def test_every_registered_kind_has_a_test_that_opens_it(app):
    kinds = set(notifications._KINDS)
    assert len(kinds) > 40
    uncovered = {k for k in kinds if not any(k.startswith(p) for p in KIND_TESTS)}
    assert not uncovered, f"notification kinds without a test that opens them: {uncovered}"
    for path in KIND_TESTS.values():
        assert (TESTS / path).is_file(), path


def test_a_stored_address_is_always_a_local_path(app, db, make_user):
    user = make_user()
    base = app.config["ENGAGE_BASE_URL"]
    cases = {
        f"{base}/whistles/7": "/whistles/7",
        f"{base}/problems/P-2026-00001?x=1#t": "/problems/P-2026-00001?x=1#t",
        "/events/3": "/events/3",
        "https://evil.example/whistles/7": "",
        "javascript:alert(1)": "",
        "//evil.example/x": "",
    }
    for given, stored in cases.items():
        assert notifications.notify(user, "account.role_changed", url=given).url == stored, given
