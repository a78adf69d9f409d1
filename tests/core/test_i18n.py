"""Translations are found once per request, and a language changed mid-request still shows."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, gettext, lazy_gettext, refresh


def test_each_request_speaks_its_reader_language(client):
    english = client.get("/", headers={"Accept-Language": "en"})
    chinese = client.get("/", headers={"Accept-Language": "zh-CN"})
    english_again = client.get("/", headers={"Accept-Language": "en"})

    assert english.status_code == chinese.status_code == english_again.status_code == 200
    assert ">Sign in</a>" in english.text
    assert ">登录</a>" in chinese.text
    assert ">登录</a>" not in english_again.text
    assert ">Sign in</a>" in english_again.text


def test_a_language_forced_within_a_request_is_used_at_once_and_then_given_back(app):
    template = "{{ _('Sign in') }}|{{ ngettext('%(num)d problem', '%(num)d problems', 2) }}"
    label = lazy_gettext("Sign in")
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert gettext("Sign in") == "Sign in"
        assert render_template_string(template).startswith("Sign in|")
        with force_locale("zh_Hans"):
            assert gettext("Sign in") == "登录"
            assert str(label) == "登录"
            assert render_template_string(template).startswith("登录|")
        assert gettext("Sign in") == "Sign in"
        assert str(label) == "Sign in"
        assert render_template_string(template).startswith("Sign in|")


def test_a_language_chosen_mid_request_shows_after_refresh(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}) as ctx:
        assert gettext("Sign in") == "Sign in"
        ctx.session["lang"] = "zh_Hans"
        assert gettext("Sign in") == "Sign in"  # the request's language, until refreshed
        refresh()
        assert gettext("Sign in") == "登录"
        assert render_template_string("{{ _('Sign in') }}") == "登录"
