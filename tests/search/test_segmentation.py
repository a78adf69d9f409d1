"""A Chinese query of several words finds texts holding all of them apart, below
the texts holding the query as typed; each hit shows its own document's date."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from engage.core import search
from engage.core.search.text import parse_query, segment
from tests.search.conftest import titles


def test_a_run_is_split_into_its_dictionary_words():
    assert segment("灭火器使用") == ("灭火器", "使用")
    assert segment("消防") == ()  # two characters: one word
    assert segment("灭火器的使用") == ("灭火器", "使用")  # one-character words left out
    assert segment("规范了的队") == ()  # one word left: nothing to search apart
    (term,) = parse_query("灭火器使用")
    assert term.text == "灭火器使用" and term.words == ("灭火器", "使用")


def test_a_new_gunicorn_worker_loads_the_segmenter_once_in_the_background(monkeypatch):
    """gunicorn.conf.py has each new worker load the dictionary in a thread of its own,
    so that no reader's first search waits for it; later searches load nothing again."""
    import runpy
    import threading
    from pathlib import Path

    import jieba

    from engage.core.search import text

    monkeypatch.setattr(text, "_tokenizer", None)
    loads = []
    initialize = jieba.Tokenizer.initialize

    def counted(self, *args, **kwargs):
        loads.append(1)
        return initialize(self, *args, **kwargs)

    monkeypatch.setattr(jieba.Tokenizer, "initialize", counted)
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda t: (started.append(t.name), t.run()))
    hooks = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    hooks["post_worker_init"](None)

    assert started == ["warm-up"] and loads == [1]
    assert segment("灭火器使用") == ("灭火器", "使用") and loads == [1]


def test_words_apart_are_found_below_the_exact_phrase(add_doc):
    add_doc(1, "灭火器的使用方法", "干粉灭火器怎样使用。")
    add_doc(2, "灭火器使用须知", "每月检查一次。")
    add_doc(3, "灭火器的检查", "压力表指针在绿区。")  # no 使用
    add_doc(4, "安全出口的使用", "保持畅通。")  # no 灭火器
    page = search.query("灭火器使用", user=None)
    assert titles(page) == ["灭火器使用须知", "灭火器的使用方法"]
    assert page.total == 2
    loose = page.items[1]
    assert "<mark>灭火器</mark>的<mark>使用</mark>" in str(loose.title_html)


def test_a_one_character_word_is_not_required_apart(add_doc):
    add_doc(1, "正确使用灭火器")
    add_doc(2, "灭火器的使用方法")
    assert titles(search.query("灭火器的使用", user=None)) == ["灭火器的使用方法", "正确使用灭火器"]


def test_words_apart_respect_who_may_read(add_doc, make_company, make_user):
    company = make_company()
    add_doc(1, "灭火器的使用方法", access=(f"company:{company.id}", "staff"))
    assert search.query("灭火器使用", user=None).total == 0
    other = make_user("employee", company=make_company())
    assert search.query("灭火器使用", user=other).total == 0
    own = make_user("employee", company=company)
    assert titles(search.query("灭火器使用", user=own)) == ["灭火器的使用方法"]


def test_words_apart_combine_with_other_terms(add_doc):
    add_doc(1, "灭火器的使用方法", "PPE 防护")
    add_doc(2, "灭火器的使用方法（二）", "没有英文")
    assert titles(search.query("灭火器使用 PPE", user=None)) == ["灭火器的使用方法"]


def test_the_results_page_finds_words_apart(client, add_doc):
    add_doc(1, "灭火器的使用方法")
    html = client.get("/search/?q=灭火器使用").get_data(as_text=True)
    assert "灭火器</mark>的<mark>使用" in html
    assert "Nothing found" not in html and "没有找到" not in html


def test_a_hit_shows_its_documents_date_not_the_reindex_date(client, db, demo_kind):
    from tests.search.conftest import DEMO_DOCUMENTS

    written = datetime(2025, 3, 14, 4, 0, tzinfo=UTC)
    DEMO_DOCUMENTS.append(
        search.Document(
            kind="demo",
            object_id=1,
            title="动火作业审批",
            url="/demo/1",
            access=["public"],
            updated_at=written,
        )
    )
    with time_machine.travel(datetime(2026, 11, 2, 4, 0, tzinfo=UTC), tick=False):
        search.reindex()
        db.session.commit()
    (hit,) = search.query("动火作业", user=None).items
    assert hit.updated_at == written
    html = client.get("/search/?q=动火作业&lang=en").get_data(as_text=True)
    assert "2025" in html and "2026" not in html.split("search-results", 1)[1]


def test_gunicorn_loads_the_app_and_the_dictionary_once_and_workers_open_their_own_connections(
    app, monkeypatch
):
    """gunicorn.conf.py preloads the application in the master, loads the dictionary
    there before forking, and each forked worker drops the master's connection pool."""
    import runpy
    from pathlib import Path

    from engage.core.search import text
    from engage.extensions import db

    hooks = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))
    assert hooks["preload_app"] is True

    import gc

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    monkeypatch.setattr(text, "_tokenizer", None)
    hooks["when_ready"](None)
    assert text._tokenizer is not None and frozen == [1]

    class Loaded:
        def wsgi(self):
            return app

    class Server:
        app = Loaded()

    # Dropping the test's own pool without closing it would leave its connections open:
    # record the call instead.
    disposed = []
    monkeypatch.setattr(
        type(db.engine), "dispose", lambda engine, close=True: disposed.append(close)
    )
    hooks["post_fork"](Server(), None)
    assert disposed == [False] * len(db.engines)
