"""The demo park's knowledge base: the category tree, 45 articles, two quizzes.

`load()` is idempotent: categories are found by name and parent, articles and
quizzes by title; nothing is added twice. When the accounts demo has made
people, their June quiz attempts fill the safety-month leaderboard.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from engage.accounts.models import CompanyRole, PlatformRole, User
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.knowledge.articles import search_index, services
from engage.knowledge.demo_data import ARTICLES, CATEGORIES, QUIZZES
from engage.knowledge.models import (
    Article,
    ArticleStatus,
    Audience,
    Category,
)
from engage.knowledge.quizzes import services as quizzes
from engage.knowledge.quizzes.models import QuestionKind, Quiz, QuizAttempt

# An earlier text of the first article, so its history has two revisions to compare.
_FIRST_DRAFT_TAIL = "- 火势超出控制时，立即撤离并拨打 119。\n"


def _stable(text: str, modulo: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % modulo


def _categories() -> dict[str, Category]:
    found: dict[str, Category] = {}
    for position, (key, (name, name_en, parent_key, description)) in enumerate(CATEGORIES.items()):
        parent = found.get(parent_key) if parent_key else None
        stmt = select(Category).where(Category.name == name)
        stmt = (
            stmt.where(Category.parent_id == parent.id)
            if parent
            else stmt.where(Category.parent_id.is_(None))
        )
        category = db.session.scalar(stmt)
        if category is None:
            category = Category(
                name=name,
                name_en=name_en,
                description=description,
                parent_id=parent.id if parent else None,
                position=position,
            )
            db.session.add(category)
            db.session.flush()
        found[key] = category
    return found


def _articles(categories: dict[str, Category], author: User | None) -> None:
    existing = set(db.session.scalars(select(Article.title)))
    now = utcnow()
    for n, spec in enumerate(ARTICLES):
        if spec["title"] in existing:
            continue
        article = Article(
            title=spec["title"],
            summary=spec.get("summary", ""),
            body=spec["body"],
            title_en=spec.get("title_en", ""),
            summary_en=spec.get("summary_en", ""),
            body_en=spec.get("body_en", ""),
            category=categories[spec["cat"]],
            focus_target=FocusTarget(spec["focus"]) if spec.get("focus") else None,
            audience=Audience(spec.get("audience", "public")),
            status=ArticleStatus.PUBLISHED,
            featured=spec.get("featured", False),
            created_by_id=author.id if author else None,
            published_at=now - timedelta(days=len(ARTICLES) - n, hours=_stable(spec["title"], 12)),
            read_count=_stable(spec["title"], 400) + (300 if spec.get("featured") else 0),
        )
        article.tags = services._tags(spec.get("tags", []))
        if n == 0 and spec["body"].endswith(_FIRST_DRAFT_TAIL):
            final = article.body
            article.body = final[: -len(_FIRST_DRAFT_TAIL)].replace("2～3 米", "3 米")
            db.session.add(article)
            db.session.flush()
            services._snapshot(article, author, note="created")
            article.body = final
            db.session.flush()
            services._snapshot(article, author, note="edited")
        else:
            db.session.add(article)
            db.session.flush()
            services._snapshot(article, author, note="created")
        search_index.sync(article)


def _company_article(categories: dict[str, Category]) -> None:
    """One company-only article, written by a demo company's safety manager."""
    manager = db.session.scalar(
        select(User).where(User.company_role == CompanyRole.SAFETY_MANAGER).order_by(User.id)
    )
    title = "本公司危化品仓库管理细则（内部）"
    if manager is None or db.session.scalar(select(Article.id).where(Article.title == title)):
        return
    data = services.ArticleData(
        title=title,
        category_id=categories["chemicals"].id,
        summary="仅本公司员工可见：危化品仓库的出入库、巡检和应急要求。",
        body="## 出入库\n\n- 双人领用、双人登记。\n- 领用量不超过当班用量。\n\n"
        "## 巡检\n\n| 时间 | 内容 |\n|---|---|\n| 每班 | 温湿度、泄漏、通风 |\n"
        "| 每周 | 应急器材、洗眼器 |\n\n## 应急\n\n发现泄漏立即报告安全管理员。\n",
        tags=["危险化学品", "仓库"],
        audience=Audience.COMPANY,
        audience_company_id=manager.company_id,
    )
    article = services.create_article(data, actor=manager)
    services.set_status(article, ArticleStatus.PUBLISHED, actor=manager)


def _quizzes(categories: dict[str, Category], author: User | None) -> list[Quiz]:
    made = []
    for spec in QUIZZES:
        quiz = db.session.scalar(select(Quiz).where(Quiz.title == spec["title"]))
        if quiz is None:
            quiz = Quiz(
                title=spec["title"],
                description=spec["description"],
                category_id=categories[spec["cat"]].id,
                published=True,
                created_by_id=author.id if author else None,
            )
            for position, (kind, text, choices, answer, explanation) in enumerate(
                spec["questions"]
            ):
                question = quizzes.build_question(
                    QuestionKind(kind), text, choices, answer, explanation
                )
                question.position = position
                quiz.questions.append(question)
            db.session.add(quiz)
            db.session.flush()
        made.append(quiz)
    return made


def _june_attempts(made: list[Quiz]) -> None:
    """Quiz attempts of demo employees in this year's June, once."""
    if not made or db.session.scalar(select(QuizAttempt.id).limit(1)) is not None:
        return
    people = list(
        db.session.scalars(
            select(User).where(User.company_id.is_not(None)).order_by(User.id).limit(40)
        )
    )
    june = datetime(utcnow().year, 6, 3, 2, 0, tzinfo=UTC)
    for i, person in enumerate(people):
        for j, quiz in enumerate(made):
            if (i + j) % 3 == 2:
                continue
            total = len(quiz.questions)
            score = max(total - _stable(f"{person.email}{quiz.id}", 4), 0)
            db.session.add(
                QuizAttempt(
                    quiz_id=quiz.id,
                    user_id=person.id,
                    company_id=person.company_id,
                    score=score,
                    max_score=total,
                    percent=round(100 * score / total),
                    answers={},
                    created_at=june + timedelta(days=(i * 3 + j) % 25, hours=i % 8),
                )
            )
    db.session.flush()


def load() -> None:
    """Add whatever of the knowledge demo is missing. Flushes; the caller commits."""
    author = db.session.scalar(
        select(User).where(User.platform_role == PlatformRole.ADMIN).order_by(User.id)
    )
    categories = _categories()
    _articles(categories, author)
    _company_article(categories)
    made = _quizzes(categories, author)
    _june_attempts(made)
    db.session.flush()
