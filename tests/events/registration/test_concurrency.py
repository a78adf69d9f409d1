"""Never more seats than capacity, under any concurrency: 200 people press "register"
at once for 50 seats, each in their own application context and session, on SQLite
and PostgreSQL, several times over."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from engage import create_app
from engage.accounts.models import User
from engage.core.mail import OutboxMessage
from engage.events.catalogue.models import Event
from engage.events.registration import services
from engage.events.registration.models import Registration
from engage.events.registration.models import RegistrationStatus as S
from engage.extensions import db as _db
from tests.conftest import base_config

PEOPLE, SEATS, ROUNDS = 200, 50, 3


def _storm(app, event_id: int, user_ids: list[int]) -> tuple[list, list, float]:
    """Every user registers at the same moment, from their own thread."""
    barrier = threading.Barrier(len(user_ids))
    outcomes, errors = [], []
    lock = threading.Lock()

    def attempt(user_id: int):
        with app.app_context():
            try:
                event = _db.session.get(Event, event_id)
                user = _db.session.get(User, user_id)
                reg = services.register(event, actor=user)
                status = reg.status
                _db.session.commit()
                return status
            except Exception:
                _db.session.rollback()
                raise
            finally:
                _db.session.remove()

    def worker(user_id: int) -> None:
        barrier.wait()
        for tries in range(3):
            try:
                status = attempt(user_id)
            except OperationalError as exc:
                # SQLite's busy timeout ran out on an overloaded machine: the person presses
                # again (nothing was written). Counts stay asserted below.
                if "locked" not in str(exc) or tries == 2:
                    with lock:
                        errors.append(repr(exc))
                    return
                continue
            except Exception as exc:  # noqa: BLE001 - collected and asserted empty below
                with lock:
                    errors.append(repr(exc))
                return
            with lock:
                outcomes.append(status)
            return

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes, errors, time.perf_counter() - started


def test_200_at_once_for_50_seats_gives_exactly_50_and_150_waiting_in_order(
    app, db, database_url, make_event, make_company, make_user, tmp_path
):
    company = make_company()
    users = [
        User(
            email=f"storm{i}@example.com", name=f"抢票{i}", password_hash="x", company_id=company.id
        )
        for i in range(PEOPLE)
    ]
    db.session.add_all(users)
    db.session.commit()
    user_ids = [u.id for u in users]
    # A second app with a pool large enough for the storm (each thread its own connection).
    storm_app = create_app(
        {
            **base_config(database_url, tmp_path),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 20, "pool_timeout": 60},
        }
    )
    try:
        for round_ in range(ROUNDS):
            event = make_event(capacity=SEATS, title=f"演练 {round_}")
            event_id = event.id
            # End the test's own transaction: on SQLite even a read holds the write lock.
            db.session.commit()
            outcomes, errors, seconds = _storm(storm_app, event_id, user_ids)
            assert errors == []
            assert outcomes.count(S.CONFIRMED) == SEATS
            assert outcomes.count(S.WAITING) == PEOPLE - SEATS
            db.session.expire_all()
            assert db.session.get(Event, event.id).taken == SEATS
            confirmed = db.session.scalar(
                select(func.count(Registration.id)).where(
                    Registration.event_id == event.id, Registration.status == S.CONFIRMED
                )
            )
            assert confirmed == SEATS
            waiting = services.waiting_list(event)
            assert len(waiting) == PEOPLE - SEATS
            # Arrival order: the order in which the database took the requests (their ids),
            # each place distinct. (A request retried after a busy timeout arrives later.)
            ids = [unit[0].id for unit in waiting]
            positions = [unit[0].queue_position for unit in waiting]
            assert ids == sorted(ids) and positions == sorted(set(positions))
            assert seconds < 60, seconds
            # The first waiting is the one a freed seat goes to.
            first_waiting = waiting[0][0]
            some_seat = db.session.scalar(
                select(Registration)
                .where(Registration.event_id == event.id, Registration.status == S.CONFIRMED)
                .limit(1)
            )
            services.cancel_registration(
                some_seat, event, actor=db.session.get(User, some_seat.user_id)
            )
            db.session.commit()
            db.session.expire_all()
            assert db.session.get(Registration, first_waiting.id).status == S.OFFERED
            assert db.session.get(Event, event.id).taken == SEATS
    finally:
        with storm_app.app_context():
            _db.engine.dispose()


def test_100_register_forms_posted_at_once_for_25_seats(
    app, db, database_url, make_event, make_company, tmp_path
):
    """The whole request (session, view, commit, mail after it) from 100 threads at once:
    25 seats, 75 waiting in the order the database took them, no request refused."""
    people, seats = 100, 25
    company = make_company()
    users = [
        User(
            email=f"form{i}@example.com", name=f"报名{i}", password_hash="x", company_id=company.id
        )
        for i in range(people)
    ]
    db.session.add_all(users)
    db.session.commit()
    session_ids = [u.get_id() for u in users]
    event = make_event(capacity=seats, title="表单抢票")
    event_id = event.id
    db.session.commit()
    storm_app = create_app(
        {
            **base_config(database_url, tmp_path),
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 20, "pool_timeout": 60},
        }
    )
    barrier = threading.Barrier(people)
    answers, lock = [], threading.Lock()

    def worker(session_id: str) -> None:
        client = storm_app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
        barrier.wait()
        try:
            status = client.post(f"/events/{event_id}/register").status_code
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            status = repr(exc)
        with lock:
            answers.append(status)

    try:
        threads = [threading.Thread(target=worker, args=(sid,)) for sid in session_ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        with storm_app.app_context():
            _db.engine.dispose()
    assert answers == [302] * people
    db.session.expire_all()
    assert db.session.get(Event, event_id).taken == seats
    statuses = db.session.scalars(
        select(Registration.status).where(Registration.event_id == event_id)
    ).all()
    assert statuses.count(S.CONFIRMED) == seats and statuses.count(S.WAITING) == people - seats
    waiting = services.waiting_list(db.session.get(Event, event_id))
    ids = [unit[0].id for unit in waiting]
    assert ids == sorted(ids) and [u[0].queue_position for u in waiting] == ids
    mails = db.session.scalar(select(func.count(OutboxMessage.id)))
    assert mails == seats  # a ticket for each seat, none for those waiting


def test_a_registration_that_meets_the_busy_timeout_is_tried_again(
    app, db, make_event, people, login_as, monkeypatch
):
    """SQLite's "database is locked" after the busy timeout: nothing was written, so the
    view rolls back and tries again; the person sees the usual answer, registered once."""
    event = make_event(capacity=5)
    (person,) = people(1)
    real = services.register
    calls = []

    def locked_once(event, *, actor):
        calls.append(actor.id)
        if len(calls) == 1:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        return real(event, actor=actor)

    monkeypatch.setattr(services, "register", locked_once)
    answer = login_as(person).post(f"/events/{event.id}/register", follow_redirects=True)
    assert answer.status_code == 200 and calls == [person.id, person.id]
    assert "registered" in answer.text or "报名成功" in answer.text or "已报名" in answer.text
    db.session.expire_all()
    assert db.session.get(Event, event.id).taken == 1
    assert (
        db.session.scalar(
            select(func.count(Registration.id)).where(Registration.user_id == person.id)
        )
        == 1
    )


def test_any_other_database_error_is_not_retried(
    app, db, make_event, people, login_as, monkeypatch
):
    event = make_event(capacity=5)
    (person,) = people(1)
    calls = []

    def broken(event, *, actor):
        calls.append(actor.id)
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(services, "register", broken)
    client = login_as(person)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        answer = client.post(f"/events/{event.id}/register")
    finally:
        client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert answer.status_code == 500 and calls == [person.id]
