"""A visitor reports a hazard from the home page: a point's code opens its whistle
form, a wrong code says so, and a place without a code has its own way in."""

from __future__ import annotations


def _home_report(html: str) -> str:
    start = html.index('class="home-report')
    return html[start : html.index("</form>", start)]


def test_a_visitors_home_page_offers_to_report_a_hazard_beside_the_emergency_guide(client):
    html = client.get("/").get_data(as_text=True)
    assert "Emergency guide" in html and "Report a hazard" in html
    assert html.index("Emergency guide") < html.index('class="home-report')
    box = _home_report(html)
    assert 'action="/report"' in box and 'name="code"' in box
    assert 'href="/whistle/new"' in box  # describe the place


def test_a_signed_in_home_page_has_no_visitor_report_box(client, login_as, make_user):
    login_as(make_user())
    response = client.get("/")
    assert response.status_code == 200 and "home-report" not in response.get_data(as_text=True)


def test_a_point_code_opens_that_points_whistle_form(client, point):
    response = client.get(f"/report?code={point.code.lower()[:4]} {point.code.lower()[4:]}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/p/{point.code}/whistle")
    form = client.get(response.headers["Location"])
    assert form.status_code == 200 and point.name in form.get_data(as_text=True)


def test_a_signed_in_person_goes_to_the_signed_in_form(client, login_as, make_user, point):
    login_as(make_user())
    response = client.get(f"/report?code={point.code}")
    assert (
        response.status_code == 302
        and f"/whistle/new?point={point.code}" in (response.headers["Location"])
    )


def test_a_wrong_code_says_so_clearly(client, point, db):
    response = client.get("/report?code=ZZ99ZZ99")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "No point in use has the code ZZ99ZZ99" in html and 'value="ZZ99ZZ99"' in html
    assert 'href="/whistle/new"' in html  # the other way in
    point.active = False
    db.session.commit()
    response = client.get(f"/report?code={point.code}")
    assert response.status_code == 404 and "No point in use" in response.get_data(as_text=True)


def test_hostile_codes_never_break_the_page(client):
    for raw in ["<script>", "'; DROP TABLE points;--", "码" * 500, "%00"]:
        response = client.get("/report", query_string={"code": raw})
        assert response.status_code == 404
        assert "<script>" not in response.get_data(as_text=True).split("</nav>", 1)[-1]


def test_the_describe_the_place_link_asks_a_visitor_to_sign_in_first(client):
    response = client.get("/whistle/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/report").status_code == 200
