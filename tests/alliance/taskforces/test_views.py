"""Task force pages as people use them: the done-when walk, masked phones, bounded queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from flask import g

from engage.alliance.taskforces import roster, services
from engage.alliance.taskforces.models import TaskForce

from .conftest import START


def test_the_done_when_walk(db, client, login_as, cast, high_rise):
    """A supervisor forms a high-rise force, imports its roster (one wrong row, fixed),
    picks up the area's high-rise problems in bulk and prints the poster; an employee
    then sees masked phones and party badges."""
    login_as(cast.supervisor)
    response = client.post(
        "/alliance/taskforces/new",
        data={
            "name": "高层楼宇攻坚突击队",
            "area_id": cast.area.id,
            "focus_target": "high_rise",
            "leader_id": cast.supervisor.id,
            "starts_on": "2026-03-01",
            "status": "active",
            "goals_text": "## 目标\n- 年内整改高层隐患 40 项",
        },
    )
    assert response.status_code == 302
    force = db.session.query(TaskForce).one()
    url = f"/alliance/taskforces/{force.id}"
    head = "姓名,单位,角色,党员,电话\n"
    wrong = (
        head
        + f"李卫东,{cast.company_a.name},企业安全管理员,是,13800131234\n"
        + f"王红梅,{cast.department.name},网格员,否,12345\n"
    )
    page = client.post(
        f"{url}/roster/import",
        data={"file": (io.BytesIO(wrong.encode()), "r.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Row 3" in page or "第 3 行" in page
    assert roster.current_members(force) == []
    fixed = wrong.replace(",12345\n", ",13900001111\n")
    assert (
        client.post(
            f"{url}/roster/import",
            data={"file": (io.BytesIO(fixed.encode()), "r.csv")},
            content_type="multipart/form-data",
        ).status_code
        == 302
    )
    pickup = client.get(f"{url}/pickup").get_data(as_text=True)
    assert high_rise["a"].number in pickup and high_rise["old"].number not in pickup
    response = client.post(
        f"{url}/pickup", data={"problem_ids": [str(high_rise["a"].id), str(high_rise["b"].id)]}
    )
    assert response.status_code == 302
    poster = client.get(f"{url}/poster")
    assert poster.status_code == 200 and b"<svg" in poster.data and b"A3" in poster.data
    assert "138****1234" in poster.get_data(as_text=True)

    login_as(cast.b_employee)
    page = client.get(url).get_data(as_text=True)
    assert "138****1234" in page and "13800131234" not in page
    assert "party-badge" in page and "李卫东" in page
    assert high_rise["b"].number in page and "疏散楼梯堆物" in page  # its own company's
    assert high_rise["a"].number in page and "消防控制室无人值守" not in page


def test_the_leader_and_supervisors_see_whole_phones(
    db, client, login_as, cast, force, stranger_member
):
    for who in (cast.a_manager, cast.supervisor, cast.admin):
        login_as(who)
        page = client.get(f"/alliance/taskforces/{force.id}/roster").get_data(as_text=True)
        assert "13800131234" in page
    login_as(cast.grid)
    page = client.get(f"/alliance/taskforces/{force.id}/roster").get_data(as_text=True)
    assert "138****1234" in page and "13800131234" not in page


def test_bad_member_input_shows_a_message_and_changes_nothing(
    db, client, login_as, cast, force, stranger_member
):
    login_as(cast.supervisor)
    url = f"/alliance/taskforces/{force.id}/roster/new"
    for data, words in (
        ({"name": "某人", "unit": f"c{cast.company_a.id}", "phone": "999"}, "landline"),
        ({"name": "赵志刚", "unit": f"d{cast.department.id}"}, "overlapping"),
        ({"name": "某人", "unit": "x"}, "department"),
    ):
        form = {"user_id": "0", "role": "other", "joined_on": "2026-04-01", **data}
        response = client.post(url, data=form)
        assert response.status_code == 200
        assert words in response.get_data(as_text=True) or "is-invalid" in response.get_data(
            as_text=True
        )
    assert len(roster.roster_of(force)) == 1
    response = client.post(
        f"/alliance/taskforces/{force.id}/roster/{stranger_member.id}/leave",
        data={"left_on": "2026-02-01"},
    )
    assert response.status_code == 302
    assert roster.current_members(force) == [stranger_member]


def test_odd_urls_never_fail(db, client, login_as, cast, force):
    login_as(cast.supervisor)
    for url in (
        "/alliance/taskforces/?area=x&focus=%00&status=zz&page=-4",
        f"/alliance/taskforces/{force.id}/log?page=99999",
        f"/alliance/taskforces/{force.id}/log/new?kind=zz&problem=%00",
    ):
        assert client.get(url).status_code == 200
    assert client.get("/alliance/taskforces/999999").status_code == 404
    response = client.post(
        f"/alliance/taskforces/{force.id}/pickup", data={"problem_ids": ["x", "99999999999"]}
    )
    assert response.status_code == 200 and "alert" in response.get_data(as_text=True)
    assert client.post(f"/alliance/taskforces/{force.id}/goals/99999/remove").status_code == 404


def _forces(db, cast, n):
    for i in range(n):
        force = services.create_taskforce(
            services.ForceData(
                name=f"突击队{i}",
                area_id=cast.area.id,
                focus_target="high_rise",
                leader_id=cast.supervisor.id,
                starts_on=START,
            ),
            actor=cast.admin,
        )
        for j in range(3):
            roster.add_member(
                force,
                roster.MemberData(
                    name=f"队员{i}-{j}",
                    company_id=cast.company_a.id,
                    role="other",
                    is_party_member=j % 2 == 0,
                    phone="13800131234",
                    joined_on=START,
                ),
                actor=cast.admin,
            )
        services.add_goal(force, services.GoalData("走访", "visits", 3), actor=cast.admin)
        services.record_activity(
            force, services.ActivityData("visit", date(2026, 6, 1), "走访"), actor=cast.admin
        )
    db.session.commit()
    return db.session.query(TaskForce).order_by(TaskForce.id).all()


def _count(client, db, count_queries, url):
    db.session.expire_all()
    g.pop("_login_user", None)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("page", ["index", "overview", "detail", "roster", "poster", "log"])
def test_pages_run_the_same_number_of_statements_for_2_and_many(
    db, client, login_as, cast, count_queries, high_rise, page
):
    login_as(cast.b_employee)

    def url(force):
        return {
            "index": "/alliance/taskforces/",
            "overview": "/alliance/taskforces/overview",
            "detail": f"/alliance/taskforces/{force.id}",
            "roster": f"/alliance/taskforces/{force.id}/roster",
            "poster": f"/alliance/taskforces/{force.id}/poster",
            "log": f"/alliance/taskforces/{force.id}/log",
        }[page]

    forces = _forces(db, cast, 2)
    services.pick_up(forces[0], [high_rise["a"].id], actor=cast.admin)
    services.assign_point(forces[0], high_rise["a_point"].code, actor=cast.admin)
    services.add_goal(forces[0], services.GoalData("整改", "area_rectified", 5), actor=cast.admin)
    db.session.commit()
    few = _count(client, db, count_queries, url(forces[0]))
    forces = _forces(db, cast, 0) + []
    more = _forces_more(db, cast, forces[0], high_rise)
    many = _count(client, db, count_queries, url(more))
    assert many == few


def _forces_more(db, cast, force, high_rise):
    """More of everything: forces, members, goals, problems, log lines."""
    for i in range(2, 14):
        services.create_taskforce(
            services.ForceData(
                name=f"突击队{i}",
                area_id=cast.area.id,
                focus_target="old_equipment",
                leader_id=None,
                starts_on=START,
            ),
            actor=cast.admin,
        )
    for j in range(3, 15):
        roster.add_member(
            force,
            roster.MemberData(
                name=f"新队员{j}",
                department_id=cast.department.id,
                role="grid_officer",
                is_party_member=True,
                joined_on=START,
            ),
            actor=cast.admin,
        )
        services.record_activity(
            force, services.ActivityData("meeting", date(2026, 6, 2), f"例会{j}"), actor=cast.admin
        )
    services.add_goal(force, services.GoalData("会", "meetings", 5), actor=cast.admin)
    services.assign_problem(force, high_rise["b"].number, actor=cast.admin)
    services.assign_problem(force, high_rise["old"].number, actor=cast.admin)
    services.assign_matching_points(force, actor=cast.admin)
    db.session.commit()
    return force
