"""Registration under contention: 200 people press "register" at once for 50 seats.

    python -m bench events
    ENGAGE_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<db> \
        python -m bench events

Three storms per round, each of 200 people at once: "gunicorn" posts the
register form over HTTP to gunicorn as `make serve` runs it (the project's
gunicorn.conf.py: gthread, a worker per core and one more, 4 threads each;
ENGAGE_WORKERS and ENGAGE_THREADS change them), on 127.0.0.1:ENGAGE_BENCH_PORT
(default 5107), from 200 client threads; "requests" posts it through the
whole application in this process, from 200 threads (signed-in session, CSRF
token, the view, the commit, the mail written after it, the redirect);
"service" calls the registration service alone, in its own application context
and session.
The figure is the wall time from the moment all 200 are released until the
last has answered, and the check is that exactly 50 hold seats and 150 wait,
in the order the database took them. Repeated ROUNDS times per engine.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.support import serve

PEOPLE, SEATS = 200, 50
ROUNDS = int(os.environ.get("ENGAGE_BENCH_ROUNDS", "5"))
TARGET_S = 2.0
PORT = int(os.environ.get("ENGAGE_BENCH_PORT", "5107"))
SETTLE_S = 5.0
ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(url: str, instance: str) -> subprocess.Popen:
    probe = socket.socket()
    # As gunicorn binds: the last run's connections waiting out TIME_WAIT are no server.
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", PORT))
    except OSError:
        raise RuntimeError(f"port {PORT} is in use: set ENGAGE_BENCH_PORT to a free one") from None
    finally:
        probe.close()
    env = {
        **os.environ,
        "ENGAGE_DATABASE_URL": url,
        "ENGAGE_INSTANCE_PATH": instance,
        "ENGAGE_SECRET_KEY": "bench",
        "ENGAGE_OUTBOX_DIR": f"{instance}/outbox",
    }
    server = serve("engage:create_app()", PORT, env, os.path.join(instance, "gunicorn.log"))
    # Workers still settling in (the first requests of each) are not what people meet
    # who press "register" on a server that has been up a while.
    time.sleep(SETTLE_S)
    return server


def gunicorn_storm(app, event_id: int, user_ids: list[int]) -> tuple[list, list, float, float]:
    """All users post the register form at the same moment over HTTP to gunicorn, each from
    its own client thread and connection, signed in with a session cookie made here."""
    from engage.accounts.models import User
    from engage.events.registration.models import Registration
    from engage.extensions import db

    cookies = {}
    with app.app_context():
        for uid in user_ids:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = db.session.get(User, uid).get_id()
                session["_fresh"] = True
            cookies[uid] = client.get_cookie("session").value
        db.session.remove()
    barrier = threading.Barrier(len(user_ids) + 1)
    errors, lock = [], threading.Lock()

    def worker(user_id: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        cookie = f"session={cookies[user_id]}"
        conn.request("GET", f"/events/{event_id}", headers={"Cookie": cookie})
        page = conn.getresponse()
        html = page.read().decode()
        fresh = re.search(r"session=([^;]+)", page.getheader("Set-Cookie") or "")
        cookie = f"session={fresh.group(1)}" if fresh else cookie
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        body = f"csrf_token={token.group(1) if token else ''}"
        conn.close()  # gunicorn closes idle keep-alive connections after 2 s
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        barrier.wait()
        try:
            conn.request(
                "POST",
                f"/events/{event_id}/register",
                body=body,
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            answer = conn.getresponse()
            answer.read()
            if answer.status != 302:
                raise RuntimeError(f"status {answer.status}")
        except Exception as exc:  # noqa: BLE001 - reported
            with lock:
                errors.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    with app.app_context():
        outcomes = list(
            db.session.scalars(
                db.select(Registration.status).where(Registration.event_id == event_id)
            )
        )
        db.session.remove()
    return outcomes, errors, seconds, float("nan")


def storm(app, event_id: int, user_ids: list[int]) -> tuple[list, list, float, float]:
    """All users register at the same moment, each from its own thread and session."""
    from engage.accounts.models import User
    from engage.events.catalogue.models import Event
    from engage.events.registration import services
    from engage.extensions import db

    barrier = threading.Barrier(len(user_ids) + 1)
    outcomes, errors, lock = [], [], threading.Lock()

    def worker(user_id: int) -> None:
        barrier.wait()
        with app.app_context():
            try:
                reg = services.register(
                    db.session.get(Event, event_id), actor=db.session.get(User, user_id)
                )
                status = reg.status
                db.session.commit()
                with lock:
                    outcomes.append(status)
            except Exception as exc:  # noqa: BLE001 - reported
                db.session.rollback()
                with lock:
                    errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    return outcomes, errors, time.perf_counter() - started, time.process_time() - cpu


def request_storm(app, event_id: int, user_ids: list[int]) -> tuple[list, list, float, float]:
    """All users post the register form at the same moment, each from its own thread and
    test client (signed in, with the CSRF token its event page gave it)."""

    from engage.accounts.models import User
    from engage.events.registration.models import Registration
    from engage.extensions import db

    barrier = threading.Barrier(len(user_ids) + 1)
    outcomes, errors, lock = [], [], threading.Lock()
    with app.app_context():
        session_ids = {uid: db.session.get(User, uid).get_id() for uid in user_ids}
        db.session.remove()

    def worker(user_id: int) -> None:
        client, token = _signed_in(app, session_ids[user_id], event_id)
        barrier.wait()
        try:
            answer = client.post(f"/events/{event_id}/register", data={"csrf_token": token})
            if answer.status_code != 302:
                raise RuntimeError(f"status {answer.status_code}")
        except Exception as exc:  # noqa: BLE001 - reported
            with lock:
                errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with app.app_context():
        outcomes = list(
            db.session.scalars(
                db.select(Registration.status).where(Registration.event_id == event_id)
            )
        )
        db.session.remove()
    return outcomes, errors, seconds, cpu


def _signed_in(app, session_id: str, event_id: int):
    """A test client signed in as the person, and the CSRF token of the event's page."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    page = client.get(f"/events/{event_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    return client, token and token.group(1)


def in_arrival_order(app, event_id: int) -> bool:
    """The waiting list is in the order the database took the requests, each place its own."""
    from engage.events.catalogue.models import Event
    from engage.events.registration import services
    from engage.extensions import db

    with app.app_context():
        waiting = services.waiting_list(db.session.get(Event, event_id))
        ids = [unit[0].id for unit in waiting]
        places = [unit[0].queue_position for unit in waiting]
        db.session.remove()
    return ids == sorted(ids) and places == sorted(set(places))


def run(engine_name: str, url: str, instance: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from engage import MIGRATIONS_DIR, create_app
    from engage.accounts.models import Company, FunctionalArea, User
    from engage.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,  # 200 people behind one address
            "ENGAGE_MEDIA_DIR": f"{instance}/media",
            "ENGAGE_OUTBOX_DIR": f"{instance}/outbox",
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_size": int(os.environ.get("ENGAGE_BENCH_POOL", "10")),
                "max_overflow": int(os.environ.get("ENGAGE_BENCH_OVERFLOW", "20")),
                "pool_timeout": 60,
            },
        }
    )

    with app.app_context():
        if engine_name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            db.engine.dispose()
        upgrade(directory=MIGRATIONS_DIR, revision="heads")
        area = FunctionalArea(code="B1", name="压测区")
        company = Company(
            name="压测企业", uscc="91320594MA00000017", area=area, industry="manufacturing"
        )
        db.session.add_all([area, company])
        db.session.flush()
        unusable = "!"  # nobody signs in as these people
        users = [
            User(
                email=f"bench{i}@example.com",
                name=f"压测{i}",
                password_hash=unusable,
                company_id=company.id,
            )
            for i in range(PEOPLE)
        ]
        db.session.add_all(users)
        db.session.commit()
        user_ids = [u.id for u in users]
        db.session.commit()  # on SQLite even that read holds the write lock until it ends
        times: dict[str, list[float]] = {"gunicorn": [], "requests": [], "service": []}
        server = start_gunicorn(url, instance)
        try:
            rounds(engine_name, app, user_ids, times)
        finally:
            server.terminate()
            server.wait(timeout=30)
        for kind, figures in times.items():
            flag = "" if max(figures) < TARGET_S else "  OVER TARGET"
            print(
                f"[{engine_name}] {PEOPLE} {kind} for {SEATS} seats: median="
                f"{statistics.median(figures):.2f} s  max={max(figures):.2f} s{flag}"
            )
        # In a thread of its own, outside this application context, as a request is.
        counted: list = []

        def count() -> None:
            try:
                counted.append(calls_per_registration(app, user_ids))
            except Exception as exc:  # noqa: BLE001 - raised again below
                counted.append(exc)

        counter = threading.Thread(target=count)
        counter.start()
        counter.join()
        if isinstance(counted[0], Exception):
            raise counted[0]
        print(f"[{engine_name}] {counted[0]}")
        db.session.remove()
        if engine_name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()


def _new_event(title: str) -> int:
    """A published drill a week ahead with SEATS seats (inside an application context)."""
    from datetime import timedelta

    from engage.core.timeutil import utcnow
    from engage.events.catalogue.models import Event, EventKind, EventStatus
    from engage.extensions import db

    starts = utcnow() + timedelta(days=7)
    event = Event(
        title=title,
        kind=EventKind.DRILL,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=SEATS,
        taken=0,
        status=EventStatus.PUBLISHED,
        venue="广场",
        description="",
    )
    db.session.add(event)
    db.session.commit()
    event_id = event.id
    db.session.commit()
    return event_id


def calls_per_registration(app, user_ids: list[int]) -> str:
    """The Python function calls one registration makes, counted by cProfile over the
    PEOPLE registering one after another for SEATS seats (so a quarter get seats, as in
    the storms): through the service alone, and as the whole posted form (test client,
    CSRF token fetched before). Unlike the storms' seconds, it does not depend on what
    else the machine is doing; the milliseconds beside it, under the profiler, do."""
    import cProfile
    import pstats

    from engage.accounts.models import User
    from engage.events.catalogue.models import Event
    from engage.events.registration import services
    from engage.extensions import db

    with app.app_context():
        service_event = _new_event("逐个 service")
        request_event = _new_event("逐个 requests")
        session_ids = {uid: db.session.get(User, uid).get_id() for uid in user_ids}
        db.session.remove()
    clients = []
    for uid in user_ids:
        clients.append(_signed_in(app, session_ids[uid], request_event))

    def by_service() -> None:
        for uid in user_ids:
            with app.app_context():
                services.register(
                    db.session.get(Event, service_event), actor=db.session.get(User, uid)
                )
                db.session.commit()
                db.session.remove()

    def by_request() -> None:
        for client, token in clients:
            answer = client.post(f"/events/{request_event}/register", data={"csrf_token": token})
            if answer.status_code != 302:
                raise RuntimeError(f"status {answer.status_code}")

    figures = []
    for name, fn in (("service", by_service), ("request", by_request)):
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.runcall(fn)
        seconds = time.perf_counter() - started
        calls = pstats.Stats(profile).total_calls / len(user_ids)
        figures.append(f"{name} {calls:,.0f} ({seconds / len(user_ids) * 1000:.1f} ms profiled)")
    return f"Python calls per registration, {len(user_ids)} one after another: " + ", ".join(
        figures
    )


def rounds(engine_name: str, app, user_ids: list[int], times: dict[str, list[float]]) -> None:
    from engage.events.registration.models import RegistrationStatus as S

    storms = (("gunicorn", gunicorn_storm), ("requests", request_storm), ("service", storm))
    for n in range(ROUNDS):  # inside run()'s application context
        for kind, fn in storms:
            event_id = _new_event(f"演练 {n} {kind}")
            outcomes, errors, seconds, cpu = fn(app, event_id, user_ids)
            ordered = in_arrival_order(app, event_id)
            ok = (
                not errors
                and ordered
                and outcomes.count(S.CONFIRMED) == SEATS
                and outcomes.count(S.WAITING) == PEOPLE - SEATS
            )
            times[kind].append(seconds)
            print(
                f"[{engine_name}] round {n + 1} {kind:8}: {seconds:6.2f} s"
                + (f" (cpu here {cpu:5.2f} s)" if cpu == cpu else " (in gunicorn)")
                + "  confirmed="
                + f"{outcomes.count(S.CONFIRMED)} waiting={outcomes.count(S.WAITING)} "
                + f"errors={len(errors)}{'' if ok else '  WRONG'}"
                + (f"  first error: {errors[0][:120]}" if errors else ""),
                flush=True,
            )


def main() -> None:
    instance = tempfile.mkdtemp(prefix="engage-bench-events-")
    os.environ.setdefault("ENGAGE_SECRET_KEY", "bench")
    os.environ["ENGAGE_INSTANCE_PATH"] = instance
    try:
        run("sqlite", f"sqlite:///{os.path.join(instance, 'bench.sqlite3')}", instance)
        pg = os.environ.get("ENGAGE_BENCH_DATABASE_URL", "").replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
        if pg:
            run("postgresql", pg, instance)
        else:
            print("[postgresql] skipped: set ENGAGE_BENCH_DATABASE_URL to a database of its own")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
