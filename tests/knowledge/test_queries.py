"""The knowledge pages run the same number of SQL statements for 2 and for 50 articles."""

import pytest

from engage.knowledge.models import Audience


def _add(make_article, parent, child, company, start, stop):
    return [make_article(
        f"灭火器文章{i}", category=child if i % 2 else parent, tags=["灭火器", f"标签{i % 5}"],
        audience=Audience.COMPANY if i % 7 == 3 else Audience.PUBLIC, company=company,
        featured=i % 3 == 0, body="## 一\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## 二\n")
        for i in range(start, stop)]


def _urls(parent, first):
    return {"home": "/knowledge/", "category": f"/knowledge/categories/{parent.id}",
            "tag": f"/knowledge/tags/{first.tags[0].id}",
            "article": f"/knowledge/articles/{first.id}", "quizzes": "/knowledge/quizzes/"}


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
        app, db, make_article, make_category, make_company, make_user, count_queries,
        login_as, who):
    parent = make_category("消防安全")
    child = make_category("灭火器材", parent=parent)
    company = make_company()
    user = make_user("supervisor") if who == "supervisor" else None
    first = _add(make_article, parent, child, company, 0, 2)[0]
    small = _counts(app, count_queries, _urls(parent, first), user, login_as)
    _add(make_article, parent, child, company, 2, 50)
    large = _counts(app, count_queries, _urls(parent, first), user, login_as)
    assert small == large
