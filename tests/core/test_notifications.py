"""Notifications: a bell with the unread count, a list, opening one, marking all read."""

import re

import pytest
from sqlalchemy import func, select

from engage.core import notifications
from engage.core.notifications import Notification, notify, notify_many


def _unread(db, user) -> int:
    return notifications.unread_count(user.id)


def test_notify_many_notifies_each_user_once_and_skips_the_actor(db, make_user):
    a, b, actor = make_user(), make_user(), make_user()
    assert (
        notify_many(
            [a.id, b.id, a.id, actor.id, None],
            "account.join_approved",
            exclude=actor.id,
            company="甲公司",
        )
        == 2
    )
    db.session.commit()
    assert (_unread(db, a), _unread(db, b), _unread(db, actor)) == (1, 1, 0)


def test_the_bell_shows_the_unread_count_with_one_query(
    db, client, make_user, login_as, count_queries
):
    user = make_user()
    for _ in range(3):
        notify(user, "account.join_approved", company="甲公司")
    db.session.commit()
    login_as(user)
    with count_queries() as q:
        body = client.get("/profile").text
    assert re.search(r"badge[^>]*>3<", body)
    assert sum("FROM notifications" in s for s in q.statements) == 1
    # The home page lists the newest unread ones too: one more query, not one per bell.
    with count_queries() as q:
        body = client.get("/").text
    assert sum("FROM notifications" in s for s in q.statements) == 2


def test_no_bell_for_anonymous_visitors(client):
    response = client.get("/")
    assert response.status_code == 200 and "/auth/login" in response.text
    assert "/notifications" not in response.text


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "You are now a member of 甲公司."),
        ("zh-CN", "您已成为甲公司的成员。"),
    ],
)
def test_messages_are_shown_in_the_readers_language(db, client, make_user, login_as, lang, text):
    user = make_user(locale=None)
    notify(user, "account.join_approved", company="甲公司")
    db.session.commit()
    login_as(user)
    assert text in client.get("/notifications", headers={"Accept-Language": lang}).text


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "You are now a member of Jia Chemicals."),
        ("zh-CN", "您已成为甲化工的成员。"),
    ],
)
def test_a_company_is_named_in_the_readers_language_whenever_they_read(
    db, client, make_user, make_company, login_as, lang, text
):
    company = make_company("甲化工", name_en="Jia Chemicals")
    plain = make_company("乙公司")  # no English name: both read the Chinese one
    user = make_user(locale=None)
    notify(user, "account.join_approved", company=company)
    notify(user, "account.join_refused", company=plain)
    db.session.commit()
    login_as(user)
    body = client.get("/notifications", headers={"Accept-Language": lang}).text
    assert text in body
    assert "乙公司" in body


def test_the_users_language_setting_wins_over_the_browser(db, client, make_user, login_as):
    user = make_user(locale="en")
    notify(user, "account.join_approved", company="甲公司")
    db.session.commit()
    login_as(user)
    body = client.get("/notifications", headers={"Accept-Language": "zh-CN"}).text
    assert "You are now a member of 甲公司." in body


def test_an_unknown_kind_or_missing_parameter_does_not_break_the_page(
    db, client, make_user, login_as
):
    user = make_user()
    notify(user, "retired.kind")
    notify(user, "account.join_approved")  # the company parameter is missing
    db.session.commit()
    login_as(user)
    assert client.get("/notifications").status_code == 200


def test_parameters_are_escaped(db, client, make_user, login_as):
    user = make_user()
    notify(user, "account.join_approved", company="<script>alert(1)</script>")
    db.session.commit()
    login_as(user)
    body = client.get("/notifications").text
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_opening_marks_read_and_follows_a_local_url(db, client, make_user, login_as):
    user = make_user()
    note = notify(user, "account.join_approved", url="/auth/login?x=1", company="甲")
    db.session.commit()
    login_as(user)
    response = client.post(f"/notifications/{note.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?x=1"
    assert _unread(db, user) == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/\\evil.example",
        "",
        "http:/evil.example",
    ],
)
def test_opening_never_follows_a_foreign_url(db, client, make_user, login_as, url):
    user = make_user()
    note = notify(user, "account.join_approved", url=url, company="甲")
    db.session.commit()
    login_as(user)
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/notifications"


def test_another_users_notification_is_404_and_stays_unread(db, client, make_user, login_as):
    owner, other = make_user(), make_user()
    note = notify(owner, "account.join_approved", url="/", company="甲")
    db.session.commit()
    login_as(other)
    assert client.post(f"/notifications/{note.id}/open").status_code == 404
    assert client.post("/notifications/999999/open").status_code == 404
    assert _unread(db, owner) == 1


def test_opening_by_get_is_not_allowed(db, client, make_user, login_as):
    user = make_user()
    note = notify(user, "account.join_approved", company="甲")
    db.session.commit()
    login_as(user)
    assert client.get(f"/notifications/{note.id}/open").status_code == 405


def test_mark_all_read_touches_only_my_notifications(db, client, make_user, login_as):
    me, other = make_user(), make_user()
    for _ in range(3):
        notify(me, "account.join_approved", company="甲")
    notify(other, "account.join_approved", company="甲")
    db.session.commit()
    login_as(me)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302
    assert (_unread(db, me), _unread(db, other)) == (0, 1)


def test_the_list_paginates_newest_first(db, client, make_user, login_as):
    user = make_user()
    for n in range(35):
        notify(user, "account.join_approved", company=f"公司{n:02d}")
    db.session.commit()
    login_as(user)
    first = client.get("/notifications").text
    assert "公司34" in first and "公司04" not in first
    second = client.get("/notifications?page=2").text
    assert "公司04" in second and "公司34" not in second


def test_the_empty_list_says_what_will_show_here(client, make_user, login_as):
    login_as(make_user())
    body = client.get("/notifications", headers={"Accept-Language": "en"}).text
    assert "No notifications yet." in body


def test_the_list_runs_the_same_queries_for_2_and_50(
    db, client, make_user, login_as, count_queries
):
    user = make_user()
    login_as(user)

    def queries(n):
        for i in range(n):
            notify(user, "account.join_approved", company=str(i))
        db.session.commit()
        with count_queries() as q:
            assert client.get("/notifications").status_code == 200
        return q.count

    small = queries(2)
    assert queries(48) == small
    assert db.session.scalar(select(func.count(Notification.id))) == 50


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "1\x00", "１", "%00"])
def test_odd_page_numbers_are_not_errors(db, client, make_user, login_as, page):
    login_as(make_user())
    assert client.get("/notifications", query_string={"page": page}).status_code == 200


def test_nul_bytes_in_parameters_are_dropped(db, make_user):
    user = make_user()
    note = notify(user, "account.join_approved", url="/x\x00", company="甲\x00乙")
    db.session.commit()
    assert note.params == {"company": "甲乙"} and note.url == "/x"
