"""What a screen reader and a keyboard need from every main page, checked without a browser:
one <h1>, no empty table header, a bell named by its count, tables reachable by keyboard,
navbar text readable on the green, a navbar that fits one line. docs/accessibility.md has
the browser (axe-core) figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engage.accounts.models import User
from engage.core import markdown, notifications

EN = {"Accept-Language": "en"}
EMPTY_TH = re.compile(r"<th\b[^>]*>\s*</th>")
H1 = re.compile(r"<h1\b")


def _user(db, email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _main_pages(db) -> dict[str | None, list[str]]:
    from engage.alliance.alliances.models import Alliance
    from engage.knowledge.articles.models import Article
    from engage.tracker.models import Problem

    employee = _user(db, "employee@example.com")
    problem = db.session.scalars(
        select(Problem).where(Problem.company_id == employee.company_id).limit(1)
    ).one()
    article = db.session.scalars(select(Article).order_by(Article.id).limit(1)).one()
    alliance = db.session.scalars(select(Alliance).order_by(Alliance.id).limit(1)).one()
    public = ["/", "/knowledge/", f"/knowledge/articles/{article.id}", "/events/", "/emergency"]
    return {
        None: public,
        "employee@example.com": public
        + ["/problems", f"/problems/{problem.number}", "/my-work", "/alliance/"],
        "supervisor@example.com": ["/", "/dashboard", "/problems", f"/alliance/{alliance.id}"],
        "admin@example.com": [
            "/",
            "/admin/users",
            "/admin/companies",
            "/admin/departments",
            "/admin/areas",
            "/admin/audit",
        ],
    }


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_every_main_page_has_one_h1_and_no_empty_table_header(
    demo_park, client, login_as, language
):
    db = demo_park
    checked = 0
    for email, urls in _main_pages(db).items():
        if email is None:
            client.post("/language", data={"lang": language})
        else:
            user = _user(db, email)
            user.locale = language
            db.session.commit()
            login_as(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (email, url)
            body = response.text
            assert len(H1.findall(body)) == 1, (email, url, H1.findall(body))
            assert not EMPTY_TH.search(body), (email, url)
            checked += 1
        client.get("/")  # the next reader starts afresh
        with client.session_transaction() as session:
            session.clear()
    assert checked >= 24


def test_the_bell_is_named_by_its_count_in_both_languages(db, client, make_user, login_as):
    user = make_user(locale="en")
    for _ in range(3):
        notifications.notify(user, "test.kind")
    db.session.commit()
    login_as(user)
    body = client.get("/").text
    assert 'aria-label="3 unread notifications"' in body
    assert '<span class="badge rounded-pill bg-danger ms-1" aria-hidden="true">3</span>' in body
    user.locale = "zh_Hans"
    db.session.commit()
    assert 'aria-label="3 条未读通知"' in client.get("/").text


def test_the_bell_without_unread_notifications_is_just_notifications(
    db, client, make_user, login_as
):
    login_as(make_user(locale="en"))
    body = client.get("/").text
    assert 'aria-label="Notifications"' in body and 'aria-label="0 unread' not in body


def test_a_wide_markdown_table_is_a_named_region_a_keyboard_can_reach(app):
    text = "| 隐患 | 整改 |\n|---|---|\n| 1 | 2 |\n\n| a |\n|---|\n| b |\n"
    with app.test_request_context(headers=EN):
        html = str(markdown.render(text))
    assert html.count('role="region" tabindex="0"') == 2
    assert 'aria-label="Table 1"' in html and 'aria-label="Table 2"' in html
    assert html.count("<table>") == 2 and html.count("</table></div>") == 2


def test_a_markdown_top_heading_sits_below_the_pages_h1(app):
    with app.test_request_context():
        html = str(markdown.render("# 一级\n\n正文"))
    assert "<h1" not in html and "<h2" in html and "一级" in html


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_navbar_text_is_readable_on_the_green():
    css = (Path(__file__).parents[2] / "engage/static/engage.css").read_text()
    green = re.search(r"--engage-green:\s*#([0-9a-f]{6})", css).group(1)
    bg = tuple(int(green[i : i + 2], 16) for i in (0, 2, 4))
    alpha = float(re.search(r"--bs-navbar-color:\s*rgba\(255,\s*255,\s*255,\s*([.\d]+)\)", css)[1])
    text = tuple(255 * alpha + c * (1 - alpha) for c in bg)
    light, dark = sorted((_luminance(text), _luminance(bg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_the_admins_navbar_is_short_enough_for_one_line_at_1366(db, client, make_user, login_as):
    login_as(make_user("admin", locale="en"))
    body = client.get("/").text
    bar = body.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]
    top = re.findall(r'<li class="nav-item[^"]*">\s*<a class="nav-link[^"]*"[^>]*>([^<]+)</a>', bar)
    assert "Administration" in top and "Problems" in top
    # Measured in Chromium: these six fit beside the search box at 1366 px (docs/accessibility.md).
    assert len(top) <= 6 and sum(len(t.strip()) for t in top) <= 70, top
