"""Who may read, write and publish knowledge articles, and who may build quizzes."""

from __future__ import annotations

from engage.core.permissions import (
    belongs_to,
    is_admin,
    is_park_staff,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.knowledge.models import Article, ArticleStatus, Audience, Category
from engage.knowledge.quiz_models import Quiz, QuizAttempt


def can_write_articles(user) -> bool:
    """Admins, supervisors and company safety managers (for their own company)."""
    return is_supervisor_or_admin(user) or (
        signed_in(user) and user.company_id is not None
        and manages_company(user, user.company_id))


def can_read_audience(user, article: Article) -> bool:
    """The audience rule alone, whatever the article's state."""
    if article.audience == Audience.PUBLIC:
        return True
    if article.audience == Audience.MEMBERS:
        return signed_in(user)
    return is_park_staff(user) or belongs_to(user, article.audience_company_id)


@rule("edit", Article)
def can_edit_article(user, article: Article) -> bool:
    if article.status == ArticleStatus.DELETED:
        return False
    if is_supervisor_or_admin(user):
        return True
    return (article.author_company_id is not None
            and manages_company(user, article.author_company_id))


@rule("view", Article)
def can_view_article(user, article: Article) -> bool:
    """Published articles by audience; drafts only to those who may edit them."""
    if article.status == ArticleStatus.PUBLISHED:
        return can_read_audience(user, article)
    return can_edit_article(user, article)


@rule("edit", Category)
def can_edit_category(user, category: Category) -> bool:
    return is_admin(user)


def can_edit_categories(user) -> bool:
    return is_admin(user)


def can_build_quizzes(user) -> bool:
    return can_write_articles(user)


@rule("edit", Quiz)
def can_edit_quiz(user, quiz: Quiz) -> bool:
    if is_supervisor_or_admin(user):
        return True
    return quiz.author_company_id is not None and manages_company(user, quiz.author_company_id)


@rule("view", Quiz)
def can_view_quiz(user, quiz: Quiz) -> bool:
    return quiz.published or can_edit_quiz(user, quiz)


@rule("view", QuizAttempt)
def can_view_attempt(user, attempt: QuizAttempt) -> bool:
    return signed_in(user) and (attempt.user_id == user.id or is_admin(user))
