"""The results page and the navbar search box."""

from __future__ import annotations

import pytest

from tests.search.test_queries import HOSTILE


def test_the_navbar_has_a_search_box(client):
    html = client.get("/").get_data(as_text=True)
    assert 'role="search"' in html and 'action="/search/"' in html


def test_an_empty_search_says_what_to_try(client, demo_kind):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "灭火器" in html and "core.search.index" not in html
    assert "Demo notes" in html  # the type filter


def test_results_are_ranked_highlighted_and_link_to_the_object(client, add_doc):
    add_doc(1, "仓库巡查", "巡查发现一只灭火器过期。")
    add_doc(2, "干粉灭火器的使用方法", "拔掉保险销。")
    html = client.get("/search/?q=灭火器").get_data(as_text=True)
    assert html.index("/demo/2") < html.index("/demo/1")
    assert "干粉<mark>灭火器</mark>的使用方法" in html


def test_no_results_says_what_to_try_next(client, add_doc):
    add_doc(1, "干粉灭火器的使用方法")
    response = client.get("/search/?q=灭火车&type=demo")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/demo/1" not in html
    assert "q=%E7%81%AD%E7%81%AB%E8%BD%A6" in html  # "search everything" keeps the query


def test_filters_and_pagination_keep_the_query(client, add_doc):
    for i in range(1, 26):
        add_doc(i, f"消防检查 {i}", facet="category:1" if i % 2 else "category:2")
    html = client.get("/search/?q=消防&type=demo").get_data(as_text=True)
    assert "page=2" in html and "kind=demo" in html
    assert '<option value="category:1"' in html
    html = client.get("/search/?q=消防&type=demo&facet=category:2").get_data(as_text=True)
    assert html.count('class="search-hit ') == 12


def test_a_long_query_is_cut_and_the_page_says_so(client, add_doc):
    add_doc(1, "灭火器")
    html = client.get("/search/?q=" + "灭火器" * 100).get_data(as_text=True)
    assert "200" in html and 'class="alert alert-warning' in html


@pytest.mark.parametrize("q", HOSTILE[:20] + HOSTILE[25:])
def test_hostile_queries_never_error(client, add_doc, q):
    add_doc(1, "干粉灭火器的使用方法")
    assert client.get("/search/", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        {"page": "x"},
        {"page": "-1"},
        {"page": "999999999999"},
        {"type": "nope"},
        {"type": "<script>"},
        {"facet": "x" * 5000},
        {"q": ["a", "b"]},
        {"type": ""},
        {"facet": "\x00"},
        {"q": "火", "type": "demo", "facet": "' OR 1=1 --"},
        {"q": "火", "facet": "\x00"},
        {"q": "火", "facet": "category:1\x00"},
        {"q": "火\x00"},
        {"q": "火", "type": "demo\x00"},
    ],
)
def test_odd_arguments_never_error(client, add_doc, args):
    add_doc(1, "火")
    assert client.get("/search/", query_string=args).status_code == 200


@pytest.mark.parametrize(
    "reader, finds",
    [
        ("anonymous", False),
        ("other_company_employee", False),
        ("other_company_manager", False),
        ("own_employee", True),
        ("supervisor", True),
        ("grid_officer", True),
        ("admin", True),
    ],
)
def test_a_company_only_document_is_found_only_by_its_company_and_staff(
    app, client, add_doc, make_company, make_user, login_as, reader, finds
):
    owner, other = make_company(), make_company()
    add_doc(1, "本企业专用：危化品仓库应急预案", access=(f"company:{owner.id}", "staff"))
    add_doc(2, "公开：应急预案编制要点")
    users = {
        "other_company_employee": lambda: make_user("employee", company=other),
        "other_company_manager": lambda: make_user("safety_manager", company=other),
        "own_employee": lambda: make_user("employee", company=owner),
        "supervisor": lambda: make_user("supervisor"),
        "grid_officer": lambda: make_user("grid_officer"),
        "admin": lambda: make_user("admin"),
    }
    if reader != "anonymous":
        login_as(users[reader]())
    html = client.get("/search/?q=应急预案").get_data(as_text=True)
    assert "/demo/2" in html
    assert ("/demo/1" in html) is finds


def test_the_results_page_runs_the_same_statements_for_2_and_50_results(
    client, add_doc, count_queries, make_user, make_company, login_as
):
    login_as(make_user("employee", company=make_company()))

    def statements() -> int:
        client.get("/search/?q=消防")
        with count_queries() as q:
            assert client.get("/search/?q=消防").status_code == 200
        return q.count

    for i in range(1, 3):
        add_doc(i, f"消防 {i}", f"正文 {i}")
    two = statements()
    for i in range(3, 51):
        add_doc(i, f"消防 {i}", f"正文 {i}")
    assert statements() == two
