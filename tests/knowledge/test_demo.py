"""The knowledge demo: enough real content, loaded once however often it runs."""

from sqlalchemy import func, select

from engage.core import search
from engage.knowledge import demo
from engage.knowledge.models import Article, ArticleRevision, Category
from engage.knowledge.quizzes.models import Quiz


def _counts(db):
    return [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Article, ArticleRevision, Category, Quiz)
    ]


def test_demo_is_idempotent_and_findable(db, make_user):
    make_user("admin")
    demo.load()
    db.session.commit()
    first = _counts(db)
    demo.load()
    db.session.commit()
    assert _counts(db) == first
    articles, _revisions, categories, quizzes = first
    assert articles >= 40 and categories >= 9 and quizzes == 2
    titles = set(db.session.scalars(select(Article.title)))
    assert "干粉灭火器的使用方法" in titles
    english = db.session.scalar(select(func.count(Article.id)).where(Article.body_en != ""))
    assert english >= 5
    hits = search.query("灭火器", user=None, kinds=["article"])
    assert "干粉灭火器的使用方法" in {
        str(h.title_html).replace("<mark>", "").replace("</mark>", "") for h in hits.items
    }


def test_demo_uses_the_accounts_demo_people_when_there(db, app, make_user, make_company):
    from engage.knowledge.models import Audience
    from engage.knowledge.quizzes import services as quizzes
    from engage.knowledge.quizzes.models import QuizAttempt

    company = make_company()
    make_user("safety_manager", company=company)
    for _ in range(3):
        make_user("employee", company=company)
    demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    own = db.session.scalars(select(Article).where(Article.audience == Audience.COMPANY)).all()
    assert [a.audience_company_id for a in own] == [company.id]
    assert db.session.scalar(select(func.count(QuizAttempt.id))) > 0
    with app.test_request_context():
        _first, start, end = quizzes.month_bounds(None)
        rows = quizzes.leaderboard(start, end)
    assert [r["company_id"] for r in rows] == [company.id]
