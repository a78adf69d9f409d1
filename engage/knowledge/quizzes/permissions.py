"""Who may build, edit, see and take quizzes, and see an attempt."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from engage.core.permissions import (
    is_admin,
    is_supervisor_or_admin,
    manages_company,
    rule,
    signed_in,
)
from engage.knowledge.quizzes.models import Quiz, QuizAttempt


def can_build_quizzes(user) -> bool:
    """Create quizzes: whoever may write articles (admins, supervisors, safety managers)."""
    return is_supervisor_or_admin(user) or (
        signed_in(user) and user.company_id is not None and manages_company(user, user.company_id)
    )


@rule("edit", Quiz)
def can_edit_quiz(user, quiz: Quiz) -> bool:
    if is_supervisor_or_admin(user):
        return True
    return quiz.author_company_id is not None and manages_company(user, quiz.author_company_id)


@rule("view", Quiz)
def can_view_quiz(user, quiz: Quiz) -> bool:
    return quiz.published or can_edit_quiz(user, quiz)


def visible_quizzes(user) -> ColumnElement[bool]:
    """The SQL twin of can_view_quiz."""
    if is_supervisor_or_admin(user):
        return true()
    if signed_in(user) and user.company_id is not None and manages_company(user, user.company_id):
        return or_(Quiz.published.is_(True), Quiz.author_company_id == user.company_id)
    return Quiz.published.is_(True)


@rule("view", QuizAttempt)
def can_view_attempt(user, attempt: QuizAttempt) -> bool:
    return signed_in(user) and (attempt.user_id == user.id or is_admin(user))
