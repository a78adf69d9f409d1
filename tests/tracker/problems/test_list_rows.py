"""The list rows' cheaper parts say what the models, filters and lazy labels said."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, format_date
from flask_login import login_user
from sqlalchemy import select

from engage.core.templating import _date
from engage.tracker.models import Problem, ProblemStatus, Severity
from engage.tracker.problems import queries
from engage.tracker.problems.page import labels
from engage.tracker.problems.views import company_options
from engage.tracker.vocab import STATUS_LABELS

from .conftest import open_problem

MOMENTS = [
    datetime(2026, 3, 1, 15, 59, tzinfo=UTC),  # still 1 March in UTC, 2 March in Shanghai
    datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
    datetime(2026, 7, 4, 3, 0),  # naive: read as UTC
    datetime(1, 1, 1, 0, 0, tzinfo=UTC),  # no local time east of UTC
    datetime(9999, 12, 31, 23, 0, tzinfo=UTC),  # none west of it either
]


def _babel_day(moment, fmt="medium"):
    """What Babel writes for the day of `moment`, asked each time."""
    try:
        return format_date(moment, fmt)
    except OverflowError:
        return format_date(moment, fmt, rebase=False)


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_the_date_filter_writes_each_day_as_babel_does(app, db, park, zone, language):
    """The rows' dates go through core's `date` filter, which writes each day once per
    format and language: what it writes is what Babel writes for that moment."""
    user = park.owner_manager
    user.timezone = zone
    db.session.commit()
    with app.test_request_context():
        login_user(user)
        with force_locale(language):
            for moment in MOMENTS:
                assert _date(moment, "medium") == _babel_day(moment), moment
                assert _date(moment.date(), "short") == _babel_day(moment.date(), "short")
            assert _date(None) == ""


def test_list_rows_name_the_company_point_department_and_assignee(app, db, park):
    routed = open_problem(park)
    bare = open_problem(park, point=None, company=park.stranger)
    routed.department = park.dept
    routed.assignee = park.owner_worker
    park.owner.name_en = "Hengyuan Precision"
    db.session.commit()
    with app.test_request_context():
        login_user(park.supervisor)
        stmt = select(Problem).where(Problem.id.in_([routed.id, bare.id])).order_by(Problem.id)
        with force_locale("en"):
            first, second = queries.list_rows(stmt)
        assert (first.number, first.title) == (routed.number, routed.title)
        assert first.status is ProblemStatus.REPORTED and first.severity is Severity.MAJOR
        assert first.is_open and first.due_at == routed.due_at
        assert first.company_name == "Hengyuan Precision"
        assert first.point_name == park.point.name
        assert first.department_name == park.dept.display_name("en")
        assert first.assignee_name == park.owner_worker.name
        assert (second.point_name, second.department_name, second.assignee_name) == (None,) * 3
        assert second.company_name == park.stranger.name
        with force_locale("zh_Hans"):
            assert queries.list_rows(stmt)[0].company_name == park.owner.name


def test_labels_are_said_once_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("en"):
            said = labels()["status_labels"]
            assert said[ProblemStatus.CLOSED] == "Closed"
            assert said.get("closed") == "Closed"  # a timeline line's status is a string
            assert said.get("no such status", "?") == "?"
            assert isinstance(said[ProblemStatus.CLOSED], str)
        with force_locale("zh_Hans"):
            assert labels()["status_labels"][ProblemStatus.CLOSED] == str(
                STATUS_LABELS[ProblemStatus.CLOSED]
            )
            assert labels()["status_labels"][ProblemStatus.CLOSED] != "Closed"


def test_company_options_escape_every_name_and_mark_the_chosen_one():
    companies = [(1, "甲 & 乙"), (2, '<b>"粗"</b>'), (3, "丙")]
    assert str(company_options(companies, 2)) == (
        '<option value="1">甲 &amp; 乙</option>'
        '<option value="2" selected>&lt;b&gt;&#34;粗&#34;&lt;/b&gt;</option>'
        '<option value="3">丙</option>'
    )
    # A name with a line break in it is escaped on its own.
    assert str(company_options([(1, "a\n<b>"), (2, "c")], None)) == (
        '<option value="1">a\n&lt;b&gt;</option><option value="2">c</option>'
    )
