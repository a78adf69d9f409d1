"""The application answers, in both languages, with its security headers."""


def test_home_page_answers_in_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "安全" in response.get_data(as_text=True)


def test_home_page_follows_the_browser_language(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Park Safety Alliance" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_unknown_page_is_a_404_page_in_the_users_language(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
