"""Every alliance.inspections.* endpoint has a row; an inspection is seen only by the host,
the team, the alliance lead, supervisors and admins (404 for everyone else)."""

from __future__ import annotations

import pytest

from tests.alliance.inspections.conftest import entries

#: endpoint -> (method, url template, roles allowed a GET, expected for the others)
SEEN = ("a_employee", "a_manager", "a_admin", "b_manager", "b_admin", "supervisor", "admin")


def _urls(cast, alliance, checklist, inspection, point_b):
    i = inspection.id
    e = entries(inspection)[0].id
    return {
        "alliance.inspections.index": ("GET", "/alliance/inspections/", None),
        "alliance.inspections.items": ("GET", "/alliance/inspections/items", None),
        "alliance.inspections.item_create": ("GET", "/alliance/inspections/items/new", "editor"),
        "alliance.inspections.item_edit": (
            "GET",
            f"/alliance/inspections/items/{entries(inspection)[0].item_id}/edit",
            "editor",
        ),
        "alliance.inspections.items_export": (
            "GET",
            "/alliance/inspections/items/export.xlsx",
            None,
        ),
        "alliance.inspections.items_import": (
            "GET",
            "/alliance/inspections/items/import",
            "editor",
        ),
        "alliance.inspections.checklists": ("GET", "/alliance/inspections/checklists", None),
        "alliance.inspections.checklist": (
            "GET",
            f"/alliance/inspections/checklists/{checklist.id}",
            None,
        ),
        "alliance.inspections.checklist_create": (
            "GET",
            "/alliance/inspections/checklists/new",
            "editor",
        ),
        "alliance.inspections.checklist_edit": (
            "GET",
            f"/alliance/inspections/checklists/{checklist.id}/edit",
            "editor",
        ),
        "alliance.inspections.point": ("GET", f"/alliance/inspections/points/{point_b.code}", None),
        "alliance.inspections.create": (
            "GET",
            f"/alliance/inspections/alliances/{alliance.id}/new",
            "proposer",
        ),
        "alliance.inspections.detail": ("GET", f"/alliance/inspections/{i}", "seen"),
        "alliance.inspections.accept": ("POST", f"/alliance/inspections/{i}/accept", "seen"),
        "alliance.inspections.new_date": ("POST", f"/alliance/inspections/{i}/new-date", "seen"),
        "alliance.inspections.cancel": ("POST", f"/alliance/inspections/{i}/cancel", "seen"),
        "alliance.inspections.inspect": ("GET", f"/alliance/inspections/{i}/inspect", "team"),
        "alliance.inspections.answer": ("POST", f"/alliance/inspections/{i}/answers/{e}", "team"),
        "alliance.inspections.submit": ("POST", f"/alliance/inspections/{i}/submit", "seen"),
        "alliance.inspections.acknowledge": (
            "POST",
            f"/alliance/inspections/{i}/acknowledge",
            "seen",
        ),
        "alliance.inspections.rate": ("POST", f"/alliance/inspections/{i}/rate", "seen"),
        "alliance.inspections.report": ("GET", f"/alliance/inspections/{i}/report", "seen"),
        "alliance.inspections.report_pdf": (
            "GET",
            f"/alliance/inspections/{i}/report.pdf",
            "seen",
        ),
        "alliance.inspections.round_pair": (
            "GET",
            f"/alliance/inspections/alliances/{alliance.id}/round",
            "lead",
        ),
        "alliance.inspections.board": (
            "GET",
            f"/alliance/inspections/alliances/{alliance.id}/board",
            "inside",
        ),
    }


def test_every_endpoint_has_a_row(app, db, cast, alliance, checklist, inspection, point_b):
    rows = _urls(cast, alliance, checklist, inspection, point_b)
    endpoints = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("alliance.inspections.")
    }
    assert endpoints == set(rows)


def _expected(kind, role, method) -> set[int]:
    if role == "anonymous":
        return {302}
    editor = role in ("supervisor", "admin")
    table = {
        None: {200},
        "editor": {200} if editor else {403},
        "proposer": {200}
        if role in ("a_manager", "a_admin", "b_manager", "b_admin", "supervisor", "admin")
        else {403},
        "lead": {200} if role in ("a_manager", "a_admin", "supervisor", "admin") else {403},
        "inside": {200}
        if role
        in (
            "a_employee",
            "a_manager",
            "a_admin",
            "b_employee",
            "b_manager",
            "b_admin",
            "supervisor",
            "admin",
            "grid",
        )
        else {404},
        "seen": ({200} if method == "GET" else {302, 400, 403}) if role in SEEN else {404},
        "team": ({200} if method == "GET" else {302})
        if role in ("a_employee", "a_manager")
        else ({403} if role in SEEN else {404}),
    }
    return table[kind]


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "newcomer",
        "a_employee",
        "a_manager",
        "b_employee",
        "b_manager",
        "dept_member",
        "grid",
        "supervisor",
        "admin",
    ],
)
def test_access_grid(client, login_as, db, cast, alliance, checklist, inspection, point_b, role):
    from engage.alliance.inspections.models import Answer

    urls = _urls(cast, alliance, checklist, inspection, point_b)
    user = cast.who(role)
    if user is not None:
        login_as(user)
    for endpoint, (method, url, kind) in urls.items():
        if method == "GET":
            status = client.get(url).status_code
        else:
            status = client.post(url, data={}).status_code
        assert status in _expected(kind, role, method), (endpoint, role, status)
    assert db.session.query(Answer).count() == 0  # an empty POST saved nothing


def test_company_b_employee_and_outsiders_get_404_for_the_inspection(
    client, login_as, cast, inspection, outsider
):
    login_as(outsider)
    assert client.get(f"/alliance/inspections/{inspection.id}").status_code == 404
    login_as(cast.b_manager)
    page = client.get(f"/alliance/inspections/{inspection.id}")
    assert page.status_code == 200 and "乙企业" in page.get_data(as_text=True)
