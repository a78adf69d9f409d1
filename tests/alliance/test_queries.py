"""List pages and dashboards run the same number of SQL statements for 2 rows and for many."""

from __future__ import annotations

from datetime import date

from engage.alliance.aid import services as aid
from engage.alliance.alliances import services as alliances
from engage.alliance.posts import feedback
from engage.alliance.posts import services as posts
from engage.alliance.sixlinks import services as sixlinks
from engage.alliance.sixlinks.models import Link, SourceKind


def _count(client, count_queries, url) -> int:
    client.get(url)  # warm caches that are per-process, not per-row
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def _posts(db, cast, alliance, n, start=0):
    for i in range(n):
        post = posts.create_post(
            posts.PostData(
                title=f"做法{start + i}", body="正文", alliance_id=alliance.id, tags="甲, 乙"
            ),
            actor=cast.a_manager,
            publish=True,
        )
        feedback.review_post(post, 4, "很有用的做法", actor=cast.b_manager)
    db.session.commit()


def test_post_list_is_bounded(client, login_as, db, cast, alliance, count_queries):
    login_as(cast.b_employee)
    _posts(db, cast, alliance, 2)
    few = _count(client, count_queries, "/alliance/posts/?sort=best")
    _posts(db, cast, alliance, 18, start=2)
    assert _count(client, count_queries, "/alliance/posts/?sort=best") == few


def test_dashboard_and_summary_are_bounded(
    client, login_as, db, cast, alliance, make_company, count_queries
):
    login_as(cast.supervisor)
    urls = [
        f"/alliance/{alliance.id}/dashboard?start=2025-01&end=2026-12",
        f"/alliance/{alliance.id}/summary/2026",
        f"/alliance/{alliance.id}",
    ]
    sixlinks.record(
        alliance, Link.SHARE, [cast.company_a.id], SourceKind.POST, 1, "x", date(2026, 3, 1)
    )
    db.session.commit()
    few = [_count(client, count_queries, u) for u in urls]
    for n in range(15):
        company = make_company(area=cast.area)
        alliances._add_member(alliance, company.id, cast.admin)
        for link in Link:
            sixlinks.record(
                alliance,
                link,
                [company.id],
                SourceKind.ACTIVITY,
                100 + n,
                "y",
                date(2025 + n % 2, 1 + n % 12, 5),
            )
    db.session.commit()
    assert [_count(client, count_queries, u) for u in urls] == few


def test_aid_lists_are_bounded(client, login_as, db, cast, alliance, count_queries):
    login_as(cast.supervisor)

    def raise_some(n):
        for i in range(n):
            request = aid.raise_request(
                alliance, what=f"物资{i}", where="现场", urgency="high", actor=cast.a_manager
            )
            aid.offer_help(request, alliance, quantity=1, note="", actor=cast.b_manager)
            aid.save_resource(
                cast.company_b.id,
                aid.ResourceData(
                    kind="spill_kit",
                    name=f"应急包{i}",
                    quantity=1,
                    unit="套",
                    contact_name="李",
                    contact_phone="1",
                ),
                actor=cast.b_manager,
            )
        db.session.commit()

    raise_some(2)
    few = [_count(client, count_queries, u) for u in ("/alliance/aid/", "/alliance/aid/park")]
    raise_some(12)
    assert [
        _count(client, count_queries, u) for u in ("/alliance/aid/", "/alliance/aid/park")
    ] == few
