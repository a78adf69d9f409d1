"""What the search service knows of articles: one document per published article."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.core import search
from engage.core.markdown import to_text
from engage.extensions import db

KIND = "article"


def access_tags(article) -> list[str]:
    """public -> anyone; members -> signed-in users; one company -> it and park staff."""
    from engage.knowledge.articles.models import Audience

    if article.audience == Audience.PUBLIC:
        return ["public"]
    if article.audience == Audience.MEMBERS:
        return ["members"]
    return [f"company:{article.audience_company_id}", "staff"]


def document_for(article) -> search.Document:
    tags = " ".join(t.name for t in article.tags)
    body = "\n".join(
        part
        for part in (
            article.summary,
            to_text(article.body),
            tags,
            article.title_en,
            article.summary_en,
            to_text(article.body_en),
        )
        if part
    )
    return search.Document(
        kind=KIND,
        object_id=article.id,
        title=article.title,
        body=body,
        url=f"/knowledge/articles/{article.id}",
        access=access_tags(article),
        facet=f"category:{article.category_id}",
        # The date its page shows: updated_at moves with any write to the row.
        updated_at=article.published_at or article.updated_at,
    )


def sync(article) -> None:
    """Index a published article, remove anything else, in the current transaction."""
    if article.is_published:
        search.index(document_for(article))
    else:
        search.remove(KIND, article.id)


def iter_documents() -> Iterator[search.Document]:
    from engage.knowledge.articles.models import Article, ArticleStatus

    stmt = (
        select(Article)
        .where(Article.status == ArticleStatus.PUBLISHED)
        .order_by(Article.id)
        .execution_options(yield_per=200)
    )
    for article in db.session.scalars(stmt):
        yield document_for(article)


def category_facets() -> Iterator[tuple[str, str]]:
    """The category filter on the results page, as an indented tree."""
    from engage.core.i18n import current_language
    from engage.knowledge.categories.tree import CategoryTree

    for node in CategoryTree.load(current_language()).flat():
        yield f"category:{node.id}", node.indented


search.register_kind(
    KIND,
    label=_l("Articles"),
    reindex=iter_documents,
    facets=category_facets,
    facet_label=_l("Category"),
)
