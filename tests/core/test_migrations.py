"""The migrations build the schema the models describe, on each engine, and undo it."""

import re
import uuid
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from engage import MIGRATIONS_DIR, create_app
from engage.core.search.models import SearchDocument
from engage.core.search.schema import include_name
from engage.extensions import db
from tests.conftest import PG_URL, base_config


def _fresh_url(engine_name: str, tmp_path) -> tuple[str, callable]:
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}", lambda: None
    name = f"engage_migcheck_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False), drop


@contextmanager
def _fresh_database(engine_name: str, tmp_path):
    """An app context on an empty database of its own, dropped afterwards."""
    if engine_name == "postgresql" and not PG_URL:
        pytest.skip("ENGAGE_TEST_DATABASE_URL is not set")
    url, cleanup = _fresh_url(engine_name, tmp_path)
    app = create_app(base_config(url, tmp_path))
    try:
        with app.app_context():
            try:
                yield
            finally:
                db.session.remove()
                db.engine.dispose()  # a failing run must not leave a connection open
    finally:
        cleanup()


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_DIR)
    return ScriptDirectory.from_config(config)


def migration_heads() -> list[str]:
    return _scripts().get_heads()


def test_the_history_has_exactly_one_head():
    heads = migration_heads()
    assert len(heads) == 1, (
        f"the migrations have {len(heads)} heads {sorted(heads)}; there must be one. "
        "Two branches each added a revision on the same parent: set the down_revision "
        "(and the 'Revises:' line) of the one merged last to the revision id of the other, "
        "so the history stays a single line (see migrations/README; never edit a "
        "migration's revision id or operations once it is on main)"
    )


def test_each_header_names_the_revision_it_follows():
    wrong = []
    for script in _scripts().walk_revisions():
        header = re.search(r"^Revises:[ \t]*(.*)$", script.module.__doc__ or "", re.MULTILINE)
        written = header.group(1).strip() if header else None
        expected = script.down_revision or ""
        if isinstance(expected, tuple):
            expected = ", ".join(expected)
        if written != expected:
            wrong.append(f"{script.path}: 'Revises: {written}' but down_revision {expected!r}")
    assert wrong == []


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_migrations_match_the_models_and_downgrade_to_empty(engine_name, tmp_path):
    with _fresh_database(engine_name, tmp_path):
        upgrade(directory=MIGRATIONS_DIR, revision="head")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": include_name}
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"the models differ from the migrations: {diff}"
        downgrade(directory=MIGRATIONS_DIR, revision="base")
        left = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
        assert left == []


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_existing_search_documents_get_their_access_tags_copied(engine_name, tmp_path):
    with _fresh_database(engine_name, tmp_path):
        upgrade(directory=MIGRATIONS_DIR, revision="0005")
        with db.engine.begin() as conn:
            for doc_id, tags in ((1, ["public"]), (2, ["company:7", "members"]), (3, [])):
                conn.execute(
                    text(
                        "INSERT INTO search_documents (id, kind, object_id, url, indexed_at, "
                        "title, body, title_tokens, body_tokens) VALUES (:id, 'article', :id, "
                        "'/x', '2026-11-29 00:00:00', '灭火器', '', '灭 火 器', '')"
                    ),
                    {"id": doc_id},
                )
                for tag in tags:
                    conn.execute(
                        text("INSERT INTO search_access (document_id, tag) VALUES (:id, :tag)"),
                        {"id": doc_id, "tag": tag},
                    )
        upgrade(directory=MIGRATIONS_DIR, revision="head")
        copied = {d.id: d.access_tags for d in db.session.query(SearchDocument)}
        assert copied == {1: ["public"], 2: ["company:7", "members"], 3: []}


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_stored_absolute_notification_addresses_become_local_paths(engine_name, tmp_path):
    with _fresh_database(engine_name, tmp_path):
        upgrade(directory=MIGRATIONS_DIR, revision="taskforces_0001")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, name, phone, password_hash, session_token, "
                    "active, is_department_lead, created_at, updated_at) VALUES (1, "
                    "'a@example.com', '甲', '', 'x', 't', :yes, :no, '2026-12-01 00:00:00', "
                    "'2026-12-01 00:00:00')"
                ),
                {"yes": True, "no": False},
            )
            for note_id, url in (
                (1, "http://127.0.0.1:5000/whistles/7"),
                (2, "https://park.example.com/problems/P-2026-00001?x=1"),
                (3, "/events/3"),
            ):
                conn.execute(
                    text(
                        "INSERT INTO notifications (id, user_id, created_at, kind, params, url) "
                        "VALUES (:id, 1, '2026-12-01 00:00:00', 'tracker.whistle_routed', '{}', "
                        ":url)"
                    ),
                    {"id": note_id, "url": url},
                )
        upgrade(directory=MIGRATIONS_DIR, revision="head")
        with db.engine.connect() as conn:
            urls = dict(conn.execute(text("SELECT id, url FROM notifications ORDER BY id")).all())
        assert urls == {1: "/whistles/7", 2: "/problems/P-2026-00001?x=1", 3: "/events/3"}
