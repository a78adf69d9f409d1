"""Knowledge fixtures: categories and articles made through the services."""

from __future__ import annotations

import itertools

import pytest

from engage.knowledge.articles import services
from engage.knowledge.models import ArticleStatus, Audience, Category

_n = itertools.count(1)


@pytest.fixture
def make_category(db):
    def make(name: str | None = None, parent: Category | None = None, **kw) -> Category:
        category = Category(
            name=name or f"分类{next(_n)}", parent_id=parent.id if parent else None, **kw
        )
        db.session.add(category)
        db.session.commit()
        return category

    return make


@pytest.fixture
def make_article(db, make_category, make_user):
    state = {}

    def make(
        title: str | None = None,
        *,
        body: str = "## 第一步\n\n内容。\n",
        author=None,
        category: Category | None = None,
        audience: Audience = Audience.PUBLIC,
        company=None,
        tags: list[str] | None = None,
        publish: bool = True,
        **kw,
    ):
        if author is None:
            if "admin" not in state:
                state["admin"] = make_user("admin")
            author = state["admin"]
        category = category or state.get("category") or make_category()
        state.setdefault("category", category)
        data = services.ArticleData(
            title=title or f"文章{next(_n)}",
            body=body,
            category_id=category.id,
            audience=audience,
            audience_company_id=company.id if company else None,
            tags=tags or [],
            **kw,
        )
        article = services.create_article(data, actor=author)
        if publish:
            services.set_status(article, ArticleStatus.PUBLISHED, actor=author)
        db.session.commit()
        return article

    return make
