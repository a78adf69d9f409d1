"""Engine set-up: SQLite pragmas and when a transaction takes the write lock; dialect helpers.

SQLite has one write lock per database. In WAL mode readers never wait for it,
but a transaction that *begins* IMMEDIATE takes it at once, so when every
transaction began IMMEDIATE, a visitor reading a page queued behind a whistle
whose six photos were being decoded, and failed after the busy timeout with
"database is locked".

A transaction that begins DEFERRED and reads takes a snapshot; when it later
writes it must upgrade, and SQLite refuses the upgrade at once (SQLITE_BUSY,
the busy handler is not consulted) when another connection holds the write
lock or has committed since the snapshot. So DEFERRED alone trades waiting
readers for failing writers. The rules here:

- A request that only reads by its method (GET, HEAD, OPTIONS) begins DEFERRED
  and never waits for a writer. Any other request, the CLI and background work
  begin IMMEDIATE: writers queue on the busy timeout and never fail to upgrade.
- When a DEFERRED transaction is about to write (a GET that records a scan or
  marks a notification read), it is restarted IMMEDIATE first: nothing was
  written yet, so only the read snapshot is dropped; the session keeps its
  objects and pending changes, and the write lock is then waited for rather
  than refused. What was read before may be older than what is written over;
  version columns and conditional updates guard what matters, as they do
  across two requests.
- A writing request whose view is marked `@reads_first` begins DEFERRED too: it
  reads (the signed-in user, the object, the permission checks) without the lock
  and takes it only at its first write, for a few guarded writes (a conditional
  UPDATE, inserts), so concurrent requests of that kind queue for milliseconds,
  not for each other's whole request. Mark only views whose writes are guarded by
  conditional updates or unique constraints, not by what they read before.
- `release_write_lock(session)`: work that takes seconds and needs no database
  (decoding, re-encoding and thumbnailing uploaded images) first gives up an
  IMMEDIATE transaction that has written nothing, so it never holds the lock
  while it works; the next write takes it again.

PostgreSQL needs none of this: readers and writers of different rows do not
wait for each other, and rows are locked only when written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Statements that only read. Anything else (INSERT, UPDATE, DELETE, REPLACE, DDL,
# SAVEPOINT) needs the write lock, or will soon.
_READ_ONLY = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN|VALUES)\b", re.IGNORECASE)
_WITH_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_MODE = "engage_tx_mode"  # on the connection's info: "deferred", "immediate" or "written"
_READS_FIRST = "engage_reads_first"
View = TypeVar("View", bound=Callable)


def reads_first(view: View) -> View:
    """Mark a writing view whose writes are few and guarded (conditional UPDATEs, unique
    constraints): on SQLite its transactions begin DEFERRED and take the write lock only
    at the first write. Put it below the route decorator."""
    setattr(view, _READS_FIRST, True)
    return view


def _begins_deferred() -> bool:
    if not has_request_context():
        return False
    if request.method in READING_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _READS_FIRST, False))


def is_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (the busy timeout ran out): nothing was
    written, so the caller may roll back and try the same change again."""
    return "database is locked" in str(exc)


def _writes(statement: str) -> bool:
    if _READ_ONLY.match(statement):
        return False
    if statement.lstrip()[:4].upper() == "WITH":
        return _WITH_WRITE.search(statement) is not None
    return True


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, a busy timeout, and the transaction rules above.

    pysqlite's own transaction handling is switched off so that this module
    says how each transaction begins.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if _begins_deferred():
            connection.exec_driver_sql("BEGIN DEFERRED")
            connection.info[_MODE] = "deferred"
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.info[_MODE] = "immediate"

    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection, cursor, statement, _params, _context, _executemany):
        mode = connection.info.get(_MODE)
        if mode is None or mode == "written" or not _writes(statement):
            return
        if mode == "deferred":
            # Restart IMMEDIATE before the first write: an upgrade could be refused.
            raw = cursor.connection
            raw.execute("ROLLBACK")
            raw.execute("BEGIN IMMEDIATE")
        connection.info[_MODE] = "written"

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection):
        connection.info.pop(_MODE, None)


def release_write_lock(session) -> bool:
    """On SQLite, give up the write lock of `session`'s transaction if it has written
    nothing and holds no pending change; True when it did (or there was nothing to
    give up). The session's objects stay as loaded; the next write waits for the lock.
    Call before long work that needs no database."""
    session = session() if callable(session) else session  # a scoped session: its Session
    if not session.in_transaction():
        return True
    if session.new or session.dirty or session.deleted:
        return False
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return True
    mode = connection.info.get(_MODE)
    if mode == "written":
        return False
    if mode == "immediate":
        raw = connection.connection.dbapi_connection
        raw.execute("ROLLBACK")
        raw.execute("BEGIN DEFERRED")
        connection.info[_MODE] = "deferred"
    return True


def is_sqlite(engine_or_session) -> bool:
    bind = getattr(engine_or_session, "bind", None) or engine_or_session
    return bind.dialect.name == "sqlite"
