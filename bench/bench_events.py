"""Registration under contention: 200 people press "register" at once for 50 seats.

    python -m bench events
    ENGAGE_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<db> \
        python -m bench events

Each request runs in its own thread with its own application context and
session, as under gunicorn's threads; the figure is the wall time from the
moment all 200 are released until the last has committed, and the check is
that exactly 50 hold seats and 150 wait. Repeated ROUNDS times per engine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import threading
import time

PEOPLE, SEATS = 200, 50
ROUNDS = int(os.environ.get("ENGAGE_BENCH_ROUNDS", "5"))
TARGET_S = 2.0


def storm(app, event_id: int, user_ids: list[int]) -> tuple[list, list, float]:
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
    started = time.perf_counter()
    for t in threads:
        t.join()
    return outcomes, errors, time.perf_counter() - started


def run(engine_name: str, url: str, instance: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from engage import MIGRATIONS_DIR, create_app
    from engage.accounts.models import Company, FunctionalArea, User
    from engage.core.timeutil import utcnow
    from engage.events.catalogue.models import Event, EventKind, EventStatus
    from engage.events.registration.models import RegistrationStatus as S
    from engage.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "ENGAGE_MEDIA_DIR": f"{instance}/media",
            "ENGAGE_OUTBOX_DIR": f"{instance}/outbox",
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_size": int(os.environ.get("ENGAGE_BENCH_POOL", "10")),
                "max_overflow": int(os.environ.get("ENGAGE_BENCH_OVERFLOW", "20")),
                "pool_timeout": 60,
            },
        }
    )
    from datetime import timedelta

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
        times = []
        for n in range(ROUNDS):
            starts = utcnow() + timedelta(days=7)
            event = Event(
                title=f"演练 {n}",
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
            outcomes, errors, seconds = storm(app, event_id, user_ids)
            ok = (
                not errors
                and outcomes.count(S.CONFIRMED) == SEATS
                and outcomes.count(S.WAITING) == PEOPLE - SEATS
            )
            times.append(seconds)
            print(
                f"[{engine_name}] round {n + 1}: {seconds:6.2f} s  confirmed="
                f"{outcomes.count(S.CONFIRMED)} waiting={outcomes.count(S.WAITING)} "
                f"errors={len(errors)}{'' if ok else '  WRONG'}"
                + (f"  first error: {errors[0][:120]}" if errors else "")
            )
        flag = "" if max(times) < TARGET_S else "  OVER TARGET"
        print(
            f"[{engine_name}] {PEOPLE} requests for {SEATS} seats: median="
            f"{statistics.median(times):.2f} s  max={max(times):.2f} s{flag}"
        )
        db.session.remove()
        if engine_name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()


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
