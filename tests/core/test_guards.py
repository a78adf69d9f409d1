"""Core guards: far dates shown in any zone, dates in a range that is named, forms without
their version refused, one-time anti-spam answers, guessable passwords refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import DateField
from wtforms.validators import Optional

from engage.accounts.auth.passwords import password_problem
from engage.core import challenge, templating, timeutil
from engage.core.forms import StaleEdit, VersionField, bounded_date, check_version


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "Pacific/Kiritimati"])
@pytest.mark.parametrize(
    "moment", [datetime(9999, 12, 31, 23, 59, tzinfo=UTC), datetime(1, 1, 1, 0, 1, tzinfo=UTC)]
)
def test_a_date_at_the_edge_of_the_calendar_shows_in_any_zone(
    app, make_user, login_as, zone, moment
):
    app.config["ENGAGE_TIMEZONE"] = zone
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert timeutil.to_local(moment).year == moment.year
        assert str(moment.year) in templating._datetime(moment)
        assert str(moment.year) in templating._date(moment)


class DueForm(FlaskForm):
    class Meta:
        csrf = False

    due = DateField("Due", validators=[Optional(), bounded_date()])


@pytest.mark.parametrize(
    "day, ok",
    [
        ("2000-01-01", True),
        ("2100-12-31", True),
        ("1999-12-31", False),
        ("2101-01-01", False),
        ("9999-12-31", False),
        ("0001-01-01", False),
    ],
)
def test_a_date_field_takes_a_sane_range_and_says_which(english, day, ok):
    form = DueForm(formdata=MultiDict({"due": day}))
    assert form.validate() is ok
    if not ok:
        assert form.due.errors == ["Enter a date from Jan 1, 2000 to Dec 31, 2100."]


class EditForm(FlaskForm):
    class Meta:
        csrf = False

    version = VersionField()


class Record:
    version = 3


def test_a_form_without_its_version_is_refused_as_stale(english):
    form = EditForm(formdata=MultiDict({"other": "x"}))
    assert form.version.data == ""
    with pytest.raises(StaleEdit):
        check_version(Record(), form.version.data)
    check_version(Record(), EditForm(formdata=MultiDict({"version": "3"})).version.data)


def test_a_solved_question_cannot_be_used_twice(app, db):
    app.config["ENGAGE_WHISTLE_MIN_SECONDS"] = 0
    with app.test_request_context("/", method="POST"):
        token, a, b = challenge.new_challenge()
        challenge.check(token, str(a + b), "")
        with pytest.raises(challenge.ChallengeFailed) as caught:
            challenge.check(token, str(a + b), "")
        assert caught.value.reason == "used"
        other, c, d = challenge.new_challenge()
        challenge.check(other, str(c + d), "")
    assert db.session.scalar(select(func.count(challenge.UsedChallenge.token_hash))) == 2


def test_a_wrong_answer_does_not_spend_the_question(app, db):
    app.config["ENGAGE_WHISTLE_MIN_SECONDS"] = 0
    with app.test_request_context("/", method="POST"):
        token, a, b = challenge.new_challenge()
        with pytest.raises(challenge.ChallengeFailed):
            challenge.check(token, str(a + b + 1), "")
        challenge.check(token, str(a + b), "")


@pytest.mark.parametrize(
    "password, why",
    [
        ("a" * 200, "repeats"),
        ("abcabcabcabc", "repeats"),
        ("12121212", "repeats"),
        ("aaaaaaab", "repeats"),
        ("12345678", "common"),
        ("abcdefghij", "sequence"),
        ("98765432", "common"),
        ("mnbvcxz98", "sequence"),
        ("abcdefg1", "sequence"),
        ("87654321a", "sequence"),
        ("password", "common"),
        ("woaini1314", "common"),
    ],
)
def test_guessable_passwords_are_refused_saying_why(english, password, why):
    problem = password_problem(password)
    assert problem is not None
    assert why in str(problem)


@pytest.mark.parametrize(
    "password",
    ["correct-horse-42", "Tr0ub4dor&3", "zhang1990sanfeng", "Engage-demo-2026", "demo-park-2026"],
)
def test_ordinary_passwords_pass(english, password):
    assert password_problem(password) is None
