"""Safety quiz tables: quizzes, questions, choices and the attempts people make."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.audit import append_only
from engage.core.models import TimestampMixin, UTCDateTime, VersionedMixin
from engage.core.timeutil import utcnow
from engage.extensions import db


class QuestionKind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


KIND_LABELS = {
    QuestionKind.SINGLE: _l("Single choice"),
    QuestionKind.MULTIPLE: _l("Multiple choice"),
    QuestionKind.TRUE_FALSE: _l("True or false"),
}


class Quiz(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "knowledge_quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(1000), default="")
    category_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_categories.id", ondelete="RESTRICT"), index=True
    )
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # None: built by the safety committee office; else by that company's safety manager.
    author_company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    category = relationship("Category", lazy="joined", innerjoin=True)
    questions: Mapped[list[Question]] = relationship(
        lazy="selectin",
        order_by="Question.position, Question.id",
        cascade="all, delete-orphan",
        back_populates="quiz",
    )


class Question(db.Model):
    __tablename__ = "knowledge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_quizzes.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[QuestionKind] = mapped_column(
        Enum(
            QuestionKind,
            name="knowledge_question_kind",
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        )
    )
    text: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    quiz: Mapped[Quiz] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(
        lazy="selectin", order_by="Choice.position, Choice.id", cascade="all, delete-orphan"
    )

    @property
    def correct_ids(self) -> set[int]:
        return {c.id for c in self.choices if c.is_correct}


class Choice(db.Model):
    __tablename__ = "knowledge_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_questions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    is_correct: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


@append_only
class QuizAttempt(db.Model):
    """One go at a quiz; the answers are kept as given, the score as computed then."""

    __tablename__ = "knowledge_quiz_attempts"
    __table_args__ = (Index("ix_knowledge_quiz_attempts_month", "created_at", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_quizzes.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The company the person worked for when taking it: the leaderboard counts it there.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    quiz = relationship("Quiz", lazy="joined", innerjoin=True)
