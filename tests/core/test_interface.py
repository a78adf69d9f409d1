"""The interface: error pages in the reader's language, security headers everywhere,
the language switch, dates in the reader's zone, the home page and the navbar."""

from datetime import UTC, datetime

import pytest
from flask import abort, render_template_string

from engage.accounts.models import User
from engage.core import i18n

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _error_routes(app):
    @app.route("/_test/abort/<int:code>", methods=["GET", "POST"])
    def _test_abort(code):
        abort(code)

    @app.route("/_test/boom")
    def _test_boom():
        raise RuntimeError("an unexpected failure")


@pytest.mark.parametrize(
    "code,english,chinese",
    [
        (400, "Bad request", "请求"),
        (403, "Not allowed", "无权"),
        (404, "Page not found", "页面不存在"),
        (405, "Not allowed", "不"),
        (413, "File too large", "文件过大"),
        (429, "Too many attempts", "尝试次数过多"),
        (500, "Something went wrong", "出错"),
        (410, "Bad request", "请求"),
        (503, "Something went wrong", "出错"),
    ],
)
def test_error_pages_speak_the_readers_language(app, client, code, english, chinese):
    _error_routes(app)
    response = client.get(f"/_test/abort/{code}", headers=EN)
    assert response.status_code == code
    assert english in response.text
    assert "<nav" in response.text  # the full layout, not a bare message
    zh = client.get(f"/_test/abort/{code}", headers=ZH)
    assert chinese in zh.text and english not in zh.text


def test_an_unexpected_error_is_a_500_page_in_the_readers_language(app, client):
    _error_routes(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/_test/boom", headers=EN)
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "Nothing was saved" in response.text
    assert "RuntimeError" not in response.text
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "出错" in client.get("/_test/boom", headers=ZH).text


def test_a_real_405(client):
    response = client.get("/notifications/read-all", headers=EN)
    assert response.status_code == 405
    assert "does not take that kind of request" in response.text


def test_a_post_without_its_csrf_token_gets_a_clear_page(csrf_app, client):
    response = client.post("/language", data={"lang": "en"}, headers=EN)
    assert response.status_code == 400
    assert "The form has expired" in response.text
    assert "reload the page" in response.text
    zh = client.post("/language", data={"lang": "en"}, headers=ZH)
    assert zh.status_code == 400 and "The form has expired" not in zh.text


# Security headers


def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    script_src = [d for d in csp.split(";") if d.strip().startswith(("script-src", "default-src"))]
    assert script_src and all(
        "unsafe-inline" not in d and "unsafe-eval" not in d for d in script_src
    )
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/no/such/page",
        "/static/engage.css",
        "/static/engage.js",
        "/static/missing.css",
        "/notifications",
        "/admin/audit",
        "/auth/login",
        "/healthz",
    ],
)
def test_security_headers_on_every_kind_of_response(client, path):
    response = client.get(path)
    _assert_security_headers(response)
    response.close()


def test_security_headers_on_a_500_and_a_csrf_page(app, csrf_app, client):
    _error_routes(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    _assert_security_headers(client.get("/_test/boom"))
    _assert_security_headers(client.post("/language", data={"lang": "en"}))


def test_pages_carry_no_inline_script(db, client, make_user, login_as):
    login_as(make_user("admin"))
    for path in ("/", "/notifications", "/admin/audit", "/no/such/page"):
        body = client.get(path).text
        assert "<script>" not in body and " on" + "click=" not in body
        for tag in body.split("<script")[1:]:
            assert tag.lstrip().startswith("src="), tag[:80]


def test_hsts_only_when_cookies_are_secure(app, client):
    plain = client.get("/")
    assert plain.status_code == 200 and "X-Content-Type-Options" in plain.headers
    assert "Strict-Transport-Security" not in plain.headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=")


# Language


def test_the_default_language_is_chinese(client):
    response = client.get("/")
    assert 'lang="zh-Hans"' in response.text


def test_an_anonymous_visitor_switches_language_for_the_session(client):
    response = client.post(
        "/language", data={"lang": "en", "next": "/notifications?page=2"}, headers=ZH
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/notifications?page=2"
    body = client.get("/", headers=ZH).text
    assert 'lang="en"' in body and "Park Safety Alliance" in body
    client.post("/language", data={"lang": "zh_Hans"}, headers=EN)
    assert 'lang="zh-Hans"' in client.get("/", headers=EN).text


def test_a_signed_in_user_saves_the_language_to_their_profile(db, client, make_user, login_as):
    user = make_user(locale="zh_Hans")
    login_as(user)
    client.post("/language", data={"lang": "en"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
    # A new session (another browser) uses the saved setting over the browser's.
    other = client.application.test_client()
    login_as(user, other)
    assert 'lang="en"' in other.get("/", headers=ZH).text


def test_the_users_setting_beats_the_session_which_beats_the_browser(
    db, client, make_user, login_as
):
    assert 'lang="en"' in client.get("/", headers=EN).text  # the browser
    client.post("/language", data={"lang": "zh_Hans"})
    assert 'lang="zh-Hans"' in client.get("/", headers=EN).text  # the session
    user = make_user(locale="en")
    login_as(user)
    assert 'lang="en"' in client.get("/", headers=ZH).text  # the user's setting


@pytest.mark.parametrize(
    "data",
    [
        {"lang": "fr"},
        {"lang": ""},
        {},
        {"lang": "en\x00"},
        {"lang": "x" * 10000},
        {"lang": "en", "next": "https://evil.example/"},
        {"lang": "en", "next": "//evil.example"},
        {"lang": "<script>", "next": "/\x00"},
    ],
)
def test_the_language_switch_takes_no_nonsense(client, data):
    response = client.post("/language", data=data)
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "/?")


def test_the_navbar_offers_both_languages(client):
    body = client.get("/").text
    assert "简体中文" in body and "English" in body and 'action="/language"' in body


@pytest.mark.parametrize(
    "header,expected",
    [
        ("zh-CN", "zh_Hans"),
        ("zh-TW,zh;q=0.8", "zh_Hans"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR", "zh_Hans"),
        ("", "zh_Hans"),
        ("en;q=0.1,zh;q=0.9", "zh_Hans"),
    ],
)
def test_the_browser_language(app, header, expected):
    with app.test_request_context(headers={"Accept-Language": header}):
        assert i18n.select_locale() == expected


def test_outside_a_request_the_default_language_and_zone_apply(app):
    assert i18n.select_locale() == "zh_Hans"
    assert i18n.select_timezone() == app.config["ENGAGE_TIMEZONE"]


# Dates

MOMENT = datetime(2026, 6, 1, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "tz,lang,expected",
    [
        (None, "en", "6/2/26, 12:30"),  # the park's zone, Asia/Shanghai
        ("Europe/Berlin", "en", "6/1/26, 6:30"),
        ("UTC", "zh_Hans", "2026/6/1 16:30"),
        ("Not/AZone", "en", "6/2/26, 12:30"),  # a broken setting falls back to the park's
    ],
)
def test_dates_are_shown_in_the_readers_zone_and_language(
    app, db, make_user, login_as, client, tz, lang, expected
):
    user = make_user(timezone=tz, locale=lang)
    login_as(user)

    @app.get("/_test/date")
    def _test_date():
        return render_template_string("{{ moment|datetime('short') }}", moment=MOMENT)

    assert expected in client.get("/_test/date").text


def test_date_filters_accept_none(app):
    with app.test_request_context():
        assert render_template_string("[{{ none|datetime }}][{{ none|date }}]", none=None) == "[][]"


# Home page and navbar


def test_the_home_page_says_what_engage_is_and_where_each_user_goes(client):
    body = client.get("/", headers=EN).text
    assert "park safety production alliance" in body.lower()
    for who in (
        "Employees",
        "Company safety managers",
        "Supervisors and grid officers",
        "Departments",
        "The safety committee office",
    ):
        assert who in body
    assert 'href="/auth/login' in body


def test_the_home_page_in_chinese(client):
    body = client.get("/", headers=ZH).text
    assert "安全生产联盟" in body and "企业安全管理员" in body


def test_the_navbar_shows_the_audit_log_only_to_admins_and_supervisors(
    db, client, make_user, login_as
):
    anonymous = client.get("/")
    assert anonymous.status_code == 200 and "/auth/login" in anonymous.text
    assert "/admin/audit" not in anonymous.text
    login_as(make_user("grid_officer"))
    grid = client.get("/")
    assert grid.status_code == 200 and "/notifications" in grid.text
    assert "/admin/audit" not in grid.text
    login_as(make_user("supervisor"))
    assert "/admin/audit" in client.get("/").text
    login_as(make_user("admin"))
    body = client.get("/").text
    assert "/admin/audit" in body and "/notifications" in body


def test_a_signed_in_user_sees_their_name_and_sign_out(db, client, make_user, login_as):
    login_as(make_user(name="王小明"))
    body = client.get("/", headers=EN).text
    assert "王小明" in body and "Sign out" in body and "Sign in" not in body


def test_flash_messages_are_shown_and_escaped(app, client):
    from flask import flash, redirect

    @app.get("/_test/flash")
    def _test_flash():
        flash("<b>saved</b>", "success")
        return redirect("/")

    body = client.get("/_test/flash", follow_redirects=True).text
    assert "alert-success" in body and "&lt;b&gt;saved&lt;/b&gt;" in body


def test_the_health_check(client):
    assert client.get("/healthz").json["status"] == "ok"


def test_when_even_the_error_page_fails_a_bare_bilingual_page_is_served(app, client, monkeypatch):
    from engage.core import security

    _error_routes(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(security, "render_template", broken)
    response = client.get("/_test/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "出错了" in response.text
    _assert_security_headers(response)
