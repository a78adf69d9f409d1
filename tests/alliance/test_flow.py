"""The main flow, as each party walks it through the site."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import time_machine
from PIL import Image

from engage.alliance.aid.models import AidOffer, AidRequest
from engage.alliance.alliances import services as alliances
from engage.alliance.posts.models import Adoption, Post, Review
from engage.alliance.sixlinks import dashboard
from engage.alliance.sixlinks.models import Link
from engage.core.notifications import Notification

NOW = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    out.seek(0)
    return out


@time_machine.travel(NOW, tick=False)
def test_join_publish_review_adopt_and_the_dashboard(
    client, login_as, db, cast, alliance, outsider
):
    # a safety manager of company C asks to join; the lead (A) approves
    login_as(outsider)
    client.post(
        f"/alliance/{alliance.id}/join",
        data={"statement": "我们希望与联盟成员互学互助，提升安全管理水平。"},
    )
    join = alliances.pending_request_of(alliance, outsider.company_id)
    login_as(cast.a_manager)
    client.post(f"/alliance/{alliance.id}/requests/{join.id}/approve", data={"reason": ""})
    assert outsider.company_id in alliances.member_company_ids(alliance)

    # C publishes a post with an image
    login_as(outsider)
    form = client.get("/alliance/posts/new")
    assert form.status_code == 200 and "安全互助联盟" in form.text
    answer = client.post(
        "/alliance/posts/new",
        data={
            "title": "动火作业双人监护做法",
            "alliance_id": alliance.id,
            "visibility": "alliance",
            "focus_target": "old_equipment",
            "tags": "动火作业, 监护",
            "body": "## 做法\n每次动火作业安排两名监护人。",
            "publish": "1",
            "images": (_png(), "现场.png"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    post = db.session.query(Post).one()
    assert post.is_published and post.files and post.files[0].is_image
    page = client.get(f"/alliance/posts/{post.id}")
    assert page.status_code == 200 and "<img" in page.text and "动火作业双人监护做法" in page.text

    # B reviews it and says it adopted it
    login_as(cast.b_manager)
    client.post(
        f"/alliance/posts/{post.id}/reviews",
        data={"score": "5", "text": "非常实用，我们马上推广。"},
    )
    client.post(f"/alliance/posts/{post.id}/adopt", data={"note": "已在二号车间试行两周。"})
    assert db.session.query(Review).count() == 1
    assert db.session.query(Adoption).count() == 1
    # a second review by B is refused with a message, nothing changed
    again = client.post(
        f"/alliance/posts/{post.id}/reviews",
        data={"score": "1", "text": "再评一次试试看"},
        follow_redirects=True,
    )
    assert "already reviewed" in again.text or "已经评价" in again.text
    assert db.session.query(Review).count() == 1
    # C cannot review its own post
    login_as(outsider)
    own = client.post(
        f"/alliance/posts/{post.id}/reviews",
        data={"score": "5", "text": "自己评价自己的帖子"},
        follow_redirects=True,
    )
    assert own.status_code == 200 and db.session.query(Review).count() == 1
    assert (
        db.session.query(Notification)
        .filter_by(user_id=outsider.id, kind="alliance.review")
        .count()
        == 1
    )

    # the dashboard: share for C and promote for B, in June 2026
    login_as(cast.a_manager)
    board = client.get(f"/alliance/{alliance.id}/dashboard")
    assert board.status_code == 200
    totals = dashboard.member_totals(alliance, period=dashboard.Period.year(2026))
    assert totals[outsider.company_id] == {"share": 1}
    assert totals[cast.company_b.id] == {"promote": 1}
    matrix = dashboard.alliance_matrix(alliance, dashboard.Period.year(2026))
    assert matrix.get(202606, Link.SHARE) == 1 and matrix.get(202606, Link.PROMOTE) == 1
    csv = client.get(f"/alliance/{alliance.id}/dashboard/export.csv?start=2026-01&end=2026-12")
    assert csv.status_code == 200 and "2026-06" in csv.text
    xlsx = client.get(f"/alliance/{alliance.id}/dashboard/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert client.get(f"/alliance/{alliance.id}/summary/2026").status_code == 200


def test_aid_request_offer_accept_and_close(client, login_as, db, cast, alliance):
    login_as(cast.a_manager)
    assert client.get("/alliance/aid/requests/new").status_code == 200
    client.post(
        "/alliance/aid/requests/new",
        data={
            "alliance_id": alliance.id,
            "what": "需要两台消防泵",
            "where": "甲企业三号仓库",
            "urgency": "critical",
        },
    )
    request = db.session.query(AidRequest).one()
    assert (
        db.session.query(Notification)
        .filter_by(user_id=cast.b_employee.id, kind="alliance.aid_request")
        .count()
        == 1
    )
    login_as(cast.b_manager)
    page = client.get(f"/alliance/aid/requests/{request.id}")
    assert page.status_code == 200 and "需要两台消防泵" in page.text
    client.post(
        f"/alliance/aid/requests/{request.id}/offer", data={"quantity": "2", "note": "十分钟到"}
    )
    offer = db.session.query(AidOffer).one()
    assert offer.quantity == 2
    login_as(cast.a_manager)
    client.post(f"/alliance/aid/offers/{offer.id}/accept")
    client.post(
        f"/alliance/aid/requests/{request.id}/close",
        data={"after_action": "火情二十分钟内控制，乙企业消防泵发挥关键作用。"},
    )
    db.session.refresh(request)
    assert not request.is_open
    # an offer on a closed request is refused with a message, nothing changed
    login_as(cast.b_admin)
    late = client.post(
        f"/alliance/aid/requests/{request.id}/offer",
        data={"quantity": "1", "note": ""},
        follow_redirects=True,
    )
    assert late.status_code == 200
    assert db.session.query(AidOffer).count() == 1
