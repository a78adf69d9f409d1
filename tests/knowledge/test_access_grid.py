"""Who gets what from every knowledge page: 404 for what one may not see, 403 for a
refused action on what one sees; every knowledge endpoint has a row."""

from __future__ import annotations

import pytest

from engage.extensions import db as _db
from engage.knowledge.articles import services
from engage.knowledge.models import ArticleStatus, Audience, Category, Quiz, QuizAttempt
from tests.core.grid import Row, cases, check, uncovered

ROLES = ("anonymous", "a_employee", "b_manager", "supervisor", "admin")
ALL_200 = dict.fromkeys(ROLES, 200)
# Company A's private article: its people and park staff.
A_READERS = {"anonymous": 404, "a_employee": 200, "b_manager": 404, "supervisor": 200, "admin": 200}
# Company A's draft: only its editors (A's safety manager, supervisors, admins) see it.
A_EDITORS = {
    "anonymous": 302,
    "a_employee": 404,
    "b_manager": 404,
    "supervisor": 200,
    "admin": 200,
    "a_manager": 200,
}
A_EDITORS_POST = {**A_EDITORS, "supervisor": 302, "admin": 302, "a_manager": 302}
WRITERS = {"anonymous": 302, "a_employee": 403, "b_manager": 200, "supervisor": 200, "admin": 200}
ADMIN_ONLY = {
    "anonymous": 302,
    "a_employee": 403,
    "b_manager": 403,
    "supervisor": 403,
    "admin": 200,
}

GRID = [
    # articles
    Row("knowledge.articles.index", lambda w: "/knowledge/", ALL_200),
    Row("knowledge.articles.tag", lambda w: f"/knowledge/tags/{w['tag']}", ALL_200),
    Row("knowledge.articles.detail", lambda w: f"/knowledge/articles/{w['private']}", A_READERS),
    Row(
        "knowledge.articles.detail",
        lambda w: f"/knowledge/articles/{w['draft']}",
        {**A_EDITORS, "anonymous": 404},
    ),
    Row(
        "knowledge.articles.print_view",
        lambda w: f"/knowledge/articles/{w['private']}/print",
        A_READERS,
    ),
    Row(
        "knowledge.articles.vote",
        lambda w: f"/knowledge/articles/{w['private']}/vote",
        {"anonymous": 404, "a_employee": 302, "b_manager": 404, "supervisor": 302, "admin": 302},
        method="POST",
        data={"helpful": "yes"},
    ),
    Row(
        "knowledge.articles.vote",
        lambda w: f"/knowledge/articles/{w['public']}/vote",
        {"anonymous": 302, "a_employee": 302, "b_manager": 302, "supervisor": 302, "admin": 302},
        method="POST",
        data={"helpful": "yes"},
    ),
    Row("knowledge.articles.create", lambda w: "/knowledge/articles/new", WRITERS),
    Row("knowledge.articles.edit", lambda w: f"/knowledge/articles/{w['draft']}/edit", A_EDITORS),
    Row(
        "knowledge.articles.edit",
        lambda w: f"/knowledge/articles/{w['public']}/edit",
        {"anonymous": 302, "a_employee": 403, "b_manager": 403, "supervisor": 200, "admin": 200},
    ),
    Row(
        "knowledge.articles.publish",
        lambda w: f"/knowledge/articles/{w['draft']}/publish",
        A_EDITORS_POST,
        method="POST",
    ),
    Row(
        "knowledge.articles.publish",
        lambda w: f"/knowledge/articles/{w['public']}/publish",
        {"anonymous": 302, "a_employee": 403, "b_manager": 403, "supervisor": 302, "admin": 302},
        method="POST",
    ),
    Row(
        "knowledge.articles.unpublish",
        lambda w: f"/knowledge/articles/{w['draft']}/unpublish",
        A_EDITORS_POST,
        method="POST",
    ),
    Row(
        "knowledge.articles.delete",
        lambda w: f"/knowledge/articles/{w['draft']}/delete",
        A_EDITORS_POST,
        method="POST",
    ),
    Row(
        "knowledge.articles.remove_attachment",
        lambda w: f"/knowledge/articles/{w['draft']}/attachments/999/remove",
        A_EDITORS_POST,
        method="POST",
    ),
    Row(
        "knowledge.articles.upload_image",
        lambda w: "/knowledge/images",
        {"anonymous": 302, "a_employee": 403, "b_manager": 400, "supervisor": 400, "admin": 400},
        method="POST",
    ),
    Row("knowledge.articles.manage", lambda w: "/knowledge/manage", WRITERS),
    Row(
        "knowledge.articles.history",
        lambda w: f"/knowledge/articles/{w['draft']}/history",
        A_EDITORS,
    ),
    Row(
        "knowledge.articles.revision",
        lambda w: f"/knowledge/articles/{w['draft']}/revisions/1",
        A_EDITORS,
    ),
    Row("knowledge.articles.diff", lambda w: f"/knowledge/articles/{w['draft']}/diff", A_EDITORS),
    Row(
        "knowledge.articles.restore",
        lambda w: f"/knowledge/articles/{w['draft']}/revisions/1/restore",
        A_EDITORS_POST,
        method="POST",
    ),
    # categories
    Row("knowledge.categories.detail", lambda w: f"/knowledge/categories/{w['category']}", ALL_200),
    Row("knowledge.categories.index", lambda w: "/knowledge/categories/", ADMIN_ONLY),
    Row(
        "knowledge.categories.edit",
        lambda w: f"/knowledge/categories/{w['category']}/edit",
        ADMIN_ONLY,
    ),
    Row(
        "knowledge.categories.delete",
        lambda w: f"/knowledge/categories/{w['category']}/delete",
        {**ADMIN_ONLY, "admin": 302},
        method="POST",
    ),
    # quizzes
    Row("knowledge.quizzes.index", lambda w: "/knowledge/quizzes/", ALL_200),
    Row("knowledge.quizzes.create", lambda w: "/knowledge/quizzes/new", WRITERS),
    Row(
        "knowledge.quizzes.edit", lambda w: f"/knowledge/quizzes/{w['draft_quiz']}/edit", A_EDITORS
    ),
    Row(
        "knowledge.quizzes.edit",
        lambda w: f"/knowledge/quizzes/{w['quiz']}/edit",
        {"anonymous": 302, "a_employee": 403, "b_manager": 403, "supervisor": 200, "admin": 200},
    ),
    Row(
        "knowledge.quizzes.add_question",
        lambda w: f"/knowledge/quizzes/{w['draft_quiz']}/questions",
        {**A_EDITORS, "supervisor": 400, "admin": 400, "a_manager": 400},
        method="POST",
    ),
    Row(
        "knowledge.quizzes.delete_question",
        lambda w: f"/knowledge/quizzes/{w['draft_quiz']}/questions/999/delete",
        A_EDITORS_POST,
        method="POST",
    ),
    Row(
        "knowledge.quizzes.import_questions",
        lambda w: f"/knowledge/quizzes/{w['draft_quiz']}/import",
        A_EDITORS,
    ),
    Row("knowledge.quizzes.template", lambda w: "/knowledge/quizzes/import-template.xlsx", WRITERS),
    Row("knowledge.quizzes.detail", lambda w: f"/knowledge/quizzes/{w['quiz']}", ALL_200),
    Row(
        "knowledge.quizzes.detail",
        lambda w: f"/knowledge/quizzes/{w['draft_quiz']}",
        {**A_EDITORS, "anonymous": 404},
    ),
    Row(
        "knowledge.quizzes.result",
        lambda w: f"/knowledge/quizzes/attempts/{w['attempt']}",
        {"anonymous": 302, "a_employee": 200, "b_manager": 404, "supervisor": 404, "admin": 200},
    ),
    Row("knowledge.quizzes.leaderboard", lambda w: "/knowledge/quizzes/leaderboard", ALL_200),
    # emergency
    Row("knowledge.emergency.index", lambda w: "/emergency", ALL_200),
]


@pytest.fixture
def world(cast):
    category = Category(name="消防")
    _db.session.add(category)
    _db.session.flush()

    def article(actor, audience, *, publish, company=None, tags=()):
        made = services.create_article(
            services.ArticleData(
                title="文章",
                body="内容",
                category_id=category.id,
                audience=audience,
                audience_company_id=company.id if company else None,
                tags=list(tags),
            ),
            actor=actor,
        )
        if publish:
            services.set_status(made, ArticleStatus.PUBLISHED, actor=actor)
        return made

    public = article(cast.admin, Audience.PUBLIC, publish=True, tags=["灭火器"])
    private = article(cast.a_manager, Audience.COMPANY, publish=True)
    draft = article(cast.a_manager, Audience.MEMBERS, publish=False)
    quiz = Quiz(
        title="公开测验", category_id=category.id, published=True, created_by_id=cast.admin.id
    )
    draft_quiz = Quiz(
        title="甲的草稿",
        category_id=category.id,
        published=False,
        created_by_id=cast.a_manager.id,
        author_company_id=cast.company_a.id,
    )
    _db.session.add_all([quiz, draft_quiz])
    _db.session.flush()
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=cast.a_employee.id,
        company_id=cast.company_a.id,
        score=1,
        max_score=1,
        percent=100,
    )
    _db.session.add(attempt)
    _db.session.commit()
    return {
        "category": category.id,
        "tag": public.tags[0].id,
        "public": public.id,
        "private": private.id,
        "draft": draft.id,
        "quiz": quiz.id,
        "draft_quiz": draft_quiz.id,
        "attempt": attempt.id,
    }


def test_every_knowledge_endpoint_has_a_row(app):
    assert uncovered(app, ("knowledge.",), GRID) == []


@pytest.mark.parametrize(("row", "role"), cases(GRID))
def test_access(client, login_as, cast, world, row, role):
    check(client, login_as, cast, world, row, role)
