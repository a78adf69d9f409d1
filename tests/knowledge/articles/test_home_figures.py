"""The knowledge home shares its lists and counts for a minute, per audience: one
company's private article never reaches another company's readers."""

from __future__ import annotations

from engage.knowledge.articles.models import Audience


def test_a_company_article_stays_off_another_company_home(
    app, db, login_as, make_article, make_company, make_user
):
    a, b = make_company("甲企业"), make_company("乙企业")
    make_article("全员可读的消防须知", audience=Audience.MEMBERS)
    make_article("甲企业内部应急预案", audience=Audience.COMPANY, company=a)
    reader_a, reader_b = app.test_client(), app.test_client()
    login_as(make_user("employee", company=a), reader_a)
    login_as(make_user("employee", company=b), reader_b)

    page_a = reader_a.get("/knowledge/")
    page_b = reader_b.get("/knowledge/")  # right after a's figures were kept

    assert page_a.status_code == page_b.status_code == 200
    assert "甲企业内部应急预案" in page_a.text
    assert "全员可读的消防须知" in page_a.text and "全员可读的消防须知" in page_b.text
    assert "甲企业内部应急预案" not in page_b.text
    assert "数据截至" in page_b.text or "Figures as of" in page_b.text


def test_a_published_article_shows_at_once(db, client, make_article):
    make_article("第一篇公开文章")
    assert "第一篇公开文章" in client.get("/knowledge/").text

    make_article("刚刚发布的文章")  # announced: article_published

    page = client.get("/knowledge/")
    assert page.status_code == 200
    assert "刚刚发布的文章" in page.text and "第一篇公开文章" in page.text
