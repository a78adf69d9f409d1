"""The whistleblower is protected: who blew a whistle (name, phone) is read only by
supervisors, platform admins, the lead of the department it is routed to, and the
reporter; every other role walks every page, notification, mail, export and the audit
log without meeting the name or the phone."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from engage.core.mail import OutboxMessage
from engage.tracker.models import ProblemCategory, RoutingRule
from engage.tracker.points import services as points
from engage.tracker.problems import loop
from engage.tracker.problems.loop import MoveRefused
from engage.tracker.problems.models import ProblemStatus
from engage.tracker.whistles import services

NAME, PHONE = "吹哨人张三", "13800001111"
ANON_NAME, ANON_PHONE = "路人李四", "13900002222"
ALLOWED = {"admin", "supervisor", "dept_lead"}
WALKERS = [
    "a_employee",
    "a_manager",
    "a_admin",
    "b_employee",
    "b_manager",
    "b_admin",
    "dept_member",
    "dept_lead",
    "grid",
    "supervisor",
    "admin",
    "newcomer",
]


@pytest.fixture
def whistles(db, cast, make_user):
    """A signed-in employee of company A blows a whistle about A; someone without an
    account blows another at A's point; both go to the cast's department, which
    reports in; the whistleblower then comments, and everyone who sees it watches."""
    db.session.add(
        RoutingRule(category=ProblemCategory.FIRE, area_id=None, department_id=cast.department.id)
    )
    point = points.create_point(cast.company_a, actor=cast.supervisor, name="甲仓库")
    reporter = make_user("employee", company=cast.company_a, name=NAME, phone=PHONE)
    signed = services.blow_whistle(
        actor=reporter, category=ProblemCategory.FIRE, title="消防通道被堵", point=point
    )
    anonymous = services.blow_whistle(
        actor=None,
        category=ProblemCategory.FIRE,
        title="灭火器过期",
        point=point,
        reporter_name=ANON_NAME,
        reporter_phone=ANON_PHONE,
    )
    for problem in (signed, anonymous):
        for role in WALKERS:
            user = cast.who(role)
            if loop.can_view_problem(user, problem):
                loop.watch(problem, actor=user)
        services.acknowledge(problem, actor=cast.dept_lead)
    loop.comment(signed, actor=reporter, note="通道还是堵着")
    db.session.commit()
    return signed, anonymous, reporter


def _surfaces(client, db, signed, anonymous, user) -> dict[str, str]:
    """Every text the user can read about the whistles."""
    texts = {}
    for problem in (signed, anonymous):
        for url in (f"/whistles/{problem.id}", f"/problems/{problem.number}"):
            response = client.get(url)
            assert response.status_code in (200, 404), url
            text = response.get_data(as_text=True) if response.status_code == 200 else ""
            # An assignee picker lists every colleague, the whistleblower among them, as
            # people to assign: it says nothing of who blew the whistle.
            texts[url] = re.sub(
                r'<select[^>]*name="[a-z-]*assignee".*?</select>', "", text, flags=re.S
            )
    texts["notifications"] = client.get("/notifications").get_data(as_text=True)
    texts["mails"] = "\n".join(
        m.subject + "\n" + m.body
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.user_id == user.id))
    )
    csv = client.get("/problems/export.csv")
    texts["csv"] = csv.get_data(as_text=True) if csv.status_code == 200 else ""
    xlsx = client.get("/problems/export.xlsx")
    if xlsx.status_code == 200:
        book = load_workbook(io.BytesIO(xlsx.data), read_only=True)
        texts["xlsx"] = "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    audit = client.get("/admin/audit")
    texts["audit"] = audit.get_data(as_text=True) if audit.status_code == 200 else ""
    return texts


@pytest.mark.parametrize("role", WALKERS)
def test_only_park_staff_and_the_departments_lead_read_who_blew_the_whistle(
    client, login_as, db, cast, whistles, role
):
    signed, anonymous, _reporter = whistles
    user = cast.who(role)
    login_as(user)
    texts = _surfaces(client, db, signed, anonymous, user)
    everything = "\n".join(texts.values())
    secrets = (NAME, PHONE, ANON_NAME, ANON_PHONE)
    if role in ALLOWED:
        page = texts[f"/whistles/{signed.id}"]
        assert NAME in page and PHONE in page
        anon_page = texts[f"/whistles/{anonymous.id}"]
        assert ANON_NAME in anon_page and ANON_PHONE in anon_page
        assert NAME in texts[f"/problems/{signed.number}"]
    else:
        leaks = {k: s for k, v in texts.items() for s in secrets if s in v}
        assert not leaks, leaks
    if role in {"a_employee", "a_manager", "a_admin", "dept_member", "grid"}:
        # They see the whistle and its comment, but not who wrote them.
        assert "消防通道被堵" in texts[f"/problems/{signed.number}"]
        assert "a whistle from an employee" in texts[f"/problems/{signed.number}"]
        assert "a whistle from an employee" in texts[f"/whistles/{signed.id}"]
    if role in {"a_manager", "a_admin", "dept_member", "grid"}:
        assert "The whistleblower commented on problem" in everything
    if role == "admin":
        assert NAME in texts["audit"]


def test_the_reported_company_reads_a_whistle_from_an_employee_in_chinese(
    client, login_as, cast, whistles
):
    signed, _anonymous, _reporter = whistles
    login_as(cast.a_manager)
    page = client.get(f"/problems/{signed.number}", headers={"Accept-Language": "zh-CN"}).get_data(
        as_text=True
    )
    assert "一名员工的吹哨" in page
    assert NAME not in page


def test_the_whistleblower_reads_their_own_name(client, login_as, whistles):
    signed, _anonymous, reporter = whistles
    login_as(reporter)
    page = client.get(f"/whistles/{signed.id}").get_data(as_text=True)
    assert NAME in page


@pytest.mark.parametrize("role", ["a_manager", "a_admin", "a_employee"])
def test_a_company_cannot_reject_a_whistle_about_itself(client, login_as, db, cast, role):
    point = points.create_point(cast.company_a, actor=cast.supervisor, name="甲车间")
    problem = services.blow_whistle(
        actor=cast.b_employee, category=ProblemCategory.FIRE, title="电线裸露", point=point
    )
    db.session.commit()
    user = cast.who(role)
    with pytest.raises(MoveRefused, match="企业不能驳回针对本企业的吹哨"):
        loop.transition(problem, ProblemStatus.REJECTED, actor=user, note="不是隐患")
    db.session.rollback()
    login_as(user)
    response = client.post(
        f"/problems/{problem.number}/move/reject",
        data={"reject-note": "不是隐患", "reject-version": problem.version},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "cannot reject a whistle about itself" in page
    db.session.refresh(problem)
    assert problem.status == ProblemStatus.REPORTED


@pytest.mark.parametrize("role", ["supervisor", "dept_member"])
def test_the_department_or_a_supervisor_rejects_a_whistle(db, cast, role):
    db.session.add(
        RoutingRule(category=ProblemCategory.FIRE, area_id=None, department_id=cast.department.id)
    )
    point = points.create_point(cast.company_a, actor=cast.supervisor, name="甲车间")
    problem = services.blow_whistle(
        actor=cast.a_employee, category=ProblemCategory.FIRE, title="电线裸露", point=point
    )
    db.session.commit()
    loop.transition(problem, ProblemStatus.REJECTED, actor=cast.who(role), note="已核实不是隐患")
    db.session.commit()
    assert problem.status == ProblemStatus.REJECTED


def test_the_whistleblowers_employer_is_no_party_to_a_whistle_about_another_company(
    client, login_as, db, cast, make_user
):
    """An employee of B blows a whistle about A's warehouse: B's people (their manager,
    their admin, their colleagues) do not meet it anywhere, nor learn that one of them
    blew it; the whistleblower, A and the park do."""
    point = points.create_point(cast.company_a, actor=cast.supervisor, name="甲仓库")
    reporter = make_user("employee", company=cast.company_b, name=NAME, phone=PHONE)
    whistle = services.blow_whistle(
        actor=reporter, category=ProblemCategory.FIRE, title="邻厂通道被堵", point=point
    )
    services.route(whistle, cast.department, actor=cast.supervisor)
    services.acknowledge(whistle, actor=cast.dept_lead)
    loop.comment(whistle, actor=reporter, note="还是堵着")
    db.session.commit()
    for role in ("b_employee", "b_manager", "b_admin"):
        login_as(cast.who(role))
        assert client.get(f"/problems/{whistle.number}").status_code == 404, role
        assert client.get(f"/whistles/{whistle.id}").status_code == 404, role
        for page in ("/problems", "/my-work", "/notifications", "/search/?q=邻厂通道"):
            response = client.get(page)
            assert response.status_code == 200, (role, page)
            assert "邻厂通道被堵" not in response.get_data(as_text=True), (role, page)
    for user in (reporter, cast.a_manager, cast.supervisor):
        login_as(user)
        assert client.get(f"/problems/{whistle.number}").status_code == 200
