"""What other domains use of knowledge: publish_article and the article_published signal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engage.core import signals
from engage.core.permissions import PermissionDenied
from engage.knowledge import ArticlePublished, Audience, publish_article
from engage.knowledge.articles import services
from engage.knowledge.models import Article, ArticleStatus


@pytest.fixture
def heard():
    payloads: list[ArticlePublished] = []

    def receiver(sender, payload):
        payloads.append(payload)

    signals.article_published.connect(receiver)
    yield payloads
    signals.article_published.disconnect(receiver)


def test_publish_article_writes_publishes_and_announces(
    db, app, make_category, make_user, make_company, heard
):
    company = make_company()
    manager = make_user("safety_manager", company=company)
    with app.test_request_context():
        article = publish_article(
            title="动火作业最佳实践",
            body="先办票，再动火。",
            category_id=make_category().id,
            actor=manager,
            source_url="/alliance/posts/7",
        )
    db.session.commit()
    stored = db.session.get(Article, article.id)
    assert stored.status == ArticleStatus.PUBLISHED and stored.audience == Audience.MEMBERS
    assert "</alliance/posts/7>" in stored.body
    assert heard == [
        ArticlePublished(
            article_id=article.id,
            title="动火作业最佳实践",
            company_id=company.id,
            author_id=manager.id,
            published_at=stored.published_at,
        )
    ]


def test_a_draft_is_not_announced_but_publishing_again_is(db, make_article, make_user, heard):
    admin = make_user("admin")
    article = make_article(author=admin, publish=False)
    assert heard == []
    services.set_status(article, ArticleStatus.PUBLISHED, actor=admin)
    services.set_status(article, ArticleStatus.DRAFT, actor=admin)
    services.set_status(article, ArticleStatus.PUBLISHED, actor=admin)
    db.session.commit()
    assert [p.article_id for p in heard] == [article.id, article.id]
    assert heard[0].company_id is None and heard[0].author_id == admin.id


def test_only_writers_may_publish_an_article(
    db, app, make_category, make_user, make_company, heard
):
    employee = make_user("employee", company=make_company())
    with app.test_request_context(), pytest.raises(PermissionDenied):
        publish_article(title="x", body="y", category_id=make_category().id, actor=employee)
    db.session.rollback()
    assert heard == []
    assert db.session.scalar(select(func.count(Article.id))) == 0
