"""The safety knowledge base: articles, categories, revisions, emergency guides, quizzes.

This module is knowledge's public face: other domains import from here only.
"""

from __future__ import annotations


def publish_article(title: str, body: str, *, actor, summary: str = "",
                    tags: list[str] | None = None, focus_target=None,
                    category_id: int | None = None) -> int:
    """Create and publish an article readable by every signed-in member; returns its id.

    For lessons another domain promotes into the knowledge base. `actor` must be
    allowed to write articles (the office). Without `category_id` the article goes
    into the first top-level category. Flushes; the caller commits. Raises
    KnowledgeError when there is no category, PermissionDenied when `actor` may not write.
    """
    from sqlalchemy import select

    from engage.extensions import db
    from engage.knowledge import services
    from engage.knowledge.models import ArticleStatus, Audience, Category

    if category_id is None:
        category_id = db.session.scalar(select(Category.id).where(Category.parent_id.is_(None))
                                        .order_by(Category.position, Category.id).limit(1))
    data = services.ArticleData(title=title[:200], body=body, category_id=category_id or 0,
                                summary=summary[:500], tags=list(tags or []),
                                focus_target=focus_target, audience=Audience.MEMBERS)
    article = services.create_article(data, actor=actor)
    services.set_status(article, ArticleStatus.PUBLISHED, actor=actor)
    return article.id


def __getattr__(name: str):
    # The refusal publish_article raises, without importing the services at import time.
    if name == "KnowledgeError":
        from engage.knowledge.services import KnowledgeError

        return KnowledgeError
    raise AttributeError(name)


__all__ = ["KnowledgeError", "publish_article"]
