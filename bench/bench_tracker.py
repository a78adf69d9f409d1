"""The problem library under load: 100,000 problems across 2,000 points and 500 companies.

    .venv/bin/python -m bench.bench_tracker            # SQLite (a throw-away file)
    ENGAGE_BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/engage_tracker_bench \\
        .venv/bin/python -m bench.bench_tracker        # and PostgreSQL: its schema is rebuilt

Fills the database with bulk inserts, then fetches the problem list (page 1, a
filtered page, page 500) and the dashboards (park, area, company) through Flask's
test client as a supervisor and as a company safety manager, and prints the median
of repeated runs. Target: each under 100 ms.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

PROBLEMS = int(os.environ.get("ENGAGE_BENCH_PROBLEMS", "100000"))
POINTS = 2_000
COMPANIES = 500
AREAS = 10
DEPARTMENTS = 6
CHUNK = 5_000
REPEAT = 15
TARGET_MS = 100.0

PAGES = [
    ("list page 1", "supervisor", "/problems"),
    (
        "list filtered (open, critical, by due)",
        "supervisor",
        "/problems?status=open&severity=critical&sort=due",
    ),
    ("list filtered (one company, overdue)", "supervisor", "/problems?company=7&overdue=1"),
    ("list search by number", "supervisor", f"/problems?q=P-{datetime.now(UTC).year}-00042"),
    ("list search in titles (a scan)", "supervisor", "/problems?q=隐患12345"),
    ("list page 500", "supervisor", "/problems?page=500"),
    ("list page 1, company manager", "manager", "/problems"),
    ("dashboard park", "supervisor", "/dashboard"),
    ("dashboard area", "supervisor", "/dashboard?scope=area&id=3"),
    ("dashboard company", "manager", "/dashboard"),
    ("my work", "manager", "/my-work"),
]


def _pg_url() -> str | None:
    url = os.environ.get("ENGAGE_BENCH_DATABASE_URL", "").replace(
        "postgresql://", "postgresql+psycopg://", 1
    )
    if not url:
        return None
    name = make_url(url).database
    if name in (None, "", "test", "postgres"):
        raise SystemExit(f"refusing to rebuild the database {name!r}: give the bench its own")
    return url


def _prepare_postgresql(url: str) -> None:
    """Create the bench database when missing, then empty its public schema."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _app(url: str, instance: str):
    os.environ["ENGAGE_INSTANCE_PATH"] = instance
    os.environ.setdefault("ENGAGE_SECRET_KEY", "bench-secret-key")
    from engage import MIGRATIONS_DIR, create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "TESTING": True,
            "ENGAGE_MEDIA_DIR": os.path.join(instance, "media"),
            "ENGAGE_OUTBOX_DIR": os.path.join(instance, "outbox"),
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=MIGRATIONS_DIR)
    return app


def fill(db) -> dict:
    """Bulk-insert the park: areas, companies, departments, points, people, problems."""
    from engage.accounts import uscc
    from engage.accounts.models import (
        Company,
        CompanyRole,
        Department,
        FunctionalArea,
        PlatformRole,
        User,
    )
    from engage.tracker.models import (
        OPEN_STATUSES,
        Point,
        PointKind,
        Problem,
        ProblemCategory,
        ProblemCounter,
        ProblemSource,
        ProblemStatus,
        Severity,
    )

    rng = random.Random(42)
    now = datetime.now(UTC)
    session = db.session
    session.execute(
        insert(FunctionalArea),
        [
            {"id": i, "code": f"BA{i}", "name": f"功能区{i}", "created_at": now, "updated_at": now}
            for i in range(1, AREAS + 1)
        ],
    )
    session.execute(
        insert(Company),
        [
            {
                "id": i,
                "name": f"压测企业{i:03d}有限公司",
                "uscc": uscc.complete(f"91320594MB{i:07d}"),
                "area_id": 1 + i % AREAS,
                "industry": "manufacturing",
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "is_active": True,
            }
            for i in range(1, COMPANIES + 1)
        ],
    )
    session.execute(
        insert(Department),
        [
            {"id": i, "code": f"BD{i}", "name": f"部门{i}", "created_at": now, "updated_at": now}
            for i in range(1, DEPARTMENTS + 1)
        ],
    )
    session.execute(
        insert(Point),
        [
            {
                "id": i,
                "company_id": 1 + (i - 1) % COMPANIES,
                "kind": PointKind.SITE,
                "name": f"点位{i}",
                "code": f"BP{i:08d}",
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "active": True,
                "scan_count": 0,
            }
            for i in range(1, POINTS + 1)
        ],
    )
    password = "x"  # noqa: S105  (nobody signs in with a password here)
    session.execute(
        insert(User),
        [
            {
                "id": 1,
                "email": "supervisor@bench.invalid",
                "name": "监管员",
                "password_hash": password,
                "platform_role": PlatformRole.SUPERVISOR,
                "created_at": now,
                "updated_at": now,
                "session_token": "bench-1",
                "active": True,
            },
            {
                "id": 2,
                "email": "manager@bench.invalid",
                "name": "安全员",
                "password_hash": password,
                "company_id": 7,
                "company_role": CompanyRole.SAFETY_MANAGER,
                "created_at": now,
                "updated_at": now,
                "session_token": "bench-2",
                "active": True,
            },
        ],
    )
    # One safety manager per company (ids 100 + company), reporting peers' problems.
    session.execute(
        insert(User),
        [
            {
                "id": 100 + c,
                "email": f"sm{c}@bench.invalid",
                "name": f"安全员{c}",
                "password_hash": password,
                "company_id": c,
                "company_role": CompanyRole.SAFETY_MANAGER,
                "created_at": now,
                "updated_at": now,
                "session_token": f"bench-{100 + c}",
                "active": True,
            }
            for c in range(1, COMPANIES + 1)
        ],
    )
    statuses = list(ProblemStatus)
    weights = [8, 8, 12, 6, 55, 5, 6]
    severities, categories, sources = list(Severity), list(ProblemCategory), list(ProblemSource)
    seq_by_year: dict[int, int] = {}
    rows = []
    started = time.perf_counter()
    ages = sorted((rng.random() ** 1.5 * 730 for _ in range(PROBLEMS)), reverse=True)
    for i, age in enumerate(ages, start=1):
        created = now - timedelta(days=age)
        year = created.year
        seq_by_year[year] = seq_by_year.get(year, 0) + 1
        status = rng.choices(statuses, weights)[0]
        point = 1 + rng.randrange(POINTS)
        company = 1 + (point - 1) % COMPANIES
        routed = rng.random() < 0.1
        peer = 1 + rng.randrange(COMPANIES) if rng.random() < 0.6 else None
        closed = (
            created + timedelta(days=rng.uniform(0.5, 40))
            if status is ProblemStatus.CLOSED
            else None
        )
        rows.append(
            {
                "id": i,
                "number": f"P-{year}-{seq_by_year[year]:05d}",
                "year": year,
                "seq": seq_by_year[year],
                "title": f"压测隐患{i}：消防通道堵塞",
                "description": "",
                "category": rng.choice(categories),
                "severity": rng.choice(severities),
                "source": rng.choice(sources),
                "status": status,
                "point_id": point,
                "company_id": company,
                "area_id": 1 + company % AREAS,
                "location_text": "",
                "reporter_id": 100 + peer if peer else 1,
                "reporter_company_id": peer,
                "reporter_name": "",
                "reporter_phone": "",
                "assignee_id": 2 if company == 7 and i % 3 == 0 else None,
                "due_at": created + timedelta(days=rng.choice((3, 14, 30))),
                "department_id": 1 + i % DEPARTMENTS if routed else None,
                "routed_at": created if routed else None,
                "acknowledged_at": created + timedelta(hours=5)
                if routed and status not in OPEN_STATUSES[:1]
                else None,
                "escalation_stage": 0,
                "closed_at": closed,
                "days_to_close": (closed - created).total_seconds() / 86400 if closed else None,
                "created_at": created,
                "updated_at": closed or created,
                "version": 1,
            }
        )
        if len(rows) == CHUNK:
            session.execute(insert(Problem), rows)
            rows = []
    if rows:
        session.execute(insert(Problem), rows)
    session.execute(
        insert(ProblemCounter), [{"year": y, "last": n} for y, n in seq_by_year.items()]
    )
    session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does on a live park: statistics and the visibility map
        # (without which no index-only scan skips the table).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("problems", "points", "companies", "users", "departments"):
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()
    return {"fill_seconds": time.perf_counter() - started}


def measure(app, db) -> list[tuple[str, float, float]]:
    from flask import g

    from engage.accounts.models import User

    results = []
    clients = {}
    for role, user_id in (("supervisor", 1), ("manager", 2)):
        client = app.test_client()
        user = db.session.get(User, user_id)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        clients[role] = client
    for label, role, url in PAGES:
        client = clients[role]
        samples = []
        for run in range(REPEAT + 2):
            g.pop("_login_user", None)
            g.pop("unread_notifications", None)
            db.session.remove()
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if run >= 2:
                samples.append(elapsed)
        results.append((label, statistics.median(samples), max(samples)))
    return results


def run(engine_name: str, url: str, instance: str) -> list[tuple[str, float, float]]:
    from engage.extensions import db

    app = _app(url, instance)
    with app.app_context():
        info = fill(db)
        print(
            f"[{engine_name}] filled {PROBLEMS:,} problems, {POINTS:,} points, "
            f"{COMPANIES} companies in {info['fill_seconds']:.1f} s"
        )
        results = measure(app, db)
        db.session.remove()
        db.engine.dispose()
    for label, median, worst in results:
        flag = "" if median < TARGET_MS else "  OVER TARGET"
        print(f"[{engine_name}] {label:<42} median={median:8.2f} ms  max={worst:8.2f} ms{flag}")
    return results


def main() -> None:
    instance = tempfile.mkdtemp(prefix="engage-bench-tracker-")
    try:
        run("sqlite", f"sqlite:///{os.path.join(instance, 'bench.sqlite3')}", instance)
        pg = _pg_url()
        if pg:
            _prepare_postgresql(pg)
            run("postgresql", pg, instance)
        else:
            print("[postgresql] skipped: set ENGAGE_BENCH_DATABASE_URL to a database of its own")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
