"""Posts: visibility by URL and search, revisions, stale edits, reviews, comments, moderation."""

from __future__ import annotations

import pytest

from engage.alliance.posts import feedback, lessons, moderation, services
from engage.alliance.posts.models import PostRevision, Review
from engage.alliance.posts.permissions import can_view_post
from engage.alliance.sixlinks.services import events_of_source
from engage.core import search
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.notifications import Notification


def _found(user, text="受限空间") -> list[int]:
    page = search.query(text, user=user, kinds=["alliance_post"])
    return [h.object_id for h in page.items]


def test_alliance_only_post_is_invisible_outside_by_url_and_search(
    client, login_as, db, cast, post, outsider
):
    assert _found(cast.b_employee) == [post.id]
    assert _found(cast.supervisor) == [post.id]
    assert _found(outsider) == []
    login_as(outsider)
    assert client.get(f"/alliance/posts/{post.id}").status_code == 404
    listing = client.get("/alliance/posts/")
    assert listing.status_code == 200 and "受限空间作业票" not in listing.text
    login_as(cast.b_employee)
    assert client.get(f"/alliance/posts/{post.id}").status_code == 200


def test_joining_makes_alliance_posts_findable(db, cast, alliance, post, outsider):
    from engage.alliance.alliances import services as alliances

    request = alliances.request_join(alliance, "希望加入联盟共同提升。", actor=outsider)
    alliances.decide_join(request, approve=True, reason="", actor=cast.a_manager)
    db.session.commit()
    assert _found(outsider) == [post.id]


def test_park_wide_post_is_read_by_everyone_signed_in(db, cast, alliance, outsider):
    made = services.create_post(
        services.PostData(
            title="全园区可见的做法", body="正文", alliance_id=alliance.id, visibility="park"
        ),
        actor=cast.b_manager,
        publish=True,
    )
    db.session.commit()
    assert can_view_post(outsider, made)
    assert _found(outsider, "全园区") == [made.id]


def test_draft_is_seen_only_by_its_company(db, cast, alliance):
    draft = services.create_post(
        services.PostData(title="草稿", body="还没写完", alliance_id=alliance.id),
        actor=cast.a_manager,
    )
    db.session.commit()
    assert can_view_post(cast.a_employee, draft) is False
    assert can_view_post(cast.a_admin, draft)
    assert not can_view_post(cast.b_manager, draft)
    assert events_of_source("post", draft.id) == []
    services.publish_post(draft, actor=cast.a_manager)
    assert [e.link.value for e in events_of_source("post", draft.id)] == ["share"]


def test_post_in_an_alliance_one_is_not_in_is_refused(db, cast, alliance, outsider):
    with pytest.raises(DomainError) as exc:
        services.create_post(
            services.PostData(title="x", body="y", alliance_id=alliance.id), actor=outsider
        )
    assert exc.value.field == "alliance_id"


def test_every_edit_keeps_a_revision_and_a_stale_form_is_refused(db, cast, post):
    loaded = post.version
    data = services.PostData(
        title=post.title,
        body=post.body + "\n补充：气体检测。",
        alliance_id=post.alliance_id,
        tags="受限空间",
    )
    services.update_post(post, data, actor=cast.a_admin, version=loaded)
    db.session.commit()
    with pytest.raises(StaleVersion) as exc:
        services.update_post(post, data, actor=cast.a_manager, version=loaded)
    assert exc.value.current is post
    db.session.rollback()
    revs = services.revisions(post)
    assert [r.number for r in revs] == [2, 1]
    fields = services.diff(revs[1], revs[0])
    assert len(fields) == 2  # the tags and the body changed, not the title
    assert db.session.query(PostRevision).count() == 2


def test_reviews_one_per_other_member_company_with_history(db, cast, post, outsider):
    with pytest.raises(DomainError):
        feedback.review_post(post, 5, "我们自己的做法很好", actor=cast.a_admin)
    with pytest.raises(NotAllowed):
        feedback.review_post(post, 5, "我们不是成员但想评价", actor=outsider)
    with pytest.raises(DomainError) as exc:
        feedback.review_post(post, 9, "分数越界了", actor=cast.b_manager)
    assert exc.value.field == "score"
    review = feedback.review_post(post, 4, "很实用，准备推广。", actor=cast.b_manager)
    db.session.commit()
    with pytest.raises(DomainError):
        feedback.review_post(post, 3, "第二次评价同一帖子", actor=cast.b_admin)
    db.session.rollback()
    with pytest.raises(NotAllowed):
        feedback.edit_review(
            review, 5, "别人改我的评价", actor=cast.b_admin, version=review.version
        )
    feedback.edit_review(
        review, 5, "试行后效果更好。", actor=cast.b_manager, version=review.version
    )
    db.session.commit()
    assert (post.review_count, post.average_score) == (1, 5.0)
    assert [h.score for h in feedback.review_history(review)] == [4]
    assert db.session.query(Review).count() == 1
    assert [e.company_id for e in events_of_source("review", review.id)] == [cast.company_b.id]


def test_comment_replies_stay_one_level_and_mentions_notify(db, cast, post, outsider):
    top = feedback.add_comment(post, "请问审核多久？", actor=cast.b_employee)
    reply = feedback.add_comment(
        post, f"@{cast.b_employee.name} 一般半天", actor=cast.a_manager, parent=top
    )
    deeper = feedback.add_comment(
        post, f"谢谢 @{outsider.name}", actor=cast.b_employee, parent=reply
    )
    db.session.commit()
    assert deeper.parent_id == top.id
    assert (
        db.session.query(Notification)
        .filter_by(user_id=cast.b_employee.id, kind="alliance.mention")
        .count()
        == 1
    )
    # someone who cannot read the post is not told
    assert db.session.query(Notification).filter_by(user_id=outsider.id).count() == 0
    threads = feedback.comments(post)
    assert [(c.id, [r.id for r in rs]) for c, rs in threads] == [(top.id, [reply.id, deeper.id])]


def test_moderation_hides_with_reason_tells_author_and_restores(db, cast, post):
    with pytest.raises(NotAllowed):
        moderation.hide_post(post, "不合适", actor=cast.b_manager)
    with pytest.raises(DomainError):
        moderation.hide_post(post, "", actor=cast.supervisor)
    db.session.rollback()
    moderation.hide_post(post, "含有企业内部数据", actor=cast.supervisor)
    db.session.commit()
    assert not can_view_post(cast.b_manager, post)
    assert can_view_post(cast.a_manager, post)
    assert _found(cast.b_manager) == []
    assert events_of_source("post", post.id) == []
    assert (
        db.session.query(Notification)
        .filter_by(user_id=cast.a_manager.id, kind="alliance.post_hidden")
        .count()
        == 1
    )
    moderation.restore_post(post, "已删除内部数据", actor=cast.supervisor)
    db.session.commit()
    assert _found(cast.b_manager) == [post.id]
    assert [m.action for m in moderation.log(post)] == ["restore", "hide"]


def test_flag_tells_the_lead(db, cast, post):
    feedback.flag(post, "疑似广告", actor=cast.b_employee)
    db.session.commit()
    assert (
        db.session.query(Notification)
        .filter_by(user_id=cast.a_manager.id, kind="alliance.flagged")
        .count()
        == 1
    )


def test_office_promotes_a_well_reviewed_post_into_knowledge(
    db, cast, post, make_company, make_user, alliance
):
    from engage.alliance.alliances import services as alliances
    from engage.knowledge.models import Article, Category

    db.session.add(Category(name="经验分享"))
    c = make_company(area=cast.area)
    alliances._add_member(alliance, c.id, cast.admin)
    third = make_user("safety_manager", company=c)
    feedback.review_post(post, 4, "有用，值得推广。", actor=cast.b_manager)
    with pytest.raises(DomainError):
        lessons.promote_to_knowledge(post, actor=cast.admin, reviews=feedback.reviews(post))
    feedback.review_post(post, 5, "非常好的做法。", actor=third)
    with pytest.raises(NotAllowed):
        lessons.promote_to_knowledge(post, actor=cast.supervisor, reviews=[])
    article_id = lessons.promote_to_knowledge(
        post, actor=cast.admin, reviews=feedback.reviews(post)
    )
    db.session.commit()
    article = db.session.get(Article, article_id)
    assert article.is_published and f"/alliance/posts/{post.id}" in article.body
    assert "非常好的做法" in article.body
    assert post.article_id == article_id
