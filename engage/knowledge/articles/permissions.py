"""Who may read, write, edit and publish knowledge articles."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_

from engage.core.permissions import (
    belongs_to,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.knowledge.articles.models import Article, ArticleStatus, Audience


def can_write_articles(user) -> bool:
    """Admins, supervisors and company safety managers (for their own company)."""
    return is_supervisor_or_admin(user) or (
        signed_in(user) and user.company_id is not None and manages_company(user, user.company_id)
    )


def can_read_audience(user, article: Article) -> bool:
    """The audience rule alone, whatever the article's state."""
    if article.audience == Audience.PUBLIC:
        return True
    if article.audience == Audience.MEMBERS:
        return signed_in(user)
    return is_park_staff(user) or belongs_to(user, article.audience_company_id)


@rule("edit", Article)
def can_edit_article(user, article: Article) -> bool:
    """Edit, publish, unpublish, delete and see the history: admins and supervisors,
    and the safety managers of the company that wrote it; a deleted article nobody."""
    if article.status == ArticleStatus.DELETED:
        return False
    if is_supervisor_or_admin(user):
        return True
    return article.author_company_id is not None and manages_company(
        user, article.author_company_id
    )


def editable_articles(user) -> ColumnElement[bool]:
    """The SQL twin of can_edit_article."""
    not_deleted = Article.status != ArticleStatus.DELETED
    if is_supervisor_or_admin(user):
        return not_deleted
    if signed_in(user) and user.company_id is not None and manages_company(user, user.company_id):
        return and_(not_deleted, Article.author_company_id == user.company_id)
    return false()


@rule("view", Article)
def can_view_article(user, article: Article) -> bool:
    """Published articles by audience; drafts only to those who may edit them."""
    if article.status == ArticleStatus.PUBLISHED:
        return can_read_audience(user, article)
    return can_edit_article(user, article)


def visible_articles(user) -> ColumnElement[bool]:
    """The SQL twin of can_view_article for published articles (the lists show no
    drafts; an editor finds drafts through editable_articles)."""
    published = Article.status == ArticleStatus.PUBLISHED
    if is_park_staff(user):
        return published
    if not signed_in(user):
        return and_(published, Article.audience == Audience.PUBLIC)
    own_company = (
        and_(Article.audience == Audience.COMPANY, Article.audience_company_id == user.company_id)
        if user.company_id
        else false()
    )
    return and_(
        published, or_(Article.audience.in_([Audience.PUBLIC, Audience.MEMBERS]), own_company)
    )


def can_vote_on_article(user, article: Article) -> bool:
    """Say whether it helped: anyone signed in who can read the published article."""
    return signed_in(user) and article.is_published and can_view_article(user, article)


__all__ = [
    "can_edit_article",
    "can_read_audience",
    "can_view_article",
    "can_vote_on_article",
    "can_write_articles",
    "editable_articles",
    "visible_articles",
]
