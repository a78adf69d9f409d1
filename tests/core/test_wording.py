"""Counts read right in both languages (ngettext), and an English word with two senses
gets one Chinese word per sense (pgettext)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext, ngettext, pgettext

from engage.accounts.companies import services as org
from engage.accounts.models import CompanyRole
from engage.core import notifications

ROOT = Path(__file__).parents[2] / "engage"
EN = {"Accept-Language": "en"}

# A count followed by a plural noun, written with _() so that "1 ..." would read wrong.
# Limits ("at most %(n)s rows", "more than %(n)s results") are never one.
COUNT_PHRASE = re.compile(
    r"""\b_l?\(\s*(['"])(?:(?!\1).)*(?<!most )(?<!least )(?<!than )"""
    r"""%\((?:n|num|count|total)\)s\s+(?!min\b|as\b)[a-z]+s\b"""
)
# The search page says "1 result" on its own line before this one.
ONE_HANDLED = {("templates/core/search/index.html", "%(count)s results")}


def test_count_phrases_go_through_ngettext():
    found = []
    for path in [*ROOT.rglob("*.html"), *ROOT.rglob("*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = COUNT_PHRASE.search(line)
            where = str(path.relative_to(ROOT))
            if match and not any(w == where and p in line for w, p in ONE_HANDLED):
                found.append(f"{where}:{number}")
    assert found == []


def test_the_count_phrase_check_catches_one():
    assert COUNT_PHRASE.search("{{ _('%(n)s members', n=3) }}")
    assert COUNT_PHRASE.search('_("%(count)s results", count=n)')
    assert not COUNT_PHRASE.search("{{ ngettext('%(num)s member', '%(num)s members', n) }}")
    assert not COUNT_PHRASE.search("{{ _('%(n)s min', n=5) }}")
    assert not COUNT_PHRASE.search("_('At most %(n)s photos at a time.', n=9)")


@pytest.mark.parametrize(
    "n, english, chinese",
    [(1, "1 unread notification", "1 条未读通知"), (3, "3 unread notifications", "3 条未读通知")],
)
def test_unread_notifications_singular_and_plural(app, n, english, chinese):
    with app.test_request_context():
        with force_locale("en"):
            assert ngettext("%(num)d unread notification", "%(num)d unread notifications", n) == (
                english
            )
        with force_locale("zh_Hans"):
            assert ngettext("%(num)d unread notification", "%(num)d unread notifications", n) == (
                chinese
            )


def test_the_home_page_says_1_unread_notification(db, client, make_user, login_as):
    user = make_user(locale="en")
    notifications.notify(user, "test.kind")
    db.session.commit()
    login_as(user)
    body = client.get("/").text
    assert "1 unread notification<" in body and 'aria-label="1 unread notification"' in body


def test_every_plural_has_both_english_forms_and_a_chinese_one(app):
    from babel.messages.pofile import read_po

    def read(lang):
        with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
            return read_po(f)

    english, chinese = read("en"), read("zh_Hans")
    plurals = [m for m in english if isinstance(m.id, tuple)]
    assert len(plurals) >= 30
    for message in plurals:
        assert message.string == message.id, message.id
        zh = chinese.get(message.id[0])
        assert zh is not None and len(zh.string) == 1 and zh.string[0], message.id
        assert "%(num)" in zh.string[0], message.id


def test_one_english_word_two_chinese_senses(app):
    with app.test_request_context(), force_locale("zh_Hans"):
        assert gettext("Answer") == "答案"  # the answer to the anti-robot question
        assert pgettext("join request", "Answer") == "答复"  # answering a request to join
        assert pgettext("problems", "Open") == "未关闭"
        assert pgettext("aid requests", "Open") == "进行中"
        assert gettext("Closed") == "已销号"  # a problem, closed after verification
        assert pgettext("aid requests", "Closed") == "已结束"  # a request for help
        assert pgettext("six links", "Share") == "联享"
    with app.test_request_context(), force_locale("en"):
        assert pgettext("join request", "Answer") == "Answer"


def test_a_company_admin_answers_a_join_request_with_the_word_for_reply(
    db, client, make_user, make_company, login_as
):
    company = make_company()
    boss = make_user("employee", company=company, locale="zh_Hans")
    boss.company_role = CompanyRole.ADMIN
    org.request_to_join(company, actor=make_user())
    db.session.commit()
    login_as(boss)
    page = client.get(f"/companies/{company.id}/members")
    assert page.status_code == 200
    assert ">答复</button>" in page.text and ">答案</button>" not in page.text
