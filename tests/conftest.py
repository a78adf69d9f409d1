"""Fixtures: every test runs on SQLite and, when ENGAGE_TEST_DATABASE_URL is set, PostgreSQL.

The schema is made once per engine by the migrations (so tests see exactly what
a deployment gets) and the app is built once per engine; after each test every
table is emptied and the app's config restored.
"""

from __future__ import annotations

import copy
import itertools
import os
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
import time_machine
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

_INSTANCE = tempfile.mkdtemp(prefix="engage-test-instance-")
os.environ["ENGAGE_INSTANCE_PATH"] = _INSTANCE
os.environ.setdefault("ENGAGE_SECRET_KEY", "test-secret-key")
os.environ.pop("ENGAGE_DATABASE_URL", None)
os.environ.pop("ENGAGE_REDIS_URL", None)
os.environ.pop("ENGAGE_SMTP_HOST", None)

from engage import MIGRATIONS_DIR, create_app  # noqa: E402
from engage.accounts import uscc  # noqa: E402
from engage.accounts.models import (  # noqa: E402
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.core.cache import cache, marks  # noqa: E402
from engage.extensions import db as _db  # noqa: E402
from engage.extensions import limiter  # noqa: E402

PG_URL = os.environ.get("ENGAGE_TEST_DATABASE_URL", "").replace(
    "postgresql://", "postgresql+psycopg://", 1
)
ENGINES = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "correct-horse-42"
# The test people's password: a real scrypt hash, with a smaller work factor than the
# app's own (werkzeug reads the factor from the hash), so signing in through the form
# costs milliseconds. Passwords the app sets itself keep the full factor.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
_counter = itertools.count(1)


def _test_now() -> datetime | None:
    """ENGAGE_TEST_NOW=2028-02-29T12:00+08:00 runs every test as if it began then
    (the clock keeps ticking from there); without an offset the time is UTC."""
    given = os.environ.get("ENGAGE_TEST_NOW", "").strip()
    if not given:
        return None
    moment = datetime.fromisoformat(given)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


TEST_NOW = _test_now()


@pytest.fixture(autouse=True)
def _clock():
    """The suite must pass on any date: ENGAGE_TEST_NOW moves every test's clock there."""
    if TEST_NOW is None:
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


def _compile_catalogues() -> None:
    """Tests read the catalogues as `make` compiles them."""
    root = Path(__file__).resolve().parent.parent / "engage" / "translations"
    for po_path in root.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as f:
            catalog = read_po(f)
        with mo_path.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=True)


_compile_catalogues()


def reset_postgresql(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def base_config(url: str, tmp: Path) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "ENGAGE_MEDIA_DIR": str(tmp / "media"),
        "ENGAGE_OUTBOX_DIR": str(tmp / "outbox"),
        "SERVER_NAME": None,
    }


def _test_pragmas(engine) -> None:
    """Tests only: SQLite need not wait for the disk, a crash loses nothing worth keeping."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


class SharedApp:
    """The app the tests on one engine share. Building one costs a fifth of a second
    (werkzeug compiles every URL rule), so it is built once; a test that adds a route
    of its own gets it, and the next test gets a new app."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.app: Flask | None = None
        self.tables: list[str] = []
        self.order: list[str] | None = None
        self._routes: tuple = ()

    def get(self) -> Flask:
        if self.app is None:
            self.app = create_app(base_config(self.url, self.folder))
            self.app.test_client_class = IsolatedClient
            with self.app.app_context():
                _test_pragmas(_db.engine)
            self._routes = _routes(self.app)
        return self.app

    def done(self, app: Flask) -> None:
        """After a test: an app whose routes the test changed is shared no further."""
        if _routes(app) != self._routes:
            self.close()

    def close(self) -> None:
        if self.app is not None:
            with self.app.app_context():
                _db.engine.dispose()
            self.app = None


def _routes(app: Flask) -> tuple:
    return tuple(sorted(app.view_functions)), sum(1 for _ in app.url_map.iter_rules())


@pytest.fixture(scope="session", params=ENGINES)
def shared_app(request, tmp_path_factory):
    """Per engine, a migrated, empty database and the app the session's tests share."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'engage.sqlite3'}"
    else:
        url = PG_URL
        reset_postgresql(url)
    shared = SharedApp(url, tmp_path_factory.mktemp("app"))
    with shared.get().app_context():
        from flask_migrate import upgrade

        upgrade(directory=MIGRATIONS_DIR, revision="head")
        _db.session.remove()
        shared.tables = _tables(_db.engine)
        shared.order = delete_order(_db.engine, shared.tables)
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def database_url(shared_app) -> str:
    """The session's migrated database, for tests that build an app of their own."""
    return shared_app.url


def _tables(engine) -> list[str]:
    names = inspect(engine).get_table_names()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type='table'"))
            virtual = [n for n, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL")]
        shadow = {n for n in names for v in virtual if n.startswith(v + "_")}
        names = [n for n in names if n not in shadow] + [v for v in virtual if v not in names]
    return [n for n in names if n != "alembic_version" and not n.startswith("sqlite_")]


class DeleteOrder(list):
    """Tables in an order DELETE can empty them, and `untie`: the (table, columns) whose
    references go round in a circle (an album's cover photo, a photo's album), set to
    NULL first."""

    untie: list[tuple[str, list[str]]]


def delete_order(engine, tables: list[str]) -> DeleteOrder | None:
    """The tables, each before those it refers to, so DELETEs in this order break no
    foreign key. A circle of references is untied at a nullable column; None when no
    column of the circle may be NULL."""
    inspector = inspect(engine)
    fks = {
        t: [fk for fk in inspector.get_foreign_keys(t) if fk["referred_table"] != t] for t in tables
    }
    nullable = {t: {c["name"] for c in inspector.get_columns(t) if c["nullable"]} for t in tables}
    refers_to = {t: {fk["referred_table"] for fk in fks[t]} for t in tables}
    untie: list[tuple[str, list[str]]] = []
    while True:
        try:
            order = list(TopologicalSorter(refers_to).static_order())
            break
        except CycleError as exc:
            cycle = exc.args[1]  # each node refers to... is referred to by the next
            for referred, table in zip(cycle, cycle[1:], strict=False):
                links = [fk for fk in fks[table] if fk["referred_table"] == referred]
                columns = [c for fk in links for c in fk["constrained_columns"]]
                if links and all(c in nullable[table] for c in columns):
                    refers_to[table].discard(referred)
                    untie.append((table, columns))
                    break
            else:
                return None
    result = DeleteOrder(t for t in reversed(order) if t in refers_to)
    result.untie = untie
    return result


def empty_database(engine, tables: list[str] | None = None, order: list[str] | None = None) -> None:
    """Empty every table. PostgreSQL: a TRUNCATE of every table costs tens of
    milliseconds or more (new files for each table and index), so the tables a test
    filled (one statement finds them) are emptied with DELETE in `order`, and every
    sequence a test used starts again at 1, as after TRUNCATE ... RESTART IDENTITY."""
    tables = _tables(engine) if tables is None else tables
    if not tables:
        return
    if engine.dialect.name != "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
            for table in tables:
                conn.exec_driver_sql(f'DELETE FROM "{table}"')
        return
    if order is not None:
        try:
            with engine.begin() as conn:
                filled = {
                    name
                    for (name,) in conn.execute(
                        text(
                            " UNION ALL ".join(
                                f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables
                            )
                        )
                    )
                }
                for table, columns in getattr(order, "untie", []):
                    if table in filled:
                        conn.execute(
                            text(
                                f'UPDATE "{table}" SET '
                                + ", ".join(f'"{c}" = NULL' for c in columns)
                            )
                        )
                for table in order:
                    if table in filled:
                        conn.execute(text(f'DELETE FROM "{table}"'))
                conn.execute(
                    text(
                        "SELECT setval((quote_ident(schemaname) || '.' "
                        "|| quote_ident(sequencename))"
                        "::regclass, 1, false) FROM pg_sequences "
                        "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                    )
                )
            return
        except IntegrityError:
            pass  # a reference DELETE cannot untie: TRUNCATE does
    with engine.begin() as conn:
        quoted = ", ".join(f'"{t}"' for t in tables)
        conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production: a fresh `g`
    (the signed-in user, per-request caches) and a fresh database session. Afterwards
    the test's own session forgets what it had loaded, so it reads what the request
    committed."""

    def open(self, *args, **kwargs):
        _db.session.commit()  # end the test's transaction, as another client's would end
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture
def app(shared_app, tmp_path):
    """The shared app for one test: a fresh app context, empty media and outbox folders,
    rate limits as configured with empty counters, and afterwards an emptied database
    and the config as it was (whatever the test changed in app.config is undone)."""
    app = shared_app.get()
    saved = copy.deepcopy(dict(app.config))
    app.config.update(
        ENGAGE_MEDIA_DIR=str(tmp_path / "media"), ENGAGE_OUTBOX_DIR=str(tmp_path / "outbox")
    )
    # A test may add a route of its own (Flask allows that only before the first
    # request, as `app.run` resets it); SharedApp.done then retires this app.
    app._got_first_request = False
    # Another app built during the session (a test's rate-limited one) switches the
    # shared limiter on; each test starts from this app's own setting, counters empty.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]
    try:
        with app.app_context():
            _reset_limits()
            cache.clear()  # figures kept by an earlier test's pages
            marks.clear()  # and its marks (an article counted as read today)
            try:
                yield app
            finally:
                _db.session.remove()
                empty_database(_db.engine, shared_app.tables, shared_app.order)
    finally:
        app.config.clear()
        app.config.update(saved)
        limiter.enabled = app.config["RATELIMIT_ENABLED"]
        shared_app.done(app)


def _reset_limits() -> None:
    if getattr(limiter, "_storage", None) is not None:
        limiter.reset()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def make_area(db):
    def make(name: str | None = None, **kw) -> FunctionalArea:
        n = next(_counter)
        area = FunctionalArea(code=kw.pop("code", f"A{n}"), name=name or f"功能区{n}", **kw)
        db.session.add(area)
        db.session.commit()
        return area

    return make


@pytest.fixture
def make_company(db, make_area):
    def make(name: str | None = None, area: FunctionalArea | None = None, **kw) -> Company:
        n = next(_counter)
        company = Company(
            name=name or f"测试企业{n}",
            uscc=kw.pop("uscc", uscc.complete(f"91320594MA{n:07d}")),
            area=area or make_area(),
            industry=kw.pop("industry", "manufacturing"),
            **kw,
        )
        db.session.add(company)
        db.session.commit()
        return company

    return make


@pytest.fixture
def make_department(db):
    def make(name: str | None = None, **kw) -> Department:
        n = next(_counter)
        dept = Department(code=kw.pop("code", f"D{n}"), name=name or f"部门{n}", **kw)
        db.session.add(dept)
        db.session.commit()
        return dept

    return make


@pytest.fixture
def make_user(db):
    """make_user(role=...) where role is a platform role, a company role (with company=;
    "company_admin" for a company's admin, since "admin" alone is the platform's), or
    'department' / 'department_lead' (with department=)."""

    def make(
        role: str | None = None,
        *,
        company: Company | None = None,
        department: Department | None = None,
        name: str | None = None,
        email: str | None = None,
        **kw,
    ) -> User:
        n = next(_counter)
        user = User(
            email=email or f"user{n}@example.com",
            name=name or f"用户{n}",
            password_hash=_PASSWORD_HASH,
            **kw,
        )
        if role == "company_admin":
            assert company is not None, "a company role needs company="
            user.company = company
            user.company_role = CompanyRole.ADMIN
        elif role in {r.value for r in PlatformRole}:
            user.platform_role = PlatformRole(role)
        elif role in {r.value for r in CompanyRole}:
            assert company is not None, "a company role needs company="
            user.company = company
            user.company_role = CompanyRole(role)
        elif role in {"department", "department_lead"}:
            assert department is not None, "a department member needs department="
            user.department = department
            user.is_department_lead = role == "department_lead"
        elif role is not None:
            raise ValueError(role)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login_as(client):
    """Sign `user` in on the test client (without paying for scrypt each time)."""

    def login(user: User, which=None):
        target = which or client
        with target.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return target

    return login


@pytest.fixture
def count_queries(app):
    """`with count_queries() as q: ...` then `q.count` is the SQL statements run."""

    @contextmanager
    def counting():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()
        counter.statements = []

        def before(conn, cursor, statement, *args):
            if statement.strip().upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN")):
                return
            counter.count += 1
            counter.statements.append(statement)

        engine = _db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


class Cast:
    """The people every access grid tries: the park admin, a supervisor, a grid officer,
    a department's lead and member, and companies A and B (same area) each with an admin,
    a safety manager and an employee; plus someone signed in with no company.

    `cast.who(role)` names them for parametrised grids; "anonymous" is None."""

    ROLES = (
        "anonymous",
        "newcomer",
        "a_employee",
        "a_manager",
        "a_admin",
        "b_employee",
        "b_manager",
        "b_admin",
        "dept_member",
        "dept_lead",
        "grid",
        "supervisor",
        "admin",
    )

    def who(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(make_area, make_company, make_department, make_user) -> Cast:
    c = Cast()
    c.area = make_area("一号功能区", name_en="Area One")
    c.company_a = make_company("甲企业", area=c.area)
    c.company_b = make_company("乙企业", area=c.area)
    c.department = make_department("消防救援大队")
    c.admin = make_user("admin", name="园区管理员")
    c.supervisor = make_user("supervisor", name="监管员")
    c.grid = make_user("grid_officer", name="网格员")
    c.dept_lead = make_user("department_lead", department=c.department, name="大队长")
    c.dept_member = make_user("department", department=c.department, name="值班员")
    for key, company in (("a", c.company_a), ("b", c.company_b)):
        setattr(c, f"{key}_admin", make_user("company_admin", company=company))
        setattr(c, f"{key}_manager", make_user("safety_manager", company=company))
        setattr(c, f"{key}_employee", make_user("employee", company=company))
    c.newcomer = make_user(None, name="新人")
    return c
