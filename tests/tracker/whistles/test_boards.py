"""Department boards and the routing table: who sees them, what they count, how many queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engage.core.timeutil import utcnow
from engage.tracker.models import ProblemCategory, RoutingRule
from engage.tracker.whistles import boards, services


def _whistles(db, point, n, actor=None):
    made = [
        services.blow_whistle(
            actor=actor, category=ProblemCategory.FIRE, title=f"隐患{i}", point=point
        )
        for i in range(n)
    ]
    db.session.commit()
    return made


@pytest.mark.parametrize(
    "who,status",
    [
        ("member", 200),
        ("lead", 200),
        ("supervisor", 200),
        ("grid_officer", 200),
        ("admin", 200),
        ("other_department", 404),
        ("employee", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_a_departments_board(
    client, login_as, make_user, fire, emergency, company, who, status
):
    users = {
        "member": lambda: make_user("department", department=fire),
        "lead": lambda: make_user("department_lead", department=fire),
        "supervisor": lambda: make_user("supervisor"),
        "grid_officer": lambda: make_user("grid_officer"),
        "admin": lambda: make_user("admin"),
        "other_department": lambda: make_user("department", department=emergency),
        "employee": lambda: make_user("employee", company=company),
    }
    if who != "anonymous":
        login_as(users[who]())
    assert client.get(f"/departments/{fire.id}/board").status_code == status
    assert client.get(f"/departments/{fire.id}/board?section=overdue").status_code == status


@pytest.mark.parametrize(
    "who,status",
    [
        ("member", 200),
        ("supervisor", 200),
        ("employee", 404),
        ("company_manager", 404),
    ],
)
def test_who_sees_the_park_board(client, login_as, make_user, fire, company, who, status):
    users = {
        "member": lambda: make_user("department", department=fire),
        "supervisor": lambda: make_user("supervisor"),
        "employee": lambda: make_user("employee", company=company),
        "company_manager": lambda: make_user("safety_manager", company=company),
    }
    login_as(users[who]())
    assert client.get("/departments/board").status_code == status


def test_the_board_sorts_whistles_into_its_sections(db, point, fire_rule, fire, fire_member):
    waiting, late, taken = _whistles(db, point, 3)
    late.ack_due_at = utcnow() - timedelta(hours=1)
    services.acknowledge(taken, actor=fire_member)
    db.session.commit()
    counts = boards.counts(utcnow())[fire.id]
    assert counts == {"unacknowledged": 1, "overdue": 1, "handling": 1, "closed": 0}
    rows = {d.id: c for d, c in boards.park_board(utcnow())}
    assert rows[fire.id]["overdue"] == 1


def test_the_park_board_lists_departments_with_nothing(
    client, login_as, make_user, fire, emergency
):
    login_as(make_user("supervisor"))
    text = client.get("/departments/board").get_data(as_text=True)
    assert fire.name_en in text and emergency.name in text  # English name when there is one


@pytest.mark.parametrize(
    "url",
    [
        "/departments/{d}/board",
        "/departments/{d}/board?section=unacknowledged",
        "/departments/board",
        "/whistles/unrouted",
    ],
)
def test_boards_run_the_same_queries_for_2_and_50_whistles(
    login_as, make_user, point, fire, fire_rule, queries_for, db, url
):
    login_as(make_user("supervisor"))
    url = url.format(d=fire.id)
    if "unrouted" in url:
        db.session.delete(fire_rule)
        db.session.commit()
    _whistles(db, point, 2)
    small = queries_for(url)
    _whistles(db, point, 48)
    assert queries_for(url) == small


def test_an_odd_section_or_page_shows_the_board(client, login_as, fire_member, fire):
    login_as(fire_member)
    for query in ["?section=<script>", "?section=%00", "?page=-1", "?section=overdue&page=abc"]:
        assert client.get(f"/departments/{fire.id}/board{query}").status_code == 200
    assert client.get("/departments/99999/board").status_code == 404


class TestRoutingTable:
    def test_only_admins_edit_it(self, client, login_as, make_user, fire):
        for role in ("supervisor", "grid_officer"):
            login_as(make_user(role))
            assert client.get("/whistles/routing").status_code == 404
            assert client.post("/whistles/routing", data={}).status_code == 404

    def test_an_admin_sets_a_default_and_an_area_override(
        self, client, login_as, make_user, make_area, fire, emergency, db
    ):
        area = make_area()
        login_as(make_user("admin"))
        assert client.get("/whistles/routing").status_code == 200
        response = client.post(
            "/whistles/routing",
            data={
                "r-fire-0": str(fire.id),
                f"r-fire-{area.id}": str(emergency.id),
                "r-chemicals-0": str(emergency.id),
            },
        )
        assert response.status_code == 302
        grid = services.routing_grid()
        assert grid == {
            ("fire", None): fire.id,
            ("fire", area.id): emergency.id,
            ("chemicals", None): emergency.id,
        }
        # Clearing a cell removes its rule.
        client.post("/whistles/routing", data={"r-fire-0": str(fire.id)})
        assert services.routing_grid() == {("fire", None): fire.id}

    @pytest.mark.parametrize("value", ["99999", "abc", "\x00", "x" * 10_000, "-5"])
    def test_a_bad_cell_saves_nothing(self, client, login_as, make_user, fire, db, value):
        login_as(make_user("admin"))
        response = client.post(
            "/whistles/routing", data={"r-fire-0": str(fire.id), "r-chemicals-0": value}
        )
        assert response.status_code == 200
        assert "nothing was saved" in response.get_data(as_text=True)
        assert db.session.scalar(select(RoutingRule)) is None

    def test_the_routing_table_is_csrf_protected(self, csrf_app, make_user, fire, db):
        from tests.conftest import PASSWORD  # noqa: F401  (a signed-in admin, no token)

        client = csrf_app.test_client()
        admin = make_user("admin")
        with client.session_transaction() as session:
            session["_user_id"] = admin.get_id()
        response = client.post("/whistles/routing", data={"r-fire-0": str(fire.id)})
        assert response.status_code == 400
        assert db.session.scalar(select(RoutingRule)) is None
