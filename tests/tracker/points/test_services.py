"""Points: a three-level tree, unguessable codes, replaced codes, counted scans."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from engage.core.permissions import PermissionDenied
from engage.extensions import db as _db
from engage.tracker.models import Point, PointCode, PointKind, PointScan
from engage.tracker.points import services


def test_a_point_kind_follows_its_level(make_point):
    site = make_point("一号厂区")
    building = make_point("A栋", parent=site)
    area = make_point("喷涂间", parent=building)
    assert [site.kind, building.kind, area.kind] == [
        PointKind.SITE,
        PointKind.BUILDING,
        PointKind.AREA,
    ]
    assert [p.name for p in services.path_of(area)] == ["一号厂区", "A栋", "喷涂间"]


def test_points_go_three_levels_deep_at_most(make_point, manager, company):
    area = make_point("c", parent=make_point("b", parent=make_point("a")))
    with pytest.raises(services.TooDeep):
        services.create_point(company, actor=manager, name="d", parent=area)


def test_codes_are_eight_unambiguous_characters_and_unique(make_point):
    codes = {make_point(f"点位{i}").code for i in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(services.CODE_ALPHABET)
        assert not set(code) & set("01OIL")


def test_a_typed_code_is_found_in_lower_case_and_with_spaces(make_point):
    point = make_point()
    typed = f" {point.code[:4].lower()} {point.code[4:]} "
    assert services.find_by_code(typed).point.id == point.id


def test_a_replaced_code_leads_to_a_replaced_page_and_keeps_its_reason(db, make_point, manager):
    point = make_point()
    old = point.code
    new = services.revoke_code(point, actor=manager, reason="标签被撕掉")
    db.session.commit()
    assert new != old and point.code == new
    lookup = services.find_by_code(old)
    assert lookup.point is None
    assert lookup.replaced.point_id == point.id
    assert lookup.replaced.revoke_reason == "标签被撕掉"
    assert lookup.replaced.revoked_by_id == manager.id
    assert services.find_by_code(new).point.id == point.id
    assert (
        db.session.scalar(select(func.count(PointCode.id)).where(PointCode.point_id == point.id))
        == 2
    )


def test_replacing_a_code_needs_a_reason(make_point, manager):
    with pytest.raises(services.CodeMissing):
        services.revoke_code(make_point(), actor=manager, reason="  ")


def test_the_responsible_person_must_belong_to_the_company(
    make_point, make_user, make_company, manager, company
):
    stranger = make_user("employee", company=make_company())
    with pytest.raises(services.BadResponsible):
        services.create_point(company, actor=manager, name="x", responsible=stranger)


def test_another_company_cannot_add_points(make_user, make_company, company):
    other_manager = make_user("safety_manager", company=make_company())
    with pytest.raises(PermissionDenied):
        services.create_point(company, actor=other_manager, name="x")


def test_an_employee_cannot_add_points(make_user, company):
    with pytest.raises(PermissionDenied):
        services.create_point(company, actor=make_user("employee", company=company), name="x")


def test_a_supervisor_can_add_points(make_user, company, db):
    point = services.create_point(company, actor=make_user("supervisor"), name="x")
    db.session.commit()
    assert point.id


def test_deactivating_a_site_deactivates_what_is_inside(db, make_point, manager):
    site = make_point("a")
    building = make_point("b", parent=site)
    changed = services.set_active(site, actor=manager, active=False)
    db.session.commit()
    assert {p.id for p in changed} == {site.id, building.id}
    assert not building.active
    with pytest.raises(services.BadParent):
        services.set_active(building, actor=manager, active=True)


def test_a_scan_adds_a_row_and_counts_without_changing_the_version(db, make_point):
    point = make_point()
    version = point.version
    services.record_scan(point, user=None)
    services.record_scan(point, user=None)
    db.session.commit()
    db.session.refresh(point)
    assert point.scan_count == 2
    assert point.version == version
    assert db.session.scalar(select(func.count(PointScan.id))) == 2


def test_two_scans_at_once_both_count(app, make_point):
    point = make_point()
    point_id = point.id
    _db.session.remove()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def scan():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                p = _db.session.get(Point, point_id)
                services.record_scan(p, user=None)
                _db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert _db.session.get(Point, point_id).scan_count == 2


def test_the_company_tree_nests_sites_buildings_and_areas(make_point, company):
    site = make_point("a")
    building = make_point("b", parent=site)
    make_point("c", parent=building)
    make_point("z")
    tree = services.company_tree(company.id)
    assert [n.point.name for n in tree] == ["a", "z"]
    assert [(n.point.name, n.depth) for n in services.flatten(tree)] == [
        ("a", 0),
        ("b", 1),
        ("c", 2),
        ("z", 0),
    ]


def test_editing_a_point_records_what_changed_in_the_audit_log(
    make_point, manager, company, make_user, client, login_as
):
    from engage.core.audit import AuditEntry
    from engage.core.vocab import FocusTarget

    point = make_point("一号仓库", location="北区")
    other = make_user("safety_manager", company=company, name="钱七")
    services.update_point(
        point,
        actor=manager,
        name="一号仓库",
        location="南区",
        focus_target=FocusTarget.INDUSTRIAL_PREMISES,
        responsible=other,
        notes="",
    )
    _db.session.commit()
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "point.updated"))
    assert entry.details["changes"]["location"] == ["北区", "南区"]
    assert entry.details["changes"]["responsible"][1] == "钱七"
    assert "name" not in entry.details["changes"]
    login_as(make_user("supervisor"))
    page = client.get("/admin/audit").text
    assert "北区" in page and "南区" in page and "钱七" in page
