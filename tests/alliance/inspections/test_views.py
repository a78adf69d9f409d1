"""The on-site page runs a bounded number of SQL statements; one answer is one small POST;
bad input gets a message and changes nothing."""

from __future__ import annotations

from engage.alliance.inspections import items as library
from engage.alliance.inspections import services
from engage.alliance.inspections.models import Answer, Inspection
from tests.alliance.inspections.conftest import DAY, entries, make_library


def _inspection_with(db, cast, alliance, n: int) -> Inspection:
    codes = make_library(cast.admin, n, prefix=f"N{n}")
    checklist = library.save_checklist(
        None,
        name=f"清单{n}",
        focus_target="other",
        description="",
        layout="# 一\n" + "\n".join(codes),
        actor=cast.admin,
    )
    made = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=cast.company_b.id,
            checklist_id=checklist.id,
            planned_on=DAY,
            team_ids=[cast.a_manager.id],
        ),
        actor=cast.a_manager,
    )
    services.accept(made, actor=cast.b_manager)
    for e in entries(made)[: n // 2]:
        services.answer_item(made, e.id, "conforms", "", actor=cast.a_manager)
    db.session.commit()
    return made


def test_on_site_page_of_150_items_runs_the_same_queries_as_of_2(
    client, login_as, db, cast, alliance, count_queries
):
    small = _inspection_with(db, cast, alliance, 2)
    big = _inspection_with(db, cast, alliance, 150)
    login_as(cast.a_manager)
    counts = []
    for inspection in (small, big):
        with count_queries() as q:
            page = client.get(f"/alliance/inspections/{inspection.id}/inspect")
        assert page.status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1] and counts[1] < 25
    assert 'id="done-count">75</span>/150' in page.get_data(as_text=True)


def test_one_answer_by_fetch_answers_json(client, login_as, db, cast, inspection):
    login_as(cast.a_manager)
    entry = entries(inspection)[0]
    reply = client.post(
        f"/alliance/inspections/{inspection.id}/answers/{entry.id}",
        data={"result": "conforms", "revision": "0"},
        headers={"X-Requested-With": "fetch"},
    )
    assert reply.status_code == 200 and reply.json["done"] == 1 and reply.json["revision"] == 1


def test_saving_an_answer_is_one_small_request_of_few_statements(
    client, login_as, db, cast, inspection, count_queries
):
    """Whatever the checklist's size, a save reads the person, the inspection and its
    team, the entry with its answer, writes, and counts the progress in one query."""
    login_as(cast.a_manager)
    first, second = (e.id for e in entries(inspection)[:2])
    url = f"/alliance/inspections/{inspection.id}/answers/"
    fetch = {"X-Requested-With": "fetch"}
    client.post(url + str(first), data={"result": "conforms", "revision": "0"}, headers=fetch)
    db.session.remove()
    with count_queries() as q:
        reply = client.post(
            url + str(first),
            data={"result": "hazard", "note": "灭火器压力不足", "revision": "1"},
            headers=fetch,
        )
    assert reply.status_code == 200 and reply.is_json
    assert reply.json == {"ok": True, "revision": 2, "done": 1, "total": 4, "message": "已保存"}
    assert q.count <= 7, q.statements
    with count_queries() as q:
        reply = client.post(
            url + str(second), data={"result": "conforms", "revision": "0"}, headers=fetch
        )
    assert reply.status_code == 200 and reply.json["done"] == 2
    assert q.count <= 8


def test_bad_answers_change_nothing(client, login_as, db, cast, inspection):
    login_as(cast.a_manager)
    url = f"/alliance/inspections/{inspection.id}/answers/"
    reply = client.post(
        url + "99999", data={"result": "conforms"}, headers={"X-Requested-With": "fetch"}
    )
    assert (
        reply.status_code == 400
        and "checklist" in reply.json["message"].lower()
        or "清单" in reply.json["message"]
    )
    entry = entries(inspection)[0]
    reply = client.post(
        url + str(entry.id), data={"result": "maybe"}, headers={"X-Requested-With": "fetch"}
    )
    assert reply.status_code == 400
    reply = client.post(
        f"/alliance/inspections/{inspection.id}/submit",
        data={"version": inspection.version},
        follow_redirects=True,
    )
    assert reply.status_code == 200
    assert db.session.query(Answer).count() == 0
    assert db.session.get(Inspection, inspection.id).status.value == "accepted"


def test_plain_form_post_without_javascript_goes_back_to_the_item(
    client, login_as, cast, inspection
):
    login_as(cast.a_employee)
    entry = entries(inspection)[1]
    reply = client.post(
        f"/alliance/inspections/{inspection.id}/answers/{entry.id}",
        data={"result": "not_applicable"},
    )
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"#e{entry.id}")


def test_an_answer_needs_the_page_csrf_token(csrf_app, login_as, db, cast, inspection):
    import re

    client = csrf_app.test_client()
    login_as(cast.a_manager, client)
    entry = entries(inspection)[0]
    url = f"/alliance/inspections/{inspection.id}/answers/{entry.id}"
    refused = client.post(url, data={"result": "conforms"}, headers={"X-Requested-With": "fetch"})
    assert refused.status_code == 400 and db.session.query(Answer).count() == 0
    page = client.get(f"/alliance/inspections/{inspection.id}/inspect").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    saved = client.post(
        url,
        data={"result": "conforms", "csrf_token": token, "revision": "0"},
        headers={"X-Requested-With": "fetch"},
    )
    assert saved.status_code == 200 and saved.json["ok"]


def test_scanning_a_points_code_leads_a_signed_in_inspector_to_its_checklist(
    client, login_as, cast, checklist, point_b, db
):
    library.assign_checklist(point_b, checklist, actor=cast.b_manager)
    db.session.commit()
    anonymous = client.get(f"/p/{point_b.code}")
    assert anonymous.status_code == 200
    assert "在此上报隐患" in anonymous.text and "应急" in anonymous.text
    assert f"/alliance/inspections/points/{point_b.code}" not in anonymous.text
    login_as(cast.a_manager)
    page = client.get(f"/p/{point_b.code}")
    assert page.status_code == 200
    assert f"/alliance/inspections/points/{point_b.code}" in page.text
    checklist_page = client.get(f"/alliance/inspections/points/{point_b.code}")
    assert checklist_page.status_code == 200 and "消防检查表" in checklist_page.text


def test_a_button_posted_without_its_version_is_refused_as_stale(
    client, login_as, db, cast, inspection
):
    """A form that does not say which state of the inspection it acts on is never taken
    as acting on the current one."""
    login_as(cast.a_manager)
    version = inspection.version
    reply = client.post(
        f"/alliance/inspections/{inspection.id}/cancel",
        data={},
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )
    assert reply.status_code in (200, 409)
    assert "changed meanwhile" in reply.get_data(as_text=True)
    db.session.expire_all()
    current = db.session.get(Inspection, inspection.id)
    assert current.status.value == "accepted" and current.version == version
    done = client.post(
        f"/alliance/inspections/{inspection.id}/cancel",
        data={"version": str(version)},
        follow_redirects=True,
    )
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).status.value == "cancelled"
