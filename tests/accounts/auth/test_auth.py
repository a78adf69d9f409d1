"""Signing in and out, signing up, passwords, the reset link, the profile and sessions."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from engage import create_app
from engage.accounts.auth import services
from engage.accounts.models import User
from engage.core.audit import AuditEntry
from engage.core.mail import OutboxMessage
from engage.extensions import db as _db
from engage.extensions import limiter
from tests.conftest import PASSWORD, base_config

EN = {"Accept-Language": "en"}


def _login(client, email, password=PASSWORD, next_=None, **kw):
    url = "/auth/login" + (f"?next={next_}" if next_ is not None else "")
    return client.post(url, data={"email": email, "password": password}, **kw)


def _signed_in(client) -> bool:
    return client.get("/profile").status_code == 200


# Sign-in


def test_sign_in_with_the_right_password(client, make_user):
    user = make_user(email="wang@example.com")
    response = _login(client, "WANG@example.com ")
    assert response.status_code == 302
    assert _signed_in(client)
    assert _db.session.get(User, user.id).last_login_at is not None


def test_unknown_email_and_wrong_password_get_the_same_answer(client, make_user):
    make_user(email="li@example.com")
    wrong = _login(client, "li@example.com", "not-the-password", headers=EN)
    unknown = _login(client, "nobody@example.com", PASSWORD, headers=EN)
    assert wrong.status_code == unknown.status_code == 200
    assert "The email or password is not right." in wrong.get_data(as_text=True)
    assert "The email or password is not right." in unknown.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    make_user(email="gone@example.com", active=False)
    _login(client, "gone@example.com")
    assert not _signed_in(client)


@pytest.mark.parametrize("target", ["/companies", "/profile?tab=1"])
def test_next_follows_a_local_path(client, make_user, target):
    make_user(email="a@example.com")
    response = _login(client, "a@example.com", next_=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil",
        "javascript:alert(1)",
        "http:/evil.example",
        "%2F%2Fevil.example",
        "\\\\evil.example",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    make_user(email="b@example.com")
    response = _login(client, "b@example.com", next_=target)
    location = response.headers["Location"]
    assert location == "/"
    assert "evil" not in location and "javascript" not in location


def test_signed_in_visitor_of_login_page_is_sent_on_safely(client, make_user, login_as):
    login_as(make_user())
    response = client.get("/auth/login?next=//evil.example")
    assert response.status_code == 302 and response.headers["Location"] == "/"


# Sessions end everywhere


def _second_device(app, user):
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
    return other


def test_replayed_cookie_after_sign_out_is_anonymous(app, client, make_user, login_as):
    user = make_user()
    login_as(user)
    stolen = _second_device(app, user)
    assert _signed_in(stolen)
    client.post("/auth/logout")
    assert not _signed_in(client)
    assert not _signed_in(stolen)


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, make_user, login_as):
    user = make_user()
    login_as(user)
    other = _second_device(app, user)
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "password": "a-new-long-secret-9",
            "password_again": "a-new-long-secret-9",
        },
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(other)
    assert _db.session.get(User, user.id).check_password("a-new-long-secret-9")


def test_password_change_needs_the_current_password(client, make_user, login_as):
    user = make_user()
    login_as(user)
    response = client.post(
        "/auth/password",
        headers=EN,
        data={
            "current_password": "wrong-one-123",
            "password": "a-new-long-secret-9",
            "password_again": "a-new-long-secret-9",
        },
    )
    assert "The current password is not right." in response.get_data(as_text=True)
    assert _db.session.get(User, user.id).check_password(PASSWORD)


def test_deactivation_ends_the_users_sessions(app, client, make_user, login_as):
    admin, user = make_user("admin"), make_user()
    device = _second_device(app, user)
    assert _signed_in(device)
    login_as(admin)
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    assert not _signed_in(device)
    assert _login(device, user.email).status_code == 200  # refused, form shown again
    assert not _signed_in(device)


def test_a_forged_session_id_is_anonymous(client, make_user):
    user = make_user()
    for forged in (
        f"{user.id}",
        f"{user.id}:",
        f"{user.id}:wrong",
        "x:y",
        "9" * 40 + ":t",
        "99999999999:t",
        "2147483648:t",
        "-1:t",
        ":",
    ):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not _signed_in(client)


# Cookies


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user(email="c@example.com")
    response = _login(client, "c@example.com")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_asked(database_url, tmp_path, monkeypatch, app, make_user):
    make_user(email="d@example.com")
    monkeypatch.setenv("ENGAGE_SECURE_COOKIES", "1")
    secure_app = create_app(base_config(database_url, tmp_path))
    assert secure_app.config["SESSION_COOKIE_SECURE"] is True
    with secure_app.app_context():
        response = _login(secure_app.test_client(), "d@example.com", base_url="https://localhost")
        _db.session.remove()
        _db.engine.dispose()
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


# Rate limits


@pytest.fixture
def limited(database_url, tmp_path, app):
    """An app with the sign-in limits on, as in production, with fresh counters."""
    config = base_config(database_url, tmp_path)
    config.update(RATELIMIT_ENABLED=True, ENGAGE_LOGIN_LIMIT="3 per 5 minutes")
    limited_app = create_app(config)
    with limited_app.app_context():
        limiter.reset()
    # Not kept pushed: each request then gets its own context, as in production.
    yield limited_app
    with limited_app.app_context():
        limiter.reset()
        _db.session.remove()
        _db.engine.dispose()


def test_sign_in_is_limited_per_address(limited):
    client = limited.test_client()
    for n in range(3):
        response = _login(
            client,
            f"guess{n}@example.com",
            "wrong-guess-1",
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
        assert response.status_code == 200
    response = _login(
        client,
        "guess9@example.com",
        "wrong-guess-1",
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 429
    assert "尝试" in response.get_data(as_text=True)
    assert (
        _login(
            client, "guess9@example.com", "wrong-guess-1", environ_base={"REMOTE_ADDR": "10.9.9.10"}
        ).status_code
        == 200
    )


def test_the_sign_in_page_itself_is_not_limited(limited):
    client = limited.test_client()
    for _ in range(6):
        assert client.get("/auth/login").status_code == 200


# Sign-up


def _signup(client, **over):
    data = {
        "name": "陈晓",
        "email": "chen.xiao@example.com",
        "password": "tea-garden-2026",
        "password_again": "tea-garden-2026",
        "locale": "zh_Hans",
    }
    data.update(over)
    return client.post("/auth/signup", data=data, headers=EN)


def test_sign_up_creates_an_account_and_offers_to_join_a_company(client):
    response = _signup(client)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=/companies/join")
    user = _db.session.scalar(select(User).where(User.email == "chen.xiao@example.com"))
    assert user.name == "陈晓" and user.platform_role is None and user.company_id is None
    assert user.password_hash.startswith("scrypt:")
    assert (
        _db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "account.signed_up")
        )
        == 1
    )
    welcome = _db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == "chen.xiao@example.com")
    ).all()
    assert len(welcome) == 1 and "/auth/login" in welcome[0].body
    signed_in = _login(client, "chen.xiao@example.com", "tea-garden-2026", next_="/companies/join")
    assert signed_in.headers["Location"] == "/companies/join"
    assert _signed_in(client)


def _answer(response, client) -> tuple[int, str, str]:
    """What a visitor sees after signing up: the status, where it leads, the message shown."""
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    message = re.search(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)
    return response.status_code, response.headers["Location"], message.group(1).strip()


def test_sign_up_with_a_taken_address_answers_as_for_a_new_one_and_mails_the_owner(app, make_user):
    owner = make_user(email="taken@example.com", name="老王")
    hash_before = owner.password_hash
    new_visitor, other_visitor = app.test_client(), app.test_client()
    new = _answer(_signup(new_visitor, email="fresh@example.com"), new_visitor)
    taken = _answer(_signup(other_visitor, email="taken@example.com"), other_visitor)
    assert new[0] == taken[0] == 302 and new[1] == taken[1]
    assert new[2].replace("fresh@", "X@") == taken[2].replace("taken@", "X@")
    assert "We have sent a mail" in taken[2]
    # Nothing changed for the owner but a mail in their inbox.
    _db.session.expire_all()
    assert (
        _db.session.scalar(select(func.count(User.id)).where(User.email == "taken@example.com"))
        == 1
    )
    assert _db.session.get(User, owner.id).password_hash == hash_before
    assert _db.session.get(User, owner.id).name == "老王"
    mails = _db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to == "taken@example.com")
    ).all()
    assert len(mails) == 1
    assert "sign up with your address" in mails[0].subject or "注册" in mails[0].subject
    assert "/auth/forgot" in mails[0].body and "/auth/login" in mails[0].body
    assert not _signed_in(other_visitor)


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "at least 8"),
        ("woaini1314", "too common"),
        ("5201314a", None),
        ("qq123456", "too common"),
        ("a123456789", "too common"),
        ("Password123", "too common"),
    ],
)
def test_sign_up_refuses_short_and_common_passwords(client, password, message):
    response = _signup(client, password=password, password_again=password)
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(User.id))) == 0


def test_sign_up_needs_the_password_twice_the_same(client):
    response = _signup(client, password_again="tea-garden-2027")
    assert "The two passwords differ." in response.get_data(as_text=True)


def test_common_password_list_has_a_few_hundred_entries():
    from engage.accounts.auth.passwords import common_passwords

    words = common_passwords()
    assert len(words) >= 300
    assert {"woaini1314", "5201314", "qq123456", "a123456", "1qaz2wsx"} <= words


# Password reset


def _reset_link(app) -> str:
    message = _db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"http\S+/auth/reset/\S+", message.body).group(0)


def test_reset_link_is_mailed_and_changes_the_password_once(app, client, make_user):
    user = make_user(email="reset@example.com", locale="en")
    response = client.post("/auth/forgot", data={"email": "reset@example.com"}, headers=EN)
    assert response.status_code == 302
    link = _reset_link(app)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    response = client.post(
        "/" + path, data={"password": "river-stone-77", "password_again": "river-stone-77"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert _db.session.get(User, user.id).check_password("river-stone-77")
    # single use: the token stops working once the password changed
    again = client.post(
        "/" + path, data={"password": "other-stone-77", "password_again": "other-stone-77"}
    )
    assert again.status_code == 302 and "forgot" in again.headers["Location"]
    assert _db.session.get(User, user.id).check_password("river-stone-77")


def test_forgot_password_answers_the_same_for_an_unknown_email(client, make_user):
    make_user(email="known@example.com")
    known = client.post(
        "/auth/forgot", data={"email": "known@example.com"}, headers=EN, follow_redirects=True
    )
    unknown = client.post(
        "/auth/forgot", data={"email": "unknown@example.com"}, headers=EN, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    text = "If an account uses this address"
    assert text in known.get_data(as_text=True) and text in unknown.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(OutboxMessage.id))) == 1


def test_reset_link_uses_the_configured_address_not_the_host_header(app, client, make_user):
    make_user(email="host@example.com")
    app.config["ENGAGE_BASE_URL"] = "https://engage.park.example"
    client.post(
        "/auth/forgot", data={"email": "host@example.com"}, headers={"Host": "evil.example"}
    )
    link = _reset_link(app)
    assert link.startswith("https://engage.park.example/auth/reset/")


def test_reset_mail_is_in_the_users_language(client, make_user):
    make_user(email="zh@example.com", locale="zh_Hans")
    client.post("/auth/forgot", data={"email": "zh@example.com"}, headers=EN)
    message = _db.session.scalar(select(OutboxMessage))
    assert "重置" in message.subject


@pytest.mark.parametrize("token", ["", "x", "a" * 600, "eyJ.forged.token", "%00", "..%2f"])
def test_a_bad_reset_token_is_refused_without_error(client, token):
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code in (302, 404)


def test_an_expired_reset_token_is_refused(app, client, make_user, monkeypatch):
    user = make_user()
    token = services.make_reset_token(user)
    app.config["ENGAGE_PASSWORD_RESET_HOURS"] = 0
    import time

    monkeypatch.setattr(time, "time", lambda: 4_000_000_000)
    assert services.user_for_reset_token(token) is None


# Profile


def test_profile_saves_name_phone_language_and_timezone(client, make_user, login_as):
    user = make_user()
    login_as(user)
    response = client.post(
        "/profile",
        data={
            "name": "赵小明",
            "phone": "+86 139-0512-0000",
            "locale": "en",
            "timezone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    user = _db.session.get(User, user.id)
    assert (user.name, user.phone, user.locale, user.timezone) == (
        "赵小明",
        "+86 139-0512-0000",
        "en",
        "Europe/Berlin",
    )
    page = client.get("/profile").get_data(as_text=True)
    assert "Profile" in page  # now in English


def test_profile_refuses_an_unknown_timezone_and_language(client, make_user, login_as):
    user = make_user()
    login_as(user)
    response = client.post(
        "/profile",
        headers=EN,
        data={"name": "x", "phone": "", "locale": "fr", "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 200
    assert _db.session.get(User, user.id).locale is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/profile")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# CLI


def test_create_admin_command_creates_an_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "boss@example.com", "--name", "周主任"],
        input="river-stone-77\nriver-stone-77\n",
    )
    assert result.exit_code == 0, result.output
    user = _db.session.scalar(select(User).where(User.email == "boss@example.com"))
    assert user.is_admin and user.name == "周主任" and user.check_password("river-stone-77")


def test_create_admin_command_promotes_an_existing_user(app, make_user):
    make_user(email="grow@example.com")
    result = app.test_cli_runner().invoke(
        args=["create-admin", "grow@example.com", "--password", "whatever-long-1"]
    )
    assert result.exit_code == 0 and "Promoted" in result.output
    assert _db.session.scalar(select(User).where(User.email == "grow@example.com")).is_admin


@pytest.mark.parametrize(
    "email, password",
    [
        ("not-an-email", "river-stone-77"),
        ("weak@example.com", "123456"),
        ("common@example.com", "woaini1314"),
    ],
)
def test_create_admin_command_refuses_bad_input(app, email, password):
    result = app.test_cli_runner().invoke(args=["create-admin", email, "--password", password])
    assert result.exit_code != 0
    assert _db.session.scalar(select(func.count(User.id))) == 0
