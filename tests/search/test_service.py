"""The search service: Chinese and English matching, ranking, filters, the index lifecycle."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from engage.core import search
from tests.search.conftest import DEMO_DOCUMENTS, titles

TITLE = "干粉灭火器的使用方法"


@pytest.mark.parametrize("q", ["火", "消防", "灭火器", "干粉灭火器的使用方法", "使用方法"])
def test_chinese_queries_of_any_length_find_the_title(add_doc, q):
    add_doc(1, TITLE if q != "消防" else "消防" + TITLE, "")
    add_doc(2, "高处作业安全带检查", "登高作业前检查安全带。")
    page = search.query(q, user=None)
    assert page.total == 1
    assert page.items[0].object_id == 1


@pytest.mark.parametrize("q", ["滅火器", "乾粉滅火器", "火", "使用方法"])
def test_traditional_characters_find_simplified_text_and_are_highlighted(add_doc, q):
    add_doc(1, TITLE, "")
    page = search.query(q, user=None)
    assert [hit.object_id for hit in page.items] == [1]
    assert "<mark>" in str(page.items[0].title_html)


def test_simplified_characters_find_traditional_text(add_doc):
    add_doc(1, "乾粉滅火器的使用方法", "消防通道")
    page = search.query("灭火器", user=None)
    assert [hit.object_id for hit in page.items] == [1]
    assert "<mark>滅火器</mark>" in str(page.items[0].title_html)


@pytest.mark.parametrize("q", ["火", "消防", "灭火器"])
def test_chinese_queries_find_body_text(add_doc, q):
    add_doc(1, "每月检查", "仓库的消防通道要保持畅通，干粉灭火器每月检查一次。")
    add_doc(2, "安全带", "登高作业前检查安全带。")
    page = search.query(q, user=None)
    assert [hit.object_id for hit in page.items] == [1]


@pytest.mark.parametrize("q", ["灭火车", "器灭", "粉干", "水"])
def test_a_chinese_phrase_that_is_not_in_the_text_finds_nothing(add_doc, q):
    add_doc(1, TITLE, "灭火器放在显眼位置。")
    assert search.query(q, user=None).total == 0


def test_english_is_case_insensitive_and_stemmed(add_doc):
    add_doc(1, "How to use a fire extinguisher", "Pull the pin, aim at the base.")
    add_doc(2, "Working at height", "Check the harness before climbing.")
    for q in ("extinguishers", "EXTINGUISHER", "Fire", "pulling", "aimed"):
        assert titles(search.query(q, user=None)) == ["How to use a fire extinguisher"], q


def test_mixed_chinese_and_english_queries_need_every_term(add_doc):
    add_doc(1, "PPE 个人防护用品的选用", "安全帽、防护眼镜和手套。")
    add_doc(2, "防护栏杆的安装", "临边防护。")
    add_doc(3, "PPE checklist", "gloves and goggles")
    assert titles(search.query("PPE 防护", user=None)) == ["PPE 个人防护用品的选用"]
    assert titles(search.query("ppe防护", user=None)) == ["PPE 个人防护用品的选用"]
    assert search.query("防护", user=None).total == 2


def test_a_title_match_ranks_above_a_body_match(add_doc):
    add_doc(1, "仓库巡查记录", "巡查时发现一只灭火器过期。")
    add_doc(2, "灭火器的检查", "每月检查压力表。")
    page = search.query("灭火器", user=None)
    assert [hit.object_id for hit in page.items] == [2, 1]
    assert page.items[0].rank >= page.items[1].rank


def test_hits_are_highlighted_and_escaped(add_doc):
    add_doc(1, "<b>灭火器</b> & 消防栓", "前言。" * 40 + "干粉<i>灭火器</i>的压力表指针应在绿区。")
    hit = search.query("灭火器", user=None).items[0]
    assert str(hit.title_html) == "&lt;b&gt;<mark>灭火器</mark>&lt;/b&gt; &amp; 消防栓"
    assert "<mark>灭火器</mark>" in hit.snippet_html
    assert "<i>" not in hit.snippet_html and "&lt;i&gt;" in hit.snippet_html
    assert hit.snippet_html.startswith("…")
    assert hit.url == "/demo/1"


def test_english_matches_are_highlighted_by_stem(add_doc):
    add_doc(1, "Fire extinguishers", "Every extinguisher is checked monthly.")
    hit = search.query("extinguisher", user=None).items[0]
    assert str(hit.title_html) == "Fire <mark>extinguishers</mark>"
    assert "<mark>extinguisher</mark>" in hit.snippet_html


def test_a_match_deep_in_a_long_body_is_the_snippet(add_doc):
    body = "前言。" * 3000 + "Check the Extinguishers monthly; 滅火器 too. " + "后记。" * 3000
    add_doc(1, "Monthly checks", body)
    hit = search.query("extinguisher 灭火器", user=None).items[0]
    assert "<mark>Extinguishers</mark>" in hit.snippet_html
    assert "<mark>滅火器</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert len(hit.snippet_html) < 400


def test_a_snippet_starts_and_ends_at_word_boundaries(add_doc):
    body = "alpha " * 30 + "fire extinguishers here " + "beta gamma " * 30
    add_doc(1, "Words", body)
    snippet = str(search.query("extinguisher", user=None).items[0].snippet_html)
    inner = snippet.strip("…")
    assert inner.split()[0] in {"alpha", "fire"} and inner.split()[-1] in {"beta", "gamma"}
    assert "<mark>extinguishers</mark>" in snippet


def test_repeated_searches_are_planned_for_their_own_terms(db, add_doc):
    """PostgreSQL would switch a prepared statement to a generic plan, which
    cannot know how rare the terms are; searches are never prepared."""
    add_doc(1, "配电箱检查", "")
    for _ in range(12):
        assert search.query("配电箱", user=None).total == 1
    if db.engine.dialect.name == "postgresql":
        prepared = db.session.execute(
            text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%candidates%'")
        ).scalar_one()
        assert prepared == 0
        driver = db.session.connection().connection.driver_connection
        assert driver.prepare_threshold is not None  # other statements still are


def test_index_replaces_the_document_and_remove_takes_it_out(db, add_doc):
    add_doc(1, "旧标题：配电箱", "")
    add_doc(1, "新标题：灭火器", "", access=("members",))
    assert search.query("配电箱", user=None).total == 0
    assert search.query("灭火器", user=None).total == 0  # now for members only
    search.remove("demo", 1)
    db.session.commit()
    assert search.query("灭火器", user=None).total == 0
    search.remove("demo", 1)  # removing twice is harmless


def test_the_index_follows_the_transaction(db, add_doc):
    search.index(
        search.Document(kind="demo", object_id=5, title="应急照明", url="/x", access=["public"])
    )
    assert search.query("应急照明", user=None).total == 1  # visible inside the transaction
    db.session.rollback()
    assert search.query("应急照明", user=None).total == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"access": []},
        {"access": [""]},
        {"access": ["x" * 65]},
        {"kind": ""},
        {"kind": "k" * 41},
        {"url": ""},
        {"url": "/" * 501},
        {"facet": "f" * 101},
        {"url": "javascript:alert(1)"},
        {"url": "//evil.example/x"},
        {"url": "https://evil.example/"},
    ],
)
def test_a_malformed_document_is_refused(demo_kind, bad):
    fields = {"kind": "demo", "object_id": 1, "title": "x", "url": "/", "access": ["public"]}
    with pytest.raises(ValueError):
        search.index(search.Document(**{**fields, **bad}))


def test_filters_by_kind_and_facet(add_doc):
    add_doc(1, "灭火器 A", facet="category:1")
    add_doc(2, "灭火器 B", facet="category:2")
    add_doc(3, "灭火器 C", kind="memo")
    assert search.query("灭火器", user=None).total == 3
    assert sorted(titles(search.query("灭火器", user=None, kinds=["demo"]))) == [
        "灭火器 A",
        "灭火器 B",
    ]
    assert titles(search.query("灭火器", user=None, kinds=["memo"])) == ["灭火器 C"]
    assert titles(search.query("灭火器", user=None, facet="category:2")) == ["灭火器 B"]
    assert search.query("灭火器", user=None, kinds=["nothing"]).total == 0
    assert search.query("灭火器", user=None, facet="category:2\x00").total == 0
    assert search.query("灭火器", user=None, kinds=["demo\x00"]).total == 0


def test_pagination_and_total(add_doc):
    for i in range(1, 26):
        add_doc(i, f"消防检查记录 {i}")
    first = search.query("消防", user=None, per_page=10)
    assert (first.total, first.pages, len(first.items)) == (25, 3, 10)
    assert first.has_next and not first.has_prev
    last = search.query("消防", user=None, per_page=10, page=3)
    assert len(last.items) == 5 and last.has_prev and not last.has_next
    seen = {
        h.object_id
        for p in (1, 2, 3)
        for h in search.query("消防", user=None, per_page=10, page=p).items
    }
    assert seen == set(range(1, 26))
    assert list(first.iter_pages()) == [1, 2, 3]
    assert search.query("消防", user=None, per_page=10, page=99).items == []


def test_the_total_is_capped(add_doc, db, monkeypatch):
    monkeypatch.setattr(search.backends, "WINDOW", 5)
    for i in range(1, 9):
        add_doc(i, f"消防 {i}")
    page = search.query("消防", user=None, per_page=2)
    assert page.total == 5 and page.total_capped and page.pages == 3


def test_reindex_rebuilds_every_registered_kind(db, add_doc):
    add_doc(1, "过时的文档")
    db.session.execute(
        search.models.SearchDocument.__table__.insert().values(
            kind="gone",
            object_id=1,
            url="/",
            title="孤儿",
            body="",
            title_tokens="孤 儿",
            body_tokens="",
            indexed_at=search.service.utcnow(),
        )
    )
    DEMO_DOCUMENTS.extend(
        search.Document(kind="demo", object_id=i, title=f"重建 {i}", url="/", access=["public"])
        for i in range(3)
    )
    counts = search.reindex()
    assert (counts["demo"], counts["memo"]) == (3, 0)
    db.session.commit()
    assert search.query("过时", user=None).total == 0
    assert search.query("孤儿", user=None).total == 0
    assert search.query("重建", user=None).total == 3


def test_tags_for_each_kind_of_reader(make_user, make_company, make_department):
    company = make_company()
    dept = make_department()
    assert search.tags_for(None) == ["public"]
    employee = make_user("employee", company=company)
    assert search.tags_for(employee) == [
        "public",
        "members",
        f"user:{employee.id}",
        f"company:{company.id}",
    ]
    assert "staff" in search.tags_for(make_user("grid_officer"))
    assert {"staff", "admin"} <= set(search.tags_for(make_user("admin")))
    assert f"department:{dept.id}" in search.tags_for(make_user("department", department=dept))


def test_the_reindex_command_rebuilds_the_index(app, db, demo_kind):
    DEMO_DOCUMENTS.append(
        search.Document(kind="demo", object_id=1, title="命令重建", url="/", access=["public"])
    )
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "demo: 1 documents indexed" in result.output
    assert search.query("命令重建", user=None).total == 1
    result = app.test_cli_runner().invoke(args=["search", "reindex", "--kind", "nope"])
    assert result.exit_code != 0 and "unknown kind" in result.output


def test_hits_carry_an_aware_updated_at(db, demo_kind):
    from datetime import UTC, datetime

    when = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    search.index(
        search.Document(
            kind="demo",
            object_id=1,
            title="安全生产月",
            url="/",
            access=["public"],
            updated_at=when,
        )
    )
    db.session.commit()
    assert search.query("安全生产月", user=None).items[0].updated_at == when
