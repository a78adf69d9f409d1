"""Shared figures (engage/core/cache.py): keyed by audience, at most a minute old, marked
out of date by announced changes once they commit, never by a rolled-back one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import literal

from engage.core import cache
from engage.extensions import db


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_figures_are_shared_within_the_minute_and_recomputed_after(app):
    calls, compute = _counter()
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        first = cache.shared_figures("t", "everyone", compute)
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        again = cache.shared_figures("t", "everyone", compute)
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        later = cache.shared_figures("t", "everyone", compute)

    assert (first.value, again.value, later.value) == (1, 1, 2)
    assert again.as_of == first.as_of == start
    assert later.as_of == start + timedelta(seconds=61)


def test_each_audience_has_its_own_figures(app):
    calls, compute = _counter()
    a = cache.shared_figures("t", cache.audience_key(literal(1) == 1), compute)
    b = cache.shared_figures("t", cache.audience_key(literal(1) == 2), compute)
    a_again = cache.shared_figures("t", cache.audience_key(literal(1) == 1), compute)

    assert (a.value, b.value, a_again.value) == (1, 2, 1)


def test_a_change_marks_figures_out_of_date_once_committed_not_when_rolled_back(app):
    calls, compute = _counter()
    assert cache.shared_figures("t", "x", compute).value == 1

    cache.changed("t")
    db.session.rollback()
    assert cache.shared_figures("t", "x", compute).value == 1

    cache.changed("t")
    assert cache.shared_figures("t", "x", compute).value == 1  # not committed yet
    db.session.commit()
    assert cache.shared_figures("t", "x", compute).value == 2


def test_no_sharing_when_the_minute_is_set_to_zero(app):
    app.config["ENGAGE_CACHE_SECONDS"] = 0
    calls, compute = _counter()
    cache.shared_figures("t", "x", compute)
    cache.shared_figures("t", "x", compute)
    assert len(calls) == 2


def test_each_language_has_its_own_figures(app):
    """Figures hold names in the reader's language: an English reader never gets the
    Chinese reader's copy."""
    from flask_babel import force_locale

    from engage.core.i18n import current_language

    with app.test_request_context("/"):
        with force_locale("zh_Hans"):
            chinese = cache.shared_figures("t", "everyone", current_language)
        with force_locale("en"):
            english = cache.shared_figures("t", "everyone", current_language)

    assert (chinese.value, english.value) == ("zh_Hans", "en")


def test_a_mark_is_first_once_within_its_period_and_again_after(app):
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert cache.first_in_period("read:1:7", 3600) is True
        assert cache.first_in_period("read:1:7", 3600) is False
        assert cache.first_in_period("read:1:8", 3600) is True  # another name
    with time_machine.travel(start + timedelta(seconds=3599), tick=False):
        assert cache.first_in_period("read:1:7", 3600) is False
    with time_machine.travel(start + timedelta(seconds=3601), tick=False):
        assert cache.first_in_period("read:1:7", 3600) is True


def test_marks_never_push_the_figures_out(app):
    calls, compute = _counter()
    cache.shared_figures("t", "everyone", compute)
    for n in range(cache.MARKS_THRESHOLD // 10):
        cache.first_in_period(f"read:{n}:1", 3600)
    cache.shared_figures("t", "everyone", compute)
    assert len(calls) == 1


def test_readers_arriving_together_wait_for_one_computation(app):
    """Figures to compute again are computed once per worker, however many readers ask
    for them at the same moment; each of them gets those figures."""
    import threading
    import time

    calls, started = [], threading.Barrier(4)

    def compute():
        calls.append(1)
        time.sleep(0.2)  # long enough for the other readers to arrive meanwhile
        return "figures"

    answers = []

    def reader():
        with app.app_context():
            started.wait()
            answers.append(cache.shared_figures("t", "together", compute).value)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == ["figures"] * 4
    assert len(calls) == 1
