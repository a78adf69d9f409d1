"""The knowledge pages run the same number of SQL statements for 2 and for 50 articles."""

import pytest

from engage.knowledge.models import Audience


def _add(make_article, parent, child, company, start, stop):
    return [
        make_article(
            f"灭火器文章{i}",
            category=child if i % 2 else parent,
            tags=["灭火器", f"标签{i % 5}"],
            audience=Audience.COMPANY if i % 7 == 3 else Audience.PUBLIC,
            company=company,
            featured=i % 3 == 0,
            body="## 一\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## 二\n",
        )
        for i in range(start, stop)
    ]


def _urls(parent, first):
    return {
        "home": "/knowledge/",
        "category": f"/knowledge/categories/{parent.id}",
        "tag": f"/knowledge/tags/{first.tags[0].id}",
        "article": f"/knowledge/articles/{first.id}",
        "quizzes": "/knowledge/quizzes/",
    }


def _counts(app, count_queries, urls, user, login_as):
    client = app.test_client()
    if user is not None:
        login_as(user, client)
    out = {}
    for name, url in urls.items():
        client.get(url)  # warm up: the first read of an article also counts it
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        out[name] = counter.count
    return out


@pytest.mark.parametrize("who", ["anonymous", "supervisor"])
def test_knowledge_pages_run_as_many_queries_for_2_as_for_50_articles(
    app, db, make_article, make_category, make_company, make_user, count_queries, login_as, who
):
    parent = make_category("消防安全")
    child = make_category("灭火器材", parent=parent)
    company = make_company()
    user = make_user("supervisor") if who == "supervisor" else None
    first = _add(make_article, parent, child, company, 0, 2)[0]
    small = _counts(app, count_queries, _urls(parent, first), user, login_as)
    _add(make_article, parent, child, company, 2, 50)
    large = _counts(app, count_queries, _urls(parent, first), user, login_as)
    assert small == large


def test_history_and_compare_pages_run_as_many_queries_for_3_as_for_70_revisions(
    app, db, make_article, make_user, count_queries, login_as
):
    from engage.knowledge.articles import services

    editor = make_user("admin")
    article = make_article("灭火器的检查", author=editor)

    def save(times):
        for i in range(times):
            data = services.ArticleData(
                title=article.title,
                body=f"## 第{i}次\n\n内容{i}。",
                category_id=article.category_id,
            )
            services.update_article(article, data, actor=editor, version=article.version)
        db.session.commit()

    base = f"/knowledge/articles/{article.id}"
    urls = {
        "history": base + "/history",
        "history page 2": base + "/history?page=2",
        "compare": base + "/diff?a=1&b=2",
    }
    save(2)
    small = _counts(app, count_queries, urls, editor, login_as)
    save(67)
    large = _counts(app, count_queries, urls, editor, login_as)
    assert small == large

    client = login_as(editor, app.test_client())
    first = client.get(base + "/history").get_data(as_text=True)
    assert first.count('name="b"') == 30
    assert "page=3" in first and "page=4" not in first
    last = client.get(base + "/history?page=3").get_data(as_text=True)
    assert last.count('name="b"') == 10
    assert f'action="{base}/revisions/1/restore"' in last
    # The newest revision (70) cannot be restored onto itself; older ones on page 1 can.
    assert f"{base}/revisions/70/restore" not in first
    assert f"{base}/revisions/69/restore" in first
    compare = client.get(base + "/diff?a=1&b=70").get_data(as_text=True)
    assert compare.count('">#') == 140  # every revision, in both pickers
