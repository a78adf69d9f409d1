"""The date-sensitive services at the year's turn in the park (Asia/Shanghai, eight
hours ahead of UTC) and on a leap day: due dates, report-in deadlines and their
escalation, reminders, the dashboard's months, the safety-month quiz leaderboard and
the dates search keeps. Each runs on every engine, with the clock fixed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from engage.core import search
from engage.core.notifications import Notification
from engage.core.timeutil import deadline, is_overdue
from engage.knowledge.models import Category
from engage.knowledge.quizzes import services as quizzes
from engage.knowledge.quizzes.models import Quiz, QuizAttempt
from engage.tracker import ProblemCategory, ProblemSource, Severity, open_problem
from engage.tracker.problems import dashboards

PARK = ZoneInfo("Asia/Shanghai")

# name: (the moment in the park, what the services must make of it)
MOMENTS = {
    "new-years-eve": datetime(2026, 12, 31, 23, 59, tzinfo=PARK),  # 15:59 UTC
    "new-year": datetime(2027, 1, 1, 0, 5, tzinfo=PARK),  # still 2026-12-31 16:05 UTC
    "leap-day": datetime(2028, 2, 29, 12, 0, tzinfo=PARK),
}
EXPECTED = {
    "new-years-eve": {
        "month": "2026-12",
        "first_month": "2026-01",
        "year": 2026,
        "report_in_due": datetime(2027, 1, 1, 15, 59, tzinfo=UTC),  # 24 hours on
        "safety_month": date(2026, 6, 1),
        "safety_start": datetime(2026, 5, 31, 16, 0, tzinfo=UTC),
        "due_tomorrow": "2027-01-01",
    },
    "new-year": {
        "month": "2027-01",
        "first_month": "2026-02",
        "year": 2027,
        "report_in_due": datetime(2027, 1, 1, 16, 5, tzinfo=UTC),
        "safety_month": date(2026, 6, 1),  # June 2027 has not come: the last one
        "safety_start": datetime(2026, 5, 31, 16, 0, tzinfo=UTC),
        "due_tomorrow": "2027-01-02",
    },
    "leap-day": {
        "month": "2028-02",
        "first_month": "2027-03",
        "year": 2028,
        "report_in_due": datetime(2028, 3, 1, 4, 0, tzinfo=UTC),
        "safety_month": date(2027, 6, 1),
        "safety_start": datetime(2027, 5, 31, 16, 0, tzinfo=UTC),
        "due_tomorrow": "2028-03-01",
    },
}


def moments():
    return [pytest.param(name, id=name) for name in MOMENTS]


@pytest.fixture
def at(request):
    """The clock stands still at the moment named by the test's `name` parameter."""
    moment = MOMENTS[request.getfixturevalue("name")]
    with time_machine.travel(moment, tick=False):
        yield moment


def _problem(cast, **kw):
    return open_problem(
        title="消防通道堵塞",
        category=ProblemCategory.FIRE,
        severity=Severity.MINOR,
        source=ProblemSource.SELF_CHECK,
        actor=cast.a_manager,
        company=cast.company_a,
        **kw,
    )


# Due moments ----------------------------------------------------------------------


def test_a_day_after_the_28th_of_february_2028_is_the_leap_day():
    start = datetime(2028, 2, 28, 9, 30, tzinfo=PARK)
    assert deadline(start, days=1) == datetime(2028, 2, 29, 1, 30, tzinfo=UTC)
    assert deadline(start, days=1).tzinfo == UTC
    assert deadline(datetime(2027, 2, 28, 9, 30, tzinfo=PARK), days=1).date() == date(2027, 3, 1)


@pytest.mark.parametrize("name", moments())
def test_deadlines_count_from_the_moment(name, at):
    due = deadline(at, hours=24)
    assert due == EXPECTED[name]["report_in_due"]
    assert not is_overdue(due)
    assert is_overdue(due, now=due + timedelta(seconds=1))


@pytest.mark.parametrize("name", moments())
def test_a_problem_opened_then_keeps_its_moment_and_due_date(name, at, cast, db):
    problem = _problem(cast)
    db.session.commit()
    db.session.expire_all()
    assert problem.created_at == at
    days = (problem.due_at - problem.created_at) / timedelta(days=1)
    assert days == int(days) and days >= 1
    assert problem.due_at == deadline(at, days=days)


@pytest.mark.parametrize("name", moments())
def test_a_problem_is_numbered_in_the_park_year(name, at, cast, db):
    problem = _problem(cast)
    assert problem.year == EXPECTED[name]["year"]
    assert problem.number.startswith(f"P-{EXPECTED[name]['year']}-")


# Report-in, escalation and reminders -----------------------------------------------


@pytest.mark.parametrize("name", moments())
def test_report_in_and_its_escalation(name, at, app, cast, db):
    problem = _problem(cast, department=cast.department)
    db.session.commit()
    assert problem.ack_due_at == EXPECTED[name]["report_in_due"]
    runner = app.test_cli_runner()

    def remind(after: timedelta) -> str:
        with time_machine.travel(at + after, tick=False):
            result = runner.invoke(args=["tracker", "remind"])
        assert result.exit_code == 0, result.output
        return result.output

    assert "escalated: 0" in remind(timedelta(hours=23, minutes=59))
    assert "escalated: 1" in remind(timedelta(hours=24, minutes=1))  # the leads
    assert "escalated: 0" in remind(timedelta(hours=47))
    assert "escalated: 1" in remind(timedelta(hours=48, minutes=1))  # the supervisors
    db.session.expire_all()
    assert problem.escalation_stage == 2


@pytest.mark.parametrize("name", moments())
def test_a_reminder_names_the_park_day_it_is_due(name, at, app, cast, db):
    problem = _problem(cast)
    problem.due_at = deadline(at, days=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["tracker", "remind"])
    assert "due soon: 1, overdue: 0" in result.output
    db.session.expire_all()
    due = {
        n.params.get("due")
        for n in db.session.scalars(
            select(Notification).where(Notification.kind == "tracker.due_soon")
        )
    }
    assert due == {EXPECTED[name]["due_tomorrow"]}


# The dashboard's months ------------------------------------------------------------


@pytest.mark.parametrize("name", moments())
def test_the_park_dashboard_counts_a_problem_in_the_park_month(name, at, cast, db):
    _problem(cast)
    db.session.commit()
    board = dashboards.build(cast.admin, dashboards.Scope(), now=at)
    assert len(board.months) == 12
    assert board.months[0][0] == EXPECTED[name]["first_month"]
    assert board.months[-1] == (EXPECTED[name]["month"], 1, 0)
    assert sum(opened for _m, opened, _c in board.months) == 1


@pytest.mark.parametrize("name", moments())
def test_a_company_dashboard_counts_it_in_the_same_month(name, at, cast, db):
    _problem(cast)
    db.session.commit()
    board = dashboards.build(cast.admin, dashboards.Scope("company", cast.company_a.id), now=at)
    assert board.months[-1] == (EXPECTED[name]["month"], 1, 0)


@pytest.mark.parametrize("name", moments())
def test_the_dashboard_shown_then_ends_with_the_park_month(name, at, cast, db):
    """As the board page builds it: without `now=`."""
    _problem(cast)
    db.session.commit()
    board = dashboards.build(cast.admin, dashboards.Scope())
    assert board.months[-1] == (EXPECTED[name]["month"], 1, 0)


# The safety month's quiz leaderboard -----------------------------------------------


@pytest.mark.parametrize("name", moments())
def test_the_safety_month_is_the_current_or_last_june_in_the_park(name, at, app):
    first, start, end = quizzes.month_bounds(None)
    assert first == EXPECTED[name]["safety_month"]
    assert start == EXPECTED[name]["safety_start"]
    assert end == start + timedelta(days=30)
    assert quizzes.month_bounds("2027-06")[0] == date(2027, 6, 1)
    assert quizzes.month_bounds("2028-02")[2] - quizzes.month_bounds("2028-02")[1] == timedelta(
        days=29
    )


@pytest.mark.parametrize("name", moments())
def test_an_attempt_counts_in_the_park_month_it_was_taken(name, at, cast, db):
    category = Category(name="消防")
    db.session.add(category)
    db.session.flush()
    quiz = Quiz(title="消防知识", category_id=category.id, published=True)
    db.session.add(quiz)
    db.session.flush()
    db.session.add(
        QuizAttempt(
            quiz_id=quiz.id,
            user_id=cast.a_employee.id,
            company_id=cast.company_a.id,
            score=8,
            max_score=10,
            percent=80,
            answers={},
        )
    )
    db.session.commit()
    month = EXPECTED[name]["month"]
    _first, start, end = quizzes.month_bounds(month)
    assert [row["score"] for row in quizzes.leaderboard(start, end)] == [80.0]
    before = f"{int(month[:4]) - (month[5:] == '01')}-{(int(month[5:]) - 2) % 12 + 1:02d}"
    _first, start, end = quizzes.month_bounds(before)
    assert quizzes.leaderboard(start, end) == []
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


# Search keeps the moments it is given ----------------------------------------------


@pytest.fixture
def notes():
    search.register_kind("clocknote", label="Clock notes")
    yield "clocknote"
    search.unregister_kind("clocknote")


@pytest.mark.parametrize("name", moments())
def test_search_gives_back_the_moment_a_document_changed(name, at, notes, cast, db):
    search.index(
        search.Document(
            kind=notes,
            object_id=1,
            title="灭火器检查记录",
            url="/notes/1",
            access=["public"],
            updated_at=at,
        )
    )
    db.session.commit()
    db.session.expire_all()
    hits = search.query("灭火器", user=cast.admin, kinds=[notes]).items
    assert [hit.updated_at for hit in hits] == [at]
    assert hits[0].updated_at.utcoffset() is not None
    assert hits[0].updated_at.astimezone(PARK).date() == at.date()
