"""A fix verified by a peer becomes a post that starts from the problem's own story."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from engage.alliance.posts.models import LessonInvite, Post
from engage.core.uploads import save_image
from engage.tracker import ProblemCategory, ProblemSource, ProblemStatus, Severity, open_problem
from engage.tracker.problems import loop
from tests.tracker.problems.conftest import png_bytes

S = ProblemStatus


def _photo(actor, color):
    return save_image(
        FileStorage(io.BytesIO(png_bytes(color)), filename="p.png", content_type="image/png"),
        actor=actor,
    )


def test_the_invited_company_starts_its_post_from_the_problem_and_its_photos(
    db, cast, alliance, client, login_as
):
    problem = open_problem(
        title="配电箱门缺失",
        category=ProblemCategory.ELECTRICAL,
        severity=Severity.MAJOR,
        source=ProblemSource.PEER_INSPECTION,
        actor=cast.b_manager,
        company=cast.company_a,
        description="二号车间配电箱无门，带电部位外露。",
        photos=[_photo(cast.b_manager, (200, 30, 30))],
    )
    loop.transition(problem, S.ASSIGNED, actor=cast.supervisor)
    loop.transition(problem, S.RECTIFYING, actor=cast.a_manager)
    loop.transition(
        problem,
        S.AWAITING_VERIFICATION,
        actor=cast.a_manager,
        note="更换带锁箱门并张贴警示标识。",
        photos=[_photo(cast.a_manager, (30, 200, 30))],
    )
    loop.transition(problem, S.CLOSED, actor=cast.b_manager, note="现场复核，箱门完好上锁。")
    db.session.commit()
    invite = db.session.query(LessonInvite).one()
    assert invite.company_id == cast.company_a.id

    login_as(cast.a_manager)
    page = client.get(f"/alliance/posts/new?invite={invite.id}")
    assert page.status_code == 200
    for words in ("二号车间配电箱无门", "更换带锁箱门", "箱门完好上锁", problem.number):
        assert words in page.text
    sent = client.post(
        "/alliance/posts/new",
        data={
            "title": "配电箱整改经验",
            "body": "我们的做法：更换带锁箱门。",
            "alliance_id": alliance.id,
            "visibility": "alliance",
            "focus_target": "",
            "tags": "",
            "invite": str(invite.id),
            "publish": "1",
        },
    )
    assert sent.status_code == 302
    post = db.session.query(Post).one()
    assert sorted(f.is_image for f in post.files) == [True, True]
    assert post.body.count("](/media/") == 2

    login_as(cast.b_manager)  # a peer reads the post with both photos
    shown = client.get(f"/alliance/posts/{post.id}")
    assert shown.status_code == 200 and shown.text.count("/media/") >= 2
