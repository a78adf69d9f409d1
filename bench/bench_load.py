"""Pages under load: every main page through gunicorn and wrk, beside a bare Flask page.

    .venv/bin/python -m bench load                       # via the runner (make bench)
    .venv/bin/python -m bench.bench_load --help           # the options below
    .venv/bin/python -m bench.bench_load --park demo --pages home,search --duration 5

For each engine (SQLite; PostgreSQL when ENGAGE_BENCH_DATABASE_URL is set) and park
(the demo park; a large one of 100,000 problems, 50,000 articles and 2,000
companies built on top of it), it serves Engage with gunicorn under the project's
gunicorn.conf.py (as `make serve` does) on ENGAGE_BENCH_PORT (5106), and the bare
page (bench/bare_app.py: Flask + Flask-SQLAlchemy + Jinja, 20 rows, the same
engine) under the same settings on the next port. It signs the demo roles in by
posting the login form, checks each page answers 200, then drives it with wrk
(16 connections) and prints req/s, p50, p95, p99, the ratio to the bare page's
req/s (measured before and after the pages; their mean) and the SQL statements
the page sends (counted in-process: the first request, then a second one).

Parks are built once and kept: SQLite files under /tmp/engage-bench-load/, and
PostgreSQL databases named after ENGAGE_BENCH_DATABASE_URL's with `_demo_<key>` or
`_large_<key>` appended (created when missing; never point it at a database you
care about). The key changes when the migrations or the generator change.
"""

# ruff: noqa: S105, S108, S310, S603, S607 - its own servers on 127.0.0.1, the demo password

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.support import serve

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "wrk_report.lua"
CACHE = Path(os.environ.get("ENGAGE_BENCH_CACHE", "/tmp/engage-bench-load"))
PORT = int(os.environ.get("ENGAGE_BENCH_PORT", "5106"))
PASSWORD = "Engage-demo-2026"
GENERATOR_VERSION = "1"
LARGE = {"companies": 2_000, "problems": 100_000, "articles": 50_000}

ROLES = {
    "visitor": None,
    "employee": "employee@example.com",
    "safety": "safety@example.com",
    "supervisor": "supervisor@example.com",
    "admin": "admin@example.com",
    "department": "dept-fire@example.com",
}


@dataclass
class Page:
    name: str
    role: str
    path: str  # may name {problem}, {area}, {company}, {article}, {code}


PAGES = [
    Page("home visitor", "visitor", "/"),
    Page("home employee", "employee", "/"),
    Page("home safety", "safety", "/"),
    Page("home supervisor", "supervisor", "/"),
    Page("home admin", "admin", "/"),
    Page("home department", "department", "/"),
    Page("problems supervisor", "supervisor", "/problems"),
    Page("problems safety", "safety", "/problems"),
    Page("problem page supervisor", "supervisor", "/problems/{problem}"),
    Page("dashboard park supervisor", "supervisor", "/dashboard"),
    Page("dashboard area supervisor", "supervisor", "/dashboard?scope=area&id={area}"),
    Page("dashboard company supervisor", "supervisor", "/dashboard?scope=company&id={company}"),
    Page("dashboard company safety", "safety", "/dashboard"),
    Page("my work safety", "safety", "/my-work"),
    Page("knowledge home employee", "employee", "/knowledge/"),
    Page("article employee", "employee", "/knowledge/articles/{article}"),
    Page("search 1 char employee", "employee", "/search/?q=" + urllib.parse.quote("火")),
    Page("search 2 chars employee", "employee", "/search/?q=" + urllib.parse.quote("灭火")),
    Page("search 3 chars employee", "employee", "/search/?q=" + urllib.parse.quote("灭火器")),
    Page("point page visitor", "visitor", "/p/{code}"),
    Page("whistle form visitor", "visitor", "/p/{code}/whistle"),
]


@dataclass
class Result:
    rps: float
    p50: float  # milliseconds
    p95: float
    p99: float
    worst: float
    bad: int  # answers not 2xx/3xx, and socket errors
    requests: int


@dataclass
class Row:
    page: Page
    result: Result
    sql_cold: int | None = None
    sql_warm: int | None = None


@dataclass
class Run:
    engine: str
    park: str
    bare: list[Result] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def bare_rps(self) -> float:
        return statistics.mean(r.rps for r in self.bare)


# -- parks ---------------------------------------------------------------------------


def _key() -> str:
    """Changes when a migration or the generator changes: the cached parks are rebuilt."""
    names = sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    return hashlib.sha256("\n".join([GENERATOR_VERSION, *names]).encode()).hexdigest()[:10]


def _flask(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "engage", *args],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def _pg_url(base: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _pg_database(base: str, park: str) -> tuple[str, bool]:
    """(url of this park's database, whether it is already built)."""
    import sqlalchemy as sa

    parts = urllib.parse.urlsplit(base)
    name = f"{parts.path.lstrip('/')}_{park}_{_key()}"
    admin = sa.create_engine(_pg_url(base, "postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = _pg_url(base, name)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            built = conn.scalar(
                sa.text("SELECT count(*) FROM information_schema.tables WHERE table_name = :t"),
                {"t": "bench_park_built"},
            )
    finally:
        engine.dispose()
    return url, bool(built)


def prepare_park(engine: str, park: str, env: dict) -> str:
    """The database URL of a built park (built now when not cached)."""
    if engine == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"{park}-{_key()}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists():
            return url
        building = path.with_suffix(".building")
        for stale in CACHE.glob(f"{building.name}*"):
            stale.unlink()
        build_url = f"sqlite:///{building}"
    else:
        url, built = _pg_database(os.environ["ENGAGE_BENCH_DATABASE_URL"], park)
        if built:
            return url
        import sqlalchemy as sa

        eng = sa.create_engine(url)
        with eng.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        eng.dispose()
        build_url = url

    started = time.perf_counter()
    print(f"   building the {park} park on {engine} ...", flush=True)
    build_env = {**env, "ENGAGE_DATABASE_URL": build_url}
    _flask(build_env, "db", "upgrade", "heads")
    _flask(build_env, "demo")
    if park == "large":
        subprocess.run(
            [sys.executable, "-m", "bench.bench_load", "--generate-into", build_url],
            env=build_env,
            check=True,
            cwd=ROOT,
        )
    import sqlalchemy as sa

    eng = sa.create_engine(build_url)
    with eng.begin() as conn:
        conn.execute(sa.text("CREATE TABLE bench_park_built (id INTEGER PRIMARY KEY)"))
    eng.dispose()
    if engine == "sqlite":
        building.rename(path)
    print(f"   built in {time.perf_counter() - started:.0f} s", flush=True)
    return url


def generate_large(url: str) -> None:
    """Grow the demo park in `url` to LARGE's sizes with bulk inserts, then reindex search.

    Companies, problems and articles are copies of the demo's with new names,
    numbers and dates (shifted back by up to two years), spread over the
    companies; copies keep no people, events or photos, so what a demo account
    sees of its own company stays what the demo gave it plus its share of copies.
    """
    from sqlalchemy import func, insert, select

    from engage import create_app
    from engage.accounts.models import Company
    from engage.core import search
    from engage.extensions import db
    from engage.knowledge.articles.models import Article
    from engage.tracker.problems.models import Problem

    rng = random.Random(20261206)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        session = db.session

        def rows_of(model) -> list[dict]:
            table = model.__table__
            return [dict(r._mapping) for r in session.execute(select(table)).all()]

        def shifted(row: dict, days: int) -> dict:
            delta = timedelta(days=days, minutes=rng.randrange(1440))
            return {
                k: (v - delta if hasattr(v, "tzinfo") and hasattr(v, "hour") else v)
                for k, v in row.items()
            }

        companies = rows_of(Company)
        new = []
        for i in range(LARGE["companies"] - len(companies)):
            row = dict(companies[i % len(companies)])
            row.pop("id")
            row["name"] = f"{row['name']} {i + 1:04d}"
            row["name_en"] = f"{row['name_en']} {i + 1:04d}" if row["name_en"] else None
            row["uscc"] = f"9132{i:014d}"
            new.append(row)
        if new:
            session.execute(insert(Company), new)
        area_of = dict(session.execute(select(Company.id, Company.area_id)).all())
        company_ids = list(area_of)

        people = (
            "reporter_id",
            "assignee_id",
            "acknowledged_by_id",
            "rectified_by_id",
            "verified_by_id",
        )
        problems = rows_of(Problem)
        year_seq = session.execute(select(func.max(Problem.seq))).scalar() or 0
        batch = []
        for i in range(LARGE["problems"] - len(problems)):
            row = shifted(problems[i % len(problems)], rng.randrange(730))
            row.pop("id")
            company = rng.choice(company_ids)
            if company != row["company_id"]:
                row.update(dict.fromkeys(people))
                row["reporter_company_id"] = None
            row["company_id"] = company
            row["area_id"] = area_of[company]
            row["point_id"] = None
            row["duplicate_of_id"] = None
            row["seq"] = year_seq + 1 + i
            row["number"] = f"{row['year']}-L{i + 1:06d}"
            row["follow_token"] = secrets.token_urlsafe(24) if row["follow_token"] else None
            batch.append(row)
            if len(batch) == 5000:
                session.execute(insert(Problem), batch)
                batch = []
        if batch:
            session.execute(insert(Problem), batch)

        articles = rows_of(Article)
        batch = []
        for i in range(LARGE["articles"] - len(articles)):
            row = shifted(articles[i % len(articles)], rng.randrange(730))
            row.pop("id")
            row["title"] = f"{row['title']} ({i + 1})"[:200]
            if row["audience_company_id"] is not None:
                row["audience_company_id"] = rng.choice(company_ids)
            row["featured"] = False
            row["read_count"] = rng.randrange(500)
            batch.append(row)
            if len(batch) == 5000:
                session.execute(insert(Article), batch)
                batch = []
        if batch:
            session.execute(insert(Article), batch)
        session.commit()
        counts = search.reindex()
        session.commit()
        print(f"   search index: {counts}", flush=True)


def _ids(url: str) -> dict[str, str]:
    """What the page paths name: a problem, an area, a company, an article, a point."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:

            def one(sql: str) -> str:
                value = conn.scalar(sa.text(sql))
                if value is None:
                    raise RuntimeError(f"the park has nothing for: {sql}")
                return str(value)

            company = one("SELECT company_id FROM users WHERE email = 'safety@example.com'")
            return {
                "problem": one(
                    f"SELECT number FROM problems WHERE company_id = {company} ORDER BY id LIMIT 1"
                ),
                "company": company,
                "area": one(f"SELECT area_id FROM companies WHERE id = {company}"),
                "article": one(
                    "SELECT id FROM knowledge_articles WHERE status = 'published' "
                    "AND audience = 'public' ORDER BY id LIMIT 1"
                ),
                "code": one("SELECT code FROM points WHERE active ORDER BY id LIMIT 1"),
            }
    finally:
        engine.dispose()


# -- serving and driving -------------------------------------------------------------


def _serve(app: str, port: int, env: dict) -> subprocess.Popen:
    return serve(app, port, env, CACHE / f"gunicorn-{port}.log")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str) -> str:
    """The Cookie header of a session signed in by posting the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/auth/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]*)"', html)
    if token is None:
        raise RuntimeError("no CSRF token on the login form")
    body = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": PASSWORD}
    ).encode()
    # Following the redirect shows the welcome message, so later pages carry none.
    landed = opener.open(f"{base}/auth/login", data=body, timeout=30)
    if landed.geturl().rstrip("/").endswith("/auth/login"):
        raise RuntimeError(f"{email} could not sign in")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def check(base: str, path: str, cookie: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as exc:
        return exc.code


def drive(url: str, cookie: str, *, duration: int, connections: int) -> Result:
    """wrk against `url`: throughput and latency percentiles."""
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            url,
        ],
        env={**os.environ, "BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    n, us, p50, p95, p99, worst, status, errors = map(int, line.split()[1:])
    return Result(
        rps=n / (us / 1e6),
        p50=p50 / 1000,
        p95=p95 / 1000,
        p99=p99 / 1000,
        worst=worst / 1000,
        bad=status + errors,
        requests=n,
    )


def count_sql(url: str, pages: list[Page], ids: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Statements each page sends in one process: (first request, second request)."""
    from sqlalchemy import event

    from engage import create_app
    from engage.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}
    )
    counts: dict[str, tuple[int, int]] = {}
    statements = [0]

    def seen(*_args) -> None:
        statements[0] += 1

    with app.app_context():
        engine = db.engine
    # Requests run outside any pushed app context, each in its own (as under gunicorn):
    # a context held open would keep the signed-in user and other per-request values.
    event.listen(engine, "before_cursor_execute", seen)
    clients = {}
    for page in pages:
        if page.role not in clients:
            client = app.test_client()
            email = ROLES[page.role]
            if email:
                client.post("/auth/login", data={"email": email, "password": PASSWORD})
                client.get("/")
            clients[page.role] = client
        client = clients[page.role]
        figures = []
        for _ in range(2):
            statements[0] = 0
            client.get(page.path.format(**ids))
            figures.append(statements[0])
        counts[page.name] = (figures[0], figures[1])
    event.remove(engine, "before_cursor_execute", seen)
    engine.dispose()
    return counts


def run_one(engine: str, park: str, pages: list[Page], args) -> Run:
    env = {
        **os.environ,
        "ENGAGE_SECRET_KEY": "bench",
        "ENGAGE_LOGIN_LIMIT": "10000 per minute",
        "ENGAGE_INSTANCE_PATH": tempfile.mkdtemp(prefix="engage-bench-load-"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ENGAGE_DATABASE_URL", None)
    url = prepare_park(engine, park, env)
    ids = _ids(url)
    env["ENGAGE_DATABASE_URL"] = url
    env["BENCH_BARE_DATABASE_URL"] = (
        url if engine == "postgresql" else f"sqlite:///{CACHE / 'bare.sqlite3'}"
    )
    # The bare page's table, made before two workers race to make it.
    subprocess.run(
        [sys.executable, "-c", "from bench.bare_app import create_app; create_app()"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    run = Run(engine, park)
    base, bare_base = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 1}"
    bare = _serve("bench.bare_app:create_app()", PORT + 1, env)
    server = None
    try:
        server = _serve("engage:create_app()", PORT, env)
        cookies = {
            role: sign_in(base, email) if email else ""
            for role, email in ROLES.items()
            if any(p.role == role for p in pages)
        }
        for page in pages:
            path = page.path.format(**ids)
            status = check(base, path, cookies[page.role])
            if status != 200:
                raise RuntimeError(f"{page.name}: {path} answered {status}, not 200")
            for _ in range(3):  # warm the worker's caches
                check(base, path, cookies[page.role])
        drive(f"{bare_base}/", "", duration=2, connections=args.connections)  # warm up
        run.bare.append(
            drive(f"{bare_base}/", "", duration=args.duration, connections=args.connections)
        )
        for page in pages:
            result = drive(
                base + page.path.format(**ids),
                cookies[page.role],
                duration=args.duration,
                connections=args.connections,
            )
            run.rows.append(Row(page, result))
        run.bare.append(
            drive(f"{bare_base}/", "", duration=args.duration, connections=args.connections)
        )
    finally:
        if server is not None:
            _stop(server)
        _stop(bare)
        shutil.rmtree(env["ENGAGE_INSTANCE_PATH"], ignore_errors=True)
    if not args.no_sql:
        counts = count_sql(url, pages, ids)
        for row in run.rows:
            row.sql_cold, row.sql_warm = counts[row.page.name]
    return run


def print_run(run: Run) -> None:
    print(
        f"\n-- {run.engine}, {run.park} park: bare page "
        + " / ".join(f"{b.rps:.0f}" for b in run.bare)
        + f" req/s (before / after; p99 {max(b.p99 for b in run.bare):.0f} ms)"
    )
    print(
        f"{'page':<30} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'sql':>7} {'bad':>4}"
    )
    for row in run.rows:
        r = row.result
        sql = "" if row.sql_warm is None else f"{row.sql_cold}/{row.sql_warm}"
        flag = "" if r.rps / run.bare_rps >= 0.3 and r.p99 < 300 else "  <"
        print(
            f"{row.page.name:<30} {r.rps:7.0f} {r.rps / run.bare_rps:6.2f} {r.p50:7.1f} "
            f"{r.p95:7.1f} {r.p99:7.1f} {sql:>7} {r.bad:4d}{flag}"
        )


def print_growth(runs: list[Run]) -> None:
    """Large park against demo park, per engine: throughput ratio (bare-normalised)."""
    for engine in sorted({r.engine for r in runs}):
        by_park = {r.park: r for r in runs if r.engine == engine}
        if not {"demo", "large"} <= set(by_park):
            continue
        demo, large = by_park["demo"], by_park["large"]
        print(f"\n-- {engine}: demo park ratio / large park ratio (target: under 1.5)")
        large_rows = {row.page.name: row for row in large.rows}
        for row in demo.rows:
            other = large_rows.get(row.page.name)
            if other is None:
                continue
            if not other.result.rps:
                print(f"{row.page.name:<30}   no answer in time on the large park  <")
                continue
            slower = (row.result.rps / demo.bare_rps) / (other.result.rps / large.bare_rps)
            sql = ""
            if row.sql_warm is not None and other.sql_warm is not None:
                sql = f"  sql {row.sql_warm} -> {other.sql_warm}"
            flag = "" if slower < 1.5 else "  <"
            print(f"{row.page.name:<30} {slower:5.2f}x{sql}{flag}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__)
    parser.add_argument(
        "--engine",
        default=None,
        help="sqlite, postgresql or both (default: sqlite, and postgresql when "
        "ENGAGE_BENCH_DATABASE_URL is set)",
    )
    parser.add_argument("--park", default="demo,large", help="demo, large or both (demo,large)")
    parser.add_argument(
        "--pages", default="", help="only pages whose name contains one of these (comma-separated)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-sql", action="store_true", help="do not count SQL statements")
    parser.add_argument("--generate-into", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_into:
        generate_large(args.generate_into)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    engines = (args.engine or "sqlite").replace("both", "sqlite,postgresql").split(",")
    if args.engine is None and os.environ.get("ENGAGE_BENCH_DATABASE_URL"):
        engines.append("postgresql")
    if "postgresql" in engines and not os.environ.get("ENGAGE_BENCH_DATABASE_URL"):
        raise SystemExit("PostgreSQL needs ENGAGE_BENCH_DATABASE_URL")
    wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
    pages = [p for p in PAGES if not wanted or any(w in p.name for w in wanted)]
    if not pages:
        raise SystemExit("no page matches --pages")
    CACHE.mkdir(parents=True, exist_ok=True)
    print(
        f"# {args.connections} connections, {args.duration} s per page, "
        f"gunicorn.conf.py: {_gunicorn_settings()}"
    )
    runs = []
    for engine in engines:
        for park in args.park.replace("both", "demo,large").split(","):
            run = run_one(engine, park, pages, args)
            print_run(run)
            sys.stdout.flush()
            runs.append(run)
    print_growth(runs)


def _gunicorn_settings() -> str:
    spec: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), spec)  # noqa: S102 - our own settings file
    return f"{spec['workers']} workers x {spec['threads']} threads ({spec['worker_class']})"


if __name__ == "__main__":
    main()
