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
