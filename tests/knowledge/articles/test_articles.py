"""Article services: drafts, revisions, stale edits, restore, publishing and the index."""

import pytest
from sqlalchemy import select

from engage.core import search
from engage.core.audit import AppendOnlyViolation
from engage.core.forms import StaleEdit
from engage.core.permissions import PermissionDenied
from engage.knowledge.articles import services
from engage.knowledge.models import ArticleRevision, ArticleStatus, Audience, HelpfulVote


def _data(article, **changes):
    values = {
        "title": article.title,
        "body": article.body,
        "category_id": article.category_id,
        "summary": article.summary,
        "tags": [t.name for t in article.tags],
        "audience": article.audience,
        "audience_company_id": article.audience_company_id,
    }
    values.update(changes)
    return services.ArticleData(**values)


def _found(query, user):
    return [h.object_id for h in search.query(query, user=user, kinds=["article"]).items]


def test_every_save_keeps_a_revision_and_restore_adds_one(db, make_article, make_user):
    admin = make_user("admin")
    article = make_article("干粉灭火器的使用方法", body="第一版", author=admin)
    services.update_article(
        article, _data(article, body="第二版"), actor=admin, version=article.version
    )
    db.session.commit()
    revs = db.session.scalars(services.revisions(article)).all()
    assert [r.number for r in revs] == [2, 1]
    services.restore_revision(article, revs[1], actor=admin, version=article.version)
    db.session.commit()
    assert article.body == "第一版"
    assert [r.number for r in db.session.scalars(services.revisions(article))] == [3, 2, 1]
    assert services.get_revision(article, 3).note == "restored:1"


def test_revisions_are_append_only(db, make_article):
    article = make_article()
    revision = db.session.scalar(
        select(ArticleRevision).where(ArticleRevision.article_id == article.id)
    )
    revision.body = "篡改"
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()


def test_stale_edit_is_refused_not_overwritten(db, make_article, make_user):
    admin, supervisor = make_user("admin"), make_user("supervisor")
    article = make_article(body="原文", author=admin)
    loaded_version = article.version
    services.update_article(
        article, _data(article, body="主管的修改"), actor=supervisor, version=loaded_version
    )
    db.session.commit()
    with pytest.raises(StaleEdit):
        services.update_article(
            article, _data(article, body="管理员的旧表单"), actor=admin, version=loaded_version
        )
    db.session.rollback()
    assert article.body == "主管的修改"


def test_safety_manager_edits_only_own_company_articles(db, make_article, make_user, make_company):
    a, b = make_company(), make_company()
    manager_a, manager_b = (
        make_user("safety_manager", company=a),
        make_user("safety_manager", company=b),
    )
    employee = make_user("employee", company=a)
    article = make_article(author=manager_a)
    assert article.author_company_id == a.id
    services.update_article(
        article, _data(article, body="改"), actor=manager_a, version=article.version
    )
    for outsider in (manager_b, employee):
        with pytest.raises(PermissionDenied):
            services.update_article(
                article, _data(article, body="越权"), actor=outsider, version=article.version
            )
    with pytest.raises(PermissionDenied):
        services.create_article(_data(article), actor=employee)


def test_company_manager_cannot_target_another_company(db, make_article, make_user, make_company):
    a, b = make_company(), make_company()
    manager = make_user("safety_manager", company=a)
    article = make_article(author=manager, audience=Audience.COMPANY, company=b)
    assert article.audience_company_id == a.id


def test_index_follows_publish_edit_unpublish_and_delete(db, make_article, make_user):
    admin = make_user("admin")
    reader = None  # an anonymous reader
    article = make_article("干粉灭火器的使用方法", author=admin, publish=False)
    assert _found("灭火器", reader) == []
    services.set_status(article, ArticleStatus.PUBLISHED, actor=admin)
    db.session.commit()
    assert _found("灭火器", reader) == [article.id]
    services.update_article(
        article, _data(article, title="消火栓的使用"), actor=admin, version=article.version
    )
    db.session.commit()
    assert _found("灭火器", reader) == []
    assert _found("消火栓", reader) == [article.id]
    services.set_status(article, ArticleStatus.DRAFT, actor=admin)
    db.session.commit()
    assert _found("消火栓", reader) == []
    services.set_status(article, ArticleStatus.PUBLISHED, actor=admin)
    services.set_status(article, ArticleStatus.DELETED, actor=admin)
    db.session.commit()
    assert _found("消火栓", reader) == []
    assert db.session.scalars(services.revisions(article)).all(), (
        "a deleted article keeps its history"
    )


def test_members_article_is_found_only_when_signed_in(db, make_article, make_user):
    article = make_article("叉车安全操作要点", audience=Audience.MEMBERS)
    assert _found("叉车", None) == []
    assert _found("叉车", make_user()) == [article.id]


def test_read_count_is_an_atomic_update(db, make_article):
    article = make_article()
    version = article.version
    services.record_read(article)
    services.record_read(article)
    db.session.commit()
    db.session.refresh(article)
    assert article.read_count == 2
    assert article.version == version, "a read is not an edit"


def test_readers_at_once_are_each_counted_once_and_none_is_lost(app, db, make_article, make_user):
    """Six people read at the same moment, each from two sessions: six reads, none lost
    to a concurrent writer, none counted twice."""
    import threading

    from engage.accounts.models import User
    from engage.knowledge.models import Article

    article = make_article()
    article_id = article.id  # the threads touch none of this session's objects
    readers = [make_user().id for _ in range(6)]
    db.session.commit()
    start = threading.Barrier(12, timeout=20)
    counted: list = []

    def read(user_id: int) -> None:
        # as the article page does: a GET, whose transaction takes the write lock only to write
        with app.app_context(), app.test_request_context("/", method="GET"):
            try:
                reader = db.session.get(User, user_id)
                found = db.session.get(Article, article_id)
                start.wait()
                counted.append(services.record_read(found, reader))
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
                counted.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=read, args=(uid,)) for uid in readers * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, counted)) == ["False"] * 6 + ["True"] * 6, counted
    db.session.refresh(article)
    assert article.read_count == 6


def test_one_helpful_vote_per_person(db, make_article, make_user):
    article = make_article()
    reader, other = make_user(), make_user()
    services.vote(article, True, actor=reader)
    services.vote(article, False, actor=reader)
    services.vote(article, True, actor=other)
    db.session.commit()
    assert db.session.scalar(select(HelpfulVote.id).where(HelpfulVote.user_id == reader.id))
    result = services.helpfulness(article, reader)
    assert result == {"yes": 1, "total": 2, "score": 50, "mine": False}


def test_parse_tags():
    assert services.parse_tags("灭火器, 消防，#fire、Fire；  ") == ["灭火器", "消防", "fire"]
    assert len(services.parse_tags(" ".join(f"t{i}" for i in range(30)))) == services.MAX_TAGS


def test_related_articles_share_tags_or_category(
    db, make_article, make_category, make_user, make_company
):
    other_cat = make_category()
    base = make_article(tags=["灭火器", "消防"])
    two_tags = make_article(tags=["灭火器", "消防"], category=other_cat)
    one_tag = make_article(tags=["消防"], category=other_cat)
    same_cat = make_article()
    make_article(category=other_cat)  # unrelated
    hidden = make_article(
        tags=["灭火器", "消防"], audience=Audience.COMPANY, company=make_company()
    )
    related = [a.id for a in services.related(base, None)]
    assert related[:2] == [two_tags.id, one_tag.id]
    assert same_cat.id in related
    assert hidden.id not in related
