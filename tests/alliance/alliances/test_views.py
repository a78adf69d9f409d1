"""Alliance pages as each party uses them."""

from __future__ import annotations

from engage.alliance.alliances import services


def test_safety_manager_asks_to_join_and_the_lead_approves(
    client, login_as, db, cast, alliance, outsider
):
    login_as(outsider)
    page = client.get(f"/alliance/{alliance.id}")
    assert page.status_code == 200
    assert "安全互助联盟" in page.text and 'name="statement"' in page.text
    answer = client.post(
        f"/alliance/{alliance.id}/join", data={"statement": "短"}, follow_redirects=True
    )
    assert answer.status_code == 200 and outsider.company_id not in services.member_company_ids(
        alliance
    )
    client.post(
        f"/alliance/{alliance.id}/join", data={"statement": "我们希望一起提升安全管理水平。"}
    )
    join = services.pending_request_of(alliance, outsider.company_id)
    assert join is not None
    # a member of B is not the lead: refused
    login_as(cast.b_manager)
    assert client.get(f"/alliance/{alliance.id}/requests").status_code == 403
    assert client.post(f"/alliance/{alliance.id}/requests/{join.id}/approve").status_code == 403
    login_as(cast.a_manager)
    listing = client.get(f"/alliance/{alliance.id}/requests")
    assert listing.status_code == 200 and "我们希望一起提升安全管理水平" in listing.text
    client.post(f"/alliance/{alliance.id}/requests/{join.id}/approve", data={"reason": ""})
    assert outsider.company_id in services.member_company_ids(alliance)
    history = client.get(f"/alliance/{alliance.id}/history")
    assert history.status_code == 200 and "丙企业" in history.text


def test_unknown_alliance_is_404_and_bad_ids_never_500(client, login_as, cast, alliance):
    login_as(cast.a_employee)
    assert client.get("/alliance/999999").status_code == 404
    assert client.get(f"/alliance/{alliance.id}/requests/1/maybe").status_code in (404, 405)


def test_anonymous_is_sent_to_sign_in(client, alliance):
    assert client.get(f"/alliance/{alliance.id}").status_code == 302


def test_admin_creates_an_alliance_page(client, login_as, cast):
    login_as(cast.admin)
    assert client.get("/alliance/new").status_code == 200
    answer = client.post(
        "/alliance/new",
        data={
            "name": "园区联盟",
            "lead_company_id": cast.company_b.id,
            "area_id": 0,
            "charter": "互助",
        },
    )
    assert answer.status_code == 302
    login_as(cast.a_manager)
    assert client.get("/alliance/new").status_code == 403
    assert "园区联盟" in client.get("/alliance/").text


def test_alliance_page_runs_a_bounded_number_of_queries(
    client, login_as, cast, alliance, make_company, count_queries, db
):
    login_as(cast.a_manager)
    client.get(f"/alliance/{alliance.id}")
    with count_queries() as few:
        client.get(f"/alliance/{alliance.id}")
    for _n in range(8):
        services._add_member(alliance, make_company(area=cast.area).id, cast.admin)
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/alliance/{alliance.id}").status_code == 200
    assert many.count == few.count


def test_a_large_alliance_lists_its_members_by_page_with_their_links_and_finds_one(
    client, login_as, db, cast, alliance, make_company, count_queries
):
    from datetime import date

    from engage.alliance.sixlinks import services as sixlinks
    from engage.alliance.sixlinks.models import Link, SourceKind

    made = []
    for n in range(58):
        company = make_company(f"成员企业{n:02d}", area=cast.area)
        services._add_member(alliance, company.id, cast.admin)
        made.append(company)
    today = date.today()
    sixlinks.record(alliance, Link.SHARE, [made[0].id], SourceKind.POST, 1, "做法", today)
    sixlinks.record(alliance, Link.SHARE, [made[0].id], SourceKind.POST, 2, "做法", today)
    db.session.commit()
    login_as(cast.b_employee)

    def table(page) -> str:
        return page.text.split("member-links")[1].split("<tbody>")[1].split("</tbody>")[0]

    first = client.get(f"/alliance/{alliance.id}")
    assert first.status_code == 200
    assert "60" in first.text.split('id="members"')[1][:200]  # every member counted
    assert table(first).count("<tr>") == 25  # one page of 25 (rows of the body)
    assert "成员企业00" in table(first) and "成员企业30" not in table(first)
    last = client.get(f"/alliance/{alliance.id}?page=3")
    assert last.status_code == 200 and "成员企业57" in table(last)
    assert "成员企业00" not in table(last)
    found = client.get(f"/alliance/{alliance.id}?q=企业07")
    assert found.status_code == 200 and "成员企业07" in table(found)
    assert table(found).count("成员企业") == 1
    # the share count of the member that posted twice is shown beside its name
    row = table(first).split("成员企业00")[1].split("</tr>")[0]
    assert '<td class="text-center fw-semibold text-success">2</td>' in row
    nothing = client.get(f"/alliance/{alliance.id}?q=没有这家")
    assert nothing.status_code == 200 and "没有这家" in nothing.text
    assert "member-links" not in nothing.text
