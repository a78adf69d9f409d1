"""The safety knowledge base: articles, categories, revisions, emergency guides, quizzes.

Other domains import only what this module exports: `publish_article` (alliance
promotes a best-practice post into the knowledge base with it), the ArticlePublished
payload of signals.article_published, and the audience vocabulary.
"""

from __future__ import annotations

from engage.knowledge.articles.models import Audience
from engage.knowledge.articles.services import ArticlePublished, publish_article
from engage.knowledge.errors import KnowledgeError

__all__ = ["ArticlePublished", "Audience", "KnowledgeError", "publish_article"]
