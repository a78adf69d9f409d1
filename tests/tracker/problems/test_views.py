"""The problem pages: report, page, moves through the browser, list, export, my work."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from engage.tracker.models import Problem, ProblemEvent, ProblemStatus, ProblemWatcher
from engage.tracker.problems import loop
from tests.tracker.problems.conftest import open_problem, png_bytes

S = ProblemStatus


def _form(problem, move, **fields):
    data = {f"{move}-version": str(problem.version)}
    data.update({f"{move}-{k}": v for k, v in fields.items()})
    return data


def test_a_supervisor_reports_a_problem_with_photos(db, client, login_as, park):
    login_as(park.supervisor)
    assert client.get("/problems/new").status_code == 200
    response = client.post(
        "/problems/new",
        data={
            "title": "配电箱门未关闭",
            "category": "electrical",
            "severity": "critical",
            "source": "supervisor_visit",
            "point": str(park.point.id),
            "department": "None",
            "description": "**二楼**配电箱门敞开",
            "location_text": "二楼东侧",
            "photos": [
                (io.BytesIO(png_bytes()), "a.png"),
                (io.BytesIO(png_bytes((1, 2, 3))), "b.png"),
            ],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert problem.company_id == park.owner.id and problem.severity.value == "critical"
    assert (problem.due_at - problem.created_at).days == 3
    page = client.get(response.location).get_data(as_text=True)
    assert "配电箱门未关闭" in page and "<strong>二楼</strong>" in page
    assert page.count('class="photo-thumb"') >= 2
    links = set(re.findall(r"/media/[0-9a-f]{64}\.(?:jpg|png|webp)\?s=[0-9a-f]+", page))
    assert len({link.split("?")[0] for link in links}) >= 2
    for link in links:
        shown = client.get(link)
        assert shown.status_code == 200, link
        shown.close()
    # Another company's manager cannot open the problem, nor its photos by their keys.
    login_as(park.stranger_manager)
    assert client.get(response.location).status_code == 404
    for link in links:
        assert client.get(link.split("?")[0]).status_code == 404


def test_a_company_safety_manager_reports_a_self_check_on_its_own_points_only(
    db, client, login_as, park
):
    login_as(park.owner_manager)
    page = client.get("/problems/new").get_data(as_text=True)
    assert "一号厂房" in page and "外企仓库" not in page
    response = client.post(
        "/problems/new",
        data={
            "title": "叉车未年检",
            "category": "special_equipment",
            "severity": "major",
            "source": "supervisor_visit",
            "point": str(park.other_point.id),
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Problem.id))) == 0
    response = client.post(
        "/problems/new",
        data={
            "title": "叉车未年检",
            "category": "special_equipment",
            "severity": "major",
            "source": "self_check",
            "point": str(park.point.id),
            "assignee": str(park.owner_worker.id),
        },
    )
    assert response.status_code == 302
    problem = db.session.scalar(select(Problem))
    assert problem.source.value == "self_check" and problem.status == S.ASSIGNED
    assert problem.assignee_id == park.owner_worker.id


@pytest.mark.parametrize("who", ["owner_worker", "dept_member", "nobody", "inspector_worker"])
def test_people_who_do_not_report_get_no_report_form(client, login_as, park, who):
    login_as(getattr(park, who))
    assert client.get("/problems/new").status_code == 404


BAD_VALUES = [
    "",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "\"'; DROP TABLE problems;--",
    "a\x00b",
    "🔥🧯",
    "\u200fمرحبا",
    "12abc",
]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_input_on_the_report_form_never_breaks_it(db, client, login_as, park, value):
    login_as(park.supervisor)
    response = client.post(
        "/problems/new",
        data={
            "title": value,
            "category": value or "fire",
            "severity": "major",
            "source": "supervisor_visit",
            "point": value,
            "company": value,
            "department": value,
            "description": value,
            "due": value,
            "location_text": value,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        title = db.session.scalar(select(Problem.title))
        assert "\x00" not in title and "\u200f" not in title


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_input_on_the_problem_page_forms_never_breaks_them(
    db, client, login_as, park, problem, value
):
    login_as(park.supervisor)
    base = f"/problems/{problem.number}"
    for url, data in [
        (
            f"{base}/move/assign",
            {
                "assign-version": value,
                "assign-note": value,
                "assign-assignee": value,
                "assign-company": value,
            },
        ),
        (
            f"{base}/move/reject",
            {
                "reject-version": str(problem.version),
                "reject-note": value,
                "reject-duplicate_of": value,
            },
        ),
        (f"{base}/move/{value or 'x'}", {}),
        (f"{base}/comment", {"comment-note": value}),
        (f"{base}/due", {"due-version": value, "due-due": value, "due-note": value}),
        (f"{base}/reassign", {"reassign-version": value, "reassign-assignee": value}),
        (f"{base}/link", {"link-number": value}),
    ]:
        response = client.post(url, data=data)
        assert response.status_code in (302, 400, 404), url
    assert client.get(f"/problems/{value or 'x'}").status_code == 404
    assert (
        client.get(
            "/problems",
            query_string={
                "status": value,
                "company": value,
                "q": value,
                "sort": value,
                "page": value,
                "severity": value,
                "overdue": value,
            },
        ).status_code
        == 200
    )


def test_the_page_shows_only_the_moves_the_user_may_make(client, login_as, park, problem):
    login_as(park.inspector_manager)
    page = client.get(f"/problems/{problem.number}").get_data(as_text=True)
    assert f"/problems/{problem.number}/move/assign" in page
    assert f"/problems/{problem.number}/move/start" not in page
    login_as(park.owner_manager)
    response = client.get(f"/problems/{problem.number}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and problem.number in page
    assert "/move/" not in page


def test_the_whole_loop_through_the_browser(db, client, login_as, park, problem):
    login_as(park.supervisor)
    r = client.post(
        f"/problems/{problem.number}/move/assign",
        data=_form(problem, "assign", assignee=str(park.owner_worker.id)),
    )
    assert r.status_code == 302
    db.session.refresh(problem)
    assert problem.status == S.ASSIGNED and problem.assignee_id == park.owner_worker.id
    login_as(park.owner_worker)
    client.post(f"/problems/{problem.number}/move/start", data=_form(problem, "start"))
    db.session.refresh(problem)
    r = client.post(
        f"/problems/{problem.number}/move/submit",
        data={
            **_form(problem, "submit", note="已清理"),
            "submit-photos": [(io.BytesIO(png_bytes()), "after.png")],
        },
        content_type="multipart/form-data",
    )
    db.session.refresh(problem)
    assert problem.status == S.AWAITING_VERIFICATION
    # The rectifier cannot close it: refused with a message, nothing changes.
    r = client.post(
        f"/problems/{problem.number}/move/verify",
        data=_form(problem, "verify", note="我自己验收"),
        follow_redirects=True,
    )
    assert "You may not do this" in r.get_data(as_text=True) or "无权" in r.get_data(as_text=True)
    db.session.refresh(problem)
    assert problem.status == S.AWAITING_VERIFICATION
    login_as(park.supervisor)
    r = client.post(f"/problems/{problem.number}/move/verify", data=_form(problem, "verify"))
    assert r.status_code == 400  # the note is required
    db.session.refresh(problem)
    assert problem.status == S.AWAITING_VERIFICATION
    client.post(
        f"/problems/{problem.number}/move/verify", data=_form(problem, "verify", note="复核合格")
    )
    db.session.refresh(problem)
    assert problem.status == S.CLOSED
    page = client.get(f"/problems/{problem.number}").get_data(as_text=True)
    assert "复核合格" in page and "已清理" in page


def test_a_stale_form_in_the_browser_is_refused_and_shows_the_new_state(
    db, client, login_as, park, problem
):
    old = _form(problem, "reject", note="不是隐患")
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor)
    db.session.commit()
    login_as(park.inspector_manager)
    r = client.post(f"/problems/{problem.number}/move/reject", data=old, follow_redirects=True)
    text = r.get_data(as_text=True)
    assert "changed while you were looking" in text or "已被他人更改" in text
    db.session.refresh(problem)
    assert problem.status == S.ASSIGNED


def test_comment_watch_and_link(db, client, login_as, park, problem):
    other = open_problem(park, title="灭火器过期")
    db.session.commit()
    login_as(park.owner_worker)
    client.post(f"/problems/{problem.number}/comment", data={"comment-note": "明天处理"})
    client.post(f"/problems/{problem.number}/watch")
    client.post(f"/problems/{problem.number}/link", data={"link-number": other.number})
    assert (
        db.session.scalar(
            select(func.count(ProblemWatcher.id)).where(
                ProblemWatcher.user_id == park.owner_worker.id
            )
        )
        == 1
    )
    page = client.get(f"/problems/{problem.number}").get_data(as_text=True)
    assert "明天处理" in page and other.number in page
    client.post(f"/problems/{problem.number}/unwatch")
    assert (
        db.session.scalar(
            select(func.count(ProblemWatcher.id)).where(
                ProblemWatcher.user_id == park.owner_worker.id
            )
        )
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count(ProblemEvent.id)).where(ProblemEvent.problem_id == problem.id)
        )
        == 3
    )  # created, comment, linked


def test_the_list_filters_and_sorts_from_the_url(db, client, login_as, park):
    from engage.tracker.models import Severity

    open_problem(park, title="危化品混放", severity=Severity.CRITICAL)
    open_problem(park, title="地面油污", severity=Severity.MINOR)
    db.session.commit()
    login_as(park.supervisor)
    page = client.get("/problems?severity=critical").get_data(as_text=True)
    assert "危化品混放" in page and "地面油污" not in page
    page = client.get("/problems?q=油污").get_data(as_text=True)
    assert "地面油污" in page and "危化品混放" not in page
    page = client.get("/problems?sort=severity").get_data(as_text=True)
    assert page.index("危化品混放") < page.index("地面油污")
    response = client.get("/problems?mine=1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="mine" value="1" checked' in page
    assert "危化品混放" not in page


def test_exports_carry_the_filter_and_the_visibility(db, client, login_as, park):
    open_problem(park, title="车间A问题")
    open_problem(park, title="外企问题", point=park.other_point)
    db.session.commit()
    login_as(park.owner_manager)
    csv_text = client.get("/problems/export.csv").get_data(as_text=True)
    assert "车间A问题" in csv_text and "外企问题" not in csv_text
    xlsx = client.get("/problems/export.xlsx?q=车间")
    book = load_workbook(io.BytesIO(xlsx.data))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "车间A问题" in values and "外企问题" not in values
    assert client.get("/problems/export.pdf").status_code == 404


def test_formula_like_titles_are_quoted_in_exports(db, client, login_as, park):
    open_problem(park, title='=HYPERLINK("http://x")')
    db.session.commit()
    login_as(park.supervisor)
    assert "'=HYPERLINK" in client.get("/problems/export.csv").get_data(as_text=True)


def test_my_work_lists_what_waits_for_me(db, client, login_as, park, problem):
    loop.transition(problem, S.ASSIGNED, actor=park.supervisor, assignee=park.owner_worker)
    db.session.commit()
    login_as(park.owner_worker)
    page = client.get("/my-work").get_data(as_text=True)
    assert problem.number in page


def test_admins_edit_the_due_rules_and_new_problems_follow_them(db, client, login_as, park):
    login_as(park.owner_manager)
    assert client.get("/admin/due-rules").status_code == 404
    login_as(park.admin)
    r = client.post("/admin/due-rules", data={"minor": "40", "major": "10", "critical": "1"})
    assert r.status_code == 302
    problem = open_problem(park)
    db.session.commit()
    assert (problem.due_at - problem.created_at).days == 10
    r = client.post("/admin/due-rules", data={"minor": "0", "major": "abc", "critical": "9999"})
    assert r.status_code == 400


def test_csrf_protects_the_moves(csrf_app, db, park, problem, login_as):
    client = csrf_app.test_client()
    login_as(park.supervisor, client)
    r = client.post(f"/problems/{problem.number}/move/assign", data=_form(problem, "assign"))
    assert r.status_code in (302, 400)
    db.session.refresh(problem)
    assert problem.status == S.REPORTED


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_input_on_the_due_rules_form_changes_nothing(db, client, login_as, park, value):
    from engage.tracker.models import DueRule

    login_as(park.admin)
    response = client.post(
        "/admin/due-rules", data={"minor": value, "major": value, "critical": value}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(DueRule.severity))) == 0


def test_the_department_finds_report_in_from_the_problem_page(db, client, login_as, park):
    problem = open_problem(park, reporter=park.supervisor, department=park.dept)
    db.session.commit()
    login_as(park.dept_member)
    page = client.get(f"/problems/{problem.number}").get_data(as_text=True)
    assert f'href="/whistles/{problem.id}"' in page
    report_in = client.get(f"/whistles/{problem.id}")
    assert report_in.status_code == 200
