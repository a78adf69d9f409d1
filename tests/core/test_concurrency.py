"""Readers never wait for a writer, writers queue rather than fail, uploads hold no lock
while they decode, and the same file stored twice at once is stored once."""

import io
import sqlite3
import threading
import time

import pytest
from PIL import Image
from sqlalchemy import func, select, text
from werkzeug.datastructures import FileStorage

from engage.accounts.models import FunctionalArea, User
from engage.core import photos, uploads
from engage.core.uploads import MediaFile


def _jpeg(colour=(200, 30, 30), size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "JPEG")
    return buf.getvalue()


def _run(app, fn, results: list, method: str = "POST") -> threading.Thread:
    def target():
        with app.app_context(), app.test_request_context("/", method=method):
            try:
                results.append(fn())
            except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
                results.append(exc)
            finally:
                from engage.extensions import db

                db.session.remove()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_a_reader_does_not_wait_for_a_writer(app, db, client, make_area):
    make_area()
    writer = db.engine.connect()
    transaction = writer.begin()
    writer.execute(text("UPDATE functional_areas SET name = 'being renamed'"))
    answers: list = []

    def read():
        with app.app_context():
            answers.append(client.get("/knowledge/").status_code)

    reader = threading.Thread(target=read)
    started = time.monotonic()
    reader.start()
    reader.join(timeout=5)
    waited = time.monotonic() - started
    transaction.rollback()
    writer.close()
    reader.join()
    assert answers == [200]
    assert waited < 5, "a page that only reads waited for another request's write"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_concurrent_writers_queue_and_never_fail(app, db, make_area, method):
    """Each reads, pauses, then writes: a DEFERRED read that upgrades to write would be
    refused with "database is locked" on SQLite."""
    area = make_area()
    results: list = []

    def read_then_write(n):
        from engage.extensions import db as session_db

        def work():
            session_db.session.scalar(select(func.count(FunctionalArea.id)))
            time.sleep(0.05)
            session_db.session.add(FunctionalArea(code=f"W{method}{n}", name=f"写{n}"))
            session_db.session.commit()
            return "ok"

        return work

    threads = [_run(app, read_then_write(n), results, method=method) for n in range(6)]
    for thread in threads:
        thread.join()
    assert results == ["ok"] * 6
    assert db.session.scalar(select(func.count(FunctionalArea.id))) == 7
    assert db.session.get(FunctionalArea, area.id) is not None


def test_photos_are_decoded_before_the_write_lock_is_taken(
    app, db, make_user, monkeypatch, tmp_path
):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    make_user()
    path = db.engine.url.database
    free_while_decoding: list[bool] = []
    real_prepare = uploads.prepare_image

    def prepare_and_probe(file, **kw):
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            free_while_decoding.append(True)
        except sqlite3.OperationalError:
            free_while_decoding.append(False)
        finally:
            other.close()
        return real_prepare(file, **kw)

    monkeypatch.setattr(photos, "prepare_image", prepare_and_probe)

    class Field:
        errors: list = []
        data = [
            FileStorage(io.BytesIO(_jpeg((i * 40, 10, 10))), filename=f"p{i}.jpg") for i in range(3)
        ]

    with app.test_request_context("/", method="POST"):
        db.session.scalar(select(func.count(User.id)))  # a POST's first read: BEGIN IMMEDIATE
        saved = photos.save_photos(Field(), actor=None)
        db.session.commit()
    assert saved is not None and len(saved) == 3
    assert free_while_decoding == [True, True, True]
    assert db.session.scalar(select(func.count(MediaFile.id))) == 3


def test_the_same_photo_stored_twice_at_once_is_stored_once(app, db):
    with app.test_request_context("/", method="POST"):
        prepared = uploads.prepare_image(FileStorage(io.BytesIO(_jpeg()), filename="a.jpg"))
        first = uploads.record_file(prepared)
        db.session.flush()  # the first request's row, not yet committed
        results: list = []

        def second():
            from engage.extensions import db as session_db

            media = uploads.record_file(prepared)
            session_db.session.commit()
            return media.key

        thread = _run(app, second, results)
        time.sleep(0.5)
        db.session.commit()
        thread.join()
    assert results == [first.key]
    assert db.session.scalar(select(func.count(MediaFile.id))) == 1


def test_a_reads_first_view_reads_without_the_write_lock_and_takes_it_to_write(app, db):
    """A POST to a view marked @reads_first reads while another connection holds the
    write lock, and meets the lock only at its first write; other POSTs begin with it."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    from engage.core import database

    def plain():
        return ""

    def marked():
        return ""

    app.add_url_rule("/_probe/plain", "probe_plain", plain, methods=["POST"])
    app.add_url_rule(
        "/_probe/marked", "probe_marked", database.reads_first(marked), methods=["POST"]
    )
    with app.test_request_context("/_probe/plain", method="POST"):
        assert not database._begins_deferred()
    db.session.remove()
    holder = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    raw = None
    try:
        with app.test_request_context("/_probe/marked", method="POST"):
            raw = db.session.connection().connection.dbapi_connection  # BEGIN DEFERRED
            raw.execute("PRAGMA busy_timeout=200")
            started = time.monotonic()
            assert db.session.scalar(select(func.count(FunctionalArea.id))) == 0
            assert time.monotonic() - started < 0.15  # read at once, beside the writer
            db.session.add(FunctionalArea(code="Z9", name="写入"))
            with pytest.raises(Exception) as refused:  # noqa: PT011 - the driver's error
                db.session.flush()
            assert database.is_locked(refused.value)
            db.session.rollback()
    finally:
        if raw is not None:
            raw.execute(f"PRAGMA busy_timeout={15000}")
        holder.execute("ROLLBACK")
        holder.close()
        db.session.remove()
    assert db.session.scalar(select(func.count(FunctionalArea.id))) == 0
