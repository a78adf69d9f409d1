"""Point pages: who may open them, the public page, QR codes, labels, bad input."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select

from engage.tracker.models import Point, PointScan
from engage.tracker.points import services

HOSTILE = [
    "",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "名\x00字",
    "\u202e反转\u200f",
    "🔥🧯",
    "'\"; DROP TABLE points; --",
    "123abc",
]


@pytest.fixture
def tree(make_point):
    site = make_point("一号厂区", location="星湖街88号", notes="钥匙在门卫室")
    building = make_point("A栋", parent=site)
    return site, building


def _manager_pages(company, point):
    return [
        f"/companies/{company.id}/points",
        f"/companies/{company.id}/points/new",
        f"/companies/{company.id}/points/labels",
        f"/companies/{company.id}/points/labels?ids={point.id}",
        f"/points/{point.id}/edit",
        f"/points/{point.id}/code",
    ]


@pytest.mark.parametrize(
    "who,status",
    [
        ("manager", 200),
        ("company_admin", 200),
        ("supervisor", 200),
        ("admin", 200),
        ("employee", 404),
        ("other_manager", 404),
        ("grid_officer", 404),
        ("department", 404),
    ],
)
def test_who_may_open_the_point_management_pages(
    client, login_as, make_user, make_company, make_department, company, manager, tree, who, status
):
    users = {
        "manager": lambda: manager,
        "company_admin": lambda: make_user("admin", company=company),
        "supervisor": lambda: make_user("supervisor"),
        "admin": lambda: make_user("admin"),
        "employee": lambda: make_user("employee", company=company),
        "other_manager": lambda: make_user("safety_manager", company=make_company()),
        "grid_officer": lambda: make_user("grid_officer"),
        "department": lambda: make_user("department", department=make_department()),
    }
    login_as(users[who]())
    for url in _manager_pages(company, tree[0]):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("action", ["deactivate", "activate"])
def test_another_company_cannot_deactivate_a_point(
    client, login_as, make_user, make_company, tree, action
):
    login_as(make_user("safety_manager", company=make_company()))
    assert client.post(f"/points/{tree[0].id}/{action}").status_code == 404
    assert client.post(f"/points/{tree[0].id}/code", data={"reason": "x"}).status_code == 404


def test_the_management_pages_need_a_sign_in(client, company, tree):
    response = client.get(f"/companies/{company.id}/points")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_manager_adds_a_point_inside_a_building(client, login_as, manager, company, tree, db):
    login_as(manager)
    response = client.post(
        f"/companies/{company.id}/points/new?parent={tree[1].id}",
        data={
            "name": "喷涂间",
            "location": "二楼",
            "focus_target": "other",
            "responsible_id": str(manager.id),
            "notes": "",
        },
    )
    assert response.status_code == 302
    area = db.session.scalar(select(Point).where(Point.name == "喷涂间"))
    assert area.parent_id == tree[1].id and area.kind.value == "area"
    assert area.responsible_id == manager.id


def test_a_fourth_level_is_refused_with_a_message(
    client, login_as, manager, company, make_point, tree
):
    area = make_point("c", parent=tree[1])
    login_as(manager)
    response = client.get(
        f"/companies/{company.id}/points/new?parent={area.id}", follow_redirects=True
    )
    assert "three levels" in response.get_data(as_text=True)


def test_a_parent_of_another_company_is_not_found(
    client, login_as, manager, company, make_company, make_user, db
):
    other = make_company()
    foreign = services.create_point(other, actor=make_user("supervisor"), name="别家")
    db.session.commit()
    login_as(manager)
    assert client.get(f"/companies/{company.id}/points/new?parent={foreign.id}").status_code == 404


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_point_names_never_break_the_form(client, login_as, manager, company, value, db):
    login_as(manager)
    response = client.post(
        f"/companies/{company.id}/points/new",
        data={
            "name": value,
            "location": value,
            "focus_target": value,
            "responsible_id": value,
            "notes": value,
        },
    )
    assert response.status_code in (200, 302)
    for point in db.session.scalars(select(Point)).all():
        assert "\x00" not in point.name and "\u202e" not in point.name


def test_a_bad_focus_target_or_person_is_refused_next_to_the_field(
    client, login_as, manager, company, db
):
    login_as(manager)
    response = client.post(
        f"/companies/{company.id}/points/new",
        data={"name": "x", "focus_target": "volcano", "responsible_id": "999"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Point.id))) == 0


def test_a_stale_edit_is_refused(client, login_as, manager, tree, db):
    site = tree[0]
    login_as(manager)
    old_version = site.version
    client.post(
        f"/points/{site.id}/edit",
        data={
            "name": "第一次",
            "focus_target": "other",
            "responsible_id": "0",
            "version": str(old_version),
        },
    )
    response = client.post(
        f"/points/{site.id}/edit",
        data={
            "name": "第二次",
            "focus_target": "other",
            "responsible_id": "0",
            "version": str(old_version),
        },
        follow_redirects=True,
    )
    assert "Someone else changed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Point, site.id).name == "第一次"


def test_the_public_page_opens_without_an_account_and_counts_the_scan(client, tree, db):
    site = tree[0]
    response = client.get(f"/p/{site.code}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert site.name in text and "Report a hazard here" in text
    assert "钥匙在门卫室" not in text  # notes are the company's
    assert db.session.scalar(select(func.count(PointScan.id))) == 1
    scan = db.session.scalar(select(PointScan))
    assert scan.user_id is None


def test_a_signed_in_scan_records_who(client, login_as, make_user, tree, db):
    officer = make_user("grid_officer")
    login_as(officer)
    client.get(f"/p/{tree[0].code}")
    assert db.session.scalar(select(PointScan.user_id)) == officer.id


def test_the_company_sees_its_private_notes_on_the_page(client, login_as, manager, tree):
    login_as(manager)
    assert "钥匙在门卫室" in client.get(f"/p/{tree[0].code}").get_data(as_text=True)


def test_another_company_does_not_see_the_private_notes(
    client, login_as, make_user, make_company, tree
):
    login_as(make_user("safety_manager", company=make_company()))
    response = client.get(f"/p/{tree[0].code}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and tree[0].name in text
    assert "钥匙在门卫室" not in text and "Edit" not in text


def test_a_replaced_code_says_so_without_revealing_the_new_one(client, login_as, manager, tree, db):
    site = tree[0]
    old = site.code
    new = services.revoke_code(site, actor=manager, reason="丢失")
    db.session.commit()
    response = client.get(f"/p/{old}")
    assert response.status_code == 410
    text = response.get_data(as_text=True)
    assert "replaced" in text and new not in text
    g.pop("_login_user", None)  # the test's app context outlives the anonymous request
    login_as(manager)
    assert f"/p/{new}" in client.get(f"/p/{old}").get_data(as_text=True)


def test_an_unknown_or_odd_code_is_not_found(client):
    for code in ["ZZZZZZZZ", "%00", "<script>", "x" * 300, "🔥"]:
        assert client.get(f"/p/{code}").status_code == 404


def test_a_deactivated_point_is_not_found_for_the_public(client, manager, tree, db):
    services.set_active(tree[0], actor=manager, active=False)
    db.session.commit()
    assert client.get(f"/p/{tree[0].code}").status_code == 404


def test_qr_codes_come_as_svg_and_png_with_cache_headers(client, tree, app):
    code = tree[0].code
    svg = client.get(f"/p/{code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"<svg" in svg.data
    assert "max-age=86400" in svg.headers["Cache-Control"]
    png = client.get(f"/p/{code}/qr.png")
    assert png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    again = client.get(f"/p/{code}/qr.png", headers={"If-None-Match": png.headers["ETag"]})
    assert again.status_code == 304


def test_the_qr_code_encodes_the_public_address(client, tree, app):
    app.config["ENGAGE_BASE_URL"] = "https://engage.example.cn"
    text = client.get(f"/points/{tree[0].id}/code").get_data(as_text=True)  # needs a manager
    assert text  # page may be 302 to login; the address is checked below
    with app.test_request_context():
        from engage.tracker.points.views import public_url

        assert public_url(tree[0].code) == f"https://engage.example.cn/p/{tree[0].code}"


def test_the_label_sheet_lists_only_the_companys_chosen_points(
    client, login_as, manager, company, tree, make_company, make_user, db
):
    foreign = services.create_point(make_company(), actor=make_user("supervisor"), name="别家点位")
    db.session.commit()
    login_as(manager)
    response = client.get(
        f"/companies/{company.id}/points/labels?ids={tree[0].id}&ids={tree[1].id}&ids={foreign.id}"
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert tree[0].code in text and tree[1].code in text
    assert foreign.code not in text and "别家点位" not in text
    assert text.count('class="qr-label"') == 2


def test_the_tree_page_runs_the_same_queries_for_2_and_50_points(
    login_as, manager, company, queries_for, db
):
    def fill(n):
        for i in range(n):
            services.create_point(company, actor=manager, name=f"点{i:03d}", responsible=manager)
        db.session.commit()

    login_as(manager)
    fill(2)
    small = queries_for(f"/companies/{company.id}/points")
    fill(48)
    assert queries_for(f"/companies/{company.id}/points") == small


def test_staff_choose_a_company_from_a_list(
    client, login_as, make_user, company, tree, queries_for, make_company
):
    login_as(make_user("supervisor"))
    assert company.name in client.get("/points").get_data(as_text=True)
    small = queries_for("/points")
    for _ in range(10):
        make_company()
    assert queries_for("/points") == small


def test_a_manager_goes_straight_to_their_companys_points(client, login_as, manager, company):
    login_as(manager)
    response = client.get("/points")
    assert response.headers["Location"].endswith(f"/companies/{company.id}/points")


def test_typing_a_code_opens_the_point(client, tree):
    response = client.get(f"/p?code={tree[0].code.lower()}")
    assert response.headers["Location"].endswith(f"/p/{tree[0].code}")


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_reasons_to_replace_a_code_never_break_the_page(
    client, login_as, manager, tree, value, db
):
    login_as(manager)
    old = tree[0].code
    response = client.post(f"/points/{tree[0].id}/code", data={"reason": value})
    assert response.status_code in (200, 302)
    db.session.refresh(tree[0])
    if response.status_code == 200:
        assert tree[0].code == old  # refused: nothing changed


def test_the_point_page_lists_open_and_closed_problems_for_those_who_may_see_them(
    client, login_as, make_user, make_company, tree, db
):
    from flask import g as flask_g

    from engage.tracker.models import ProblemCategory, ProblemSource, ProblemStatus, Severity
    from engage.tracker.problems.services import open_problem

    supervisor = make_user("supervisor")
    for title, status in (
        ("通道堵塞", ProblemStatus.REPORTED),
        ("灭火器过期", ProblemStatus.CLOSED),
    ):
        problem = open_problem(
            title=title,
            category=ProblemCategory.FIRE,
            severity=Severity.MAJOR,
            source=ProblemSource.SUPERVISOR_VISIT,
            actor=supervisor,
            point=tree[0],
        )
        problem.status = status
    db.session.commit()
    response = client.get(f"/p/{tree[0].code}")
    anonymous = response.get_data(as_text=True)
    assert response.status_code == 200 and tree[0].name in anonymous
    assert "通道堵塞" not in anonymous and "灭火器过期" not in anonymous
    flask_g.pop("_login_user", None)
    login_as(make_user("employee", company=tree[0].company))
    text = client.get(f"/p/{tree[0].code}").get_data(as_text=True)
    assert text.count("通道堵塞") == 1 and text.count("灭火器过期") == 1
    flask_g.pop("_login_user", None)
    login_as(make_user("employee", company=make_company()))
    response = client.get(f"/p/{tree[0].code}")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and tree[0].name in text
    assert "通道堵塞" not in text and "灭火器过期" not in text


def test_a_head_request_is_not_a_scan(client, tree, db):
    assert client.head(f"/p/{tree[0].code}").status_code == 200
    assert db.session.scalar(select(func.count(PointScan.id))) == 0


def test_the_label_sheet_is_in_the_order_of_the_tree(
    client, login_as, manager, company, make_point, db, queries_for
):
    # Sorted by name alone the sheet would read 丁 车间, 丙厂区, 乙 仓库, 甲厂区: each
    # place apart from its site.
    site_a = make_point("甲厂区")
    zed = make_point("乙 仓库", parent=site_a)
    site_b = make_point("丙厂区")
    bay = make_point("丁 车间", parent=site_b)
    old = make_point("戊 旧楼", parent=site_a)
    services.set_active(old, actor=manager, active=False)
    db.session.commit()
    login_as(manager)
    ids = "&".join(f"ids={p.id}" for p in (bay, site_b, zed, old, site_a))
    text = client.get(f"/companies/{company.id}/points/labels?{ids}").get_data(as_text=True)
    order = [text.index(p.code) for p in (site_b, bay, site_a, zed)]
    assert order == sorted(order)
    assert text.count('class="qr-label"') == 4 and old.code not in text
    # The path on each label costs no query per label.
    few = queries_for(f"/companies/{company.id}/points/labels?ids={site_a.id}&ids={zed.id}")
    assert queries_for(f"/companies/{company.id}/points/labels?{ids}") == few
