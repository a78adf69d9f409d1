"""The two search back-ends behind one signature: SQLite FTS5 and PostgreSQL full text.

Each finds the documents whose prepared text holds every term (CJK runs as
phrases), that the reader may see (any access tag in `tags`), optionally of
some kinds and one facet; ranks them (bm25 on SQLite, ts_rank on
PostgreSQL; a title match weighs more than a body match), and returns one page
of document ids plus the total.

Both work in two steps, in one statement. First the newest matching documents
the reader may see are collected, in id order, up to WINDOW + 1: the index
serves this and stops early. Then only those are ranked. A query
matching at most WINDOW documents is ranked in full with an exact total; a
broader one (a single common character such as 安) reports "more than WINDOW"
and ranks the WINDOW newest matches, as search engines bound their work on
queries that match half the collection. See docs/search.md for the figures.

The SQL is assembled from constant fragments only; every value (the match
expression, the terms, the tags, kinds and facet) is a bound parameter.
"""
# ruff: noqa: S608 (SQL from constant fragments and placeholders: see _Sql)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from engage.core.search.text import Term, has_words

# The most matches counted exactly and ranked; past it the total reads
# "more than WINDOW" and the WINDOW newest matches are ranked.
WINDOW = 1000

# Relative weight of a match in the title against one in the body (SQLite bm25;
# PostgreSQL weighs A = 1.0 for the title and B = 0.4 for the body).
TITLE_WEIGHT = 10.0


@dataclass
class RawResult:
    rows: list  # one page: (id, kind, object_id, url, title, body, facet, updated_at, score)
    total: int  # matches, counted up to WINDOW
    capped: bool  # more than WINDOW matched


class _Sql:
    """Builds one statement in the driver's own parameter style: the SQL from
    constant fragments, every value a parameter."""

    def __init__(self, style: str):
        self.style = style  # "named" (sqlite3: :name) or "pyformat" (psycopg: %(name)s)
        self.params: dict = {}

    def param(self, name: str, value) -> str:
        self.params[name] = value
        return f":{name}" if self.style == "named" else f"%({name})s"

    def in_list(self, name: str, values: Sequence) -> str:
        """`(:name0, :name1, ...)`, for `IN`."""
        return "(" + ", ".join(self.param(f"{name}{i}", v) for i, v in enumerate(values)) + ")"


def _page_sql(sql: _Sql, cte: str, *, limit: int, offset: int) -> tuple[str, str]:
    """The page statement (candidates with their scores computed once, their
    count, and the page joined back to its documents) and, for a page past the
    last match, the count alone."""
    page = (
        f"{cte} SELECT d.id, d.kind, d.object_id, d.url, d.title, d.body, d.facet, "
        "d.updated_at, c.score, (SELECT count(*) FROM candidates) AS matched "
        "FROM (SELECT id, score FROM candidates ORDER BY score DESC, id DESC "
        f"LIMIT {sql.param('limit', limit)} OFFSET {sql.param('offset', offset)}) AS c "
        "JOIN search_documents d ON d.id = c.id ORDER BY c.score DESC, c.id DESC"
    )
    return page, f"{cte} SELECT count(*) FROM candidates"


def _run(
    session: Session, sql: _Sql, cte: str, *, limit: int, offset: int, ids_only: bool = False
) -> RawResult:
    # The statements go to the driver as written (no SQL compilation on each
    # search); SQLAlchemy's events still see them, so query counts stay true.
    connection = session.connection()
    if ids_only:
        # Every candidate's object id, newest first: no ranking, no text.
        rows = connection.exec_driver_sql(
            f"{cte} SELECT d.object_id FROM candidates c JOIN search_documents d "
            "ON d.id = c.id ORDER BY c.id DESC",
            sql.params,
        ).all()
        found = [tuple(r) for r in rows]
        return RawResult(found[:WINDOW], min(len(found), WINDOW), len(found) > WINDOW)
    page, count = _page_sql(sql, cte, limit=limit, offset=offset)
    rows = connection.exec_driver_sql(page, sql.params).all()
    # A page past the last match has no rows to carry the count: ask for it alone.
    matched = rows[0][9] if rows else connection.exec_driver_sql(count, sql.params).scalar_one()
    return RawResult([tuple(r)[:9] for r in rows], min(matched, WINDOW), matched > WINDOW)


def fts5_match(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: every term a quoted phrase, all required.

    Terms hold only letters, digits and CJK characters (see text.parse_query),
    so the quotes cannot be broken out of; FTS5 tokenizes inside them with the
    table's own tokenizer, so `"灭火 火器"` is a phrase of bigrams and
    `"extinguishers"` is stemmed.
    """
    return " AND ".join(_quoted(t.prepared) for t in terms)


def _quoted(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def fts5_loose_match(terms: list[Term]) -> str:
    """Like fts5_match, but a CJK run with dictionary words (灭火器使用) needs
    only each of its words, anywhere: `("灭火 火器" AND "使用")`."""
    return " AND ".join(
        "(" + " AND ".join(_quoted(w) for w in t.prepared_words) + ")"
        if t.words
        else _quoted(t.prepared)
        for t in terms
    )


# Added to the score of a document holding the query as typed, so that it ranks
# above every document holding only its words apart (bm25 and ts_rank stay far below).
EXACT_BOOST = 1_000_000.0


# The words-apart window is read only when the exact one is not full: past
# WINDOW exact matches, no document holding the words apart could rank in the
# window anyway. Both engines evaluate this once, before reading any row.
LOOSE_ONLY_IF = f"(SELECT count(*) FROM exact) <= {WINDOW}"


def _merged(exact: str, loose: str) -> str:
    """`candidates` from the two windows: each document once, with its best score."""
    return (
        f"WITH {exact}, {loose}, candidates AS MATERIALIZED ("
        "SELECT id, max(score) AS score FROM "
        "(SELECT id, score FROM exact UNION ALL SELECT id, score FROM loose) AS u GROUP BY id)"
    )


def _filters(sql: _Sql, kinds: list[str] | None, facet: str | None) -> str:
    extra = ""
    if kinds:
        extra += f" AND d.kind IN {sql.in_list('kind', kinds)}"
    if facet:
        extra += f" AND d.facet = {sql.param('facet', facet)}"
    return extra


def search_sqlite(
    session: Session,
    terms: list[Term],
    tags: list[str],
    *,
    kinds: list[str] | None,
    facet: str | None,
    limit: int,
    offset: int,
    ids_only: bool = False,
) -> RawResult:
    sql = _Sql("named")
    # FTS5 walks its lists newest first and stops at WINDOW + 1 visible
    # matches; bm25 is computed for those only (negated: higher is better).
    # The access check goes by the FTS rowid: joining search_documents would
    # read every candidate's (long) row, six times slower for 300 matches.
    # `+a.tag` makes it one probe of the primary key (document_id, tag) per
    # candidate, not one probe of the (tag, document_id) index per tag.
    visible = (
        "EXISTS (SELECT 1 FROM search_access a WHERE a.document_id = search_fts.rowid "
        f"AND +a.tag IN {sql.in_list('tag', tags)})"
    )
    extra = _filters(sql, kinds, facet)
    documents = ""
    if extra:
        documents = (
            f" AND EXISTS (SELECT 1 FROM search_documents d WHERE d.id = search_fts.rowid{extra})"
        )

    def window(name: str, expression: str, boost: str = "", gate: str = "") -> str:
        match = sql.param(f"match_{name}", expression)
        return (
            f"{name} AS MATERIALIZED ("
            "SELECT search_fts.rowid AS id, "
            f"-bm25(search_fts, {TITLE_WEIGHT}, 1.0){boost} AS score "
            f"FROM search_fts WHERE {gate}search_fts MATCH {match} AND {visible}{documents} "
            f"ORDER BY search_fts.rowid DESC LIMIT {sql.param('window', WINDOW + 1)})"
        )

    if has_words(terms):
        # The query as typed, and its words apart: each window newest first.
        cte = _merged(
            window("exact", fts5_match(terms), f" + {EXACT_BOOST}"),
            window("loose", fts5_loose_match(terms), gate=f"{LOOSE_ONLY_IF} AND "),
        )
    else:
        cte = "WITH " + window("candidates", fts5_match(terms))
    return _run(session, sql, cte, limit=limit, offset=offset, ids_only=ids_only)


def pg_tsquery(sql: _Sql, terms: list[Term], *, loose: bool = False) -> str:
    """The tsquery: every term required; CJK runs as phrases of character bigrams.
    `loose`: a run with dictionary words needs only each of them, anywhere."""
    prefix = "l" if loose else "t"

    def phrase(name: str, value: str) -> str:
        return f"phraseto_tsquery('engage_search', {sql.param(name, value)})"

    return " && ".join(
        "("
        + " && ".join(phrase(f"{prefix}{i}w{j}", w) for j, w in enumerate(t.prepared_words))
        + ")"
        if loose and t.words
        else phrase(f"{prefix}{i}", t.prepared)
        for i, t in enumerate(terms)
    )


def search_postgresql(
    session: Session,
    terms: list[Term],
    tags: list[str],
    *,
    kinds: list[str] | None,
    facet: str | None,
    limit: int,
    offset: int,
    ids_only: bool = False,
) -> RawResult:
    sql = _Sql("pyformat")
    # Who may find a document is checked on the row the match reads anyway
    # (its copy of the access tags), not by a probe of search_access per match.
    visible = f"d.access_tags && CAST({sql.param('tags', list(tags))} AS varchar(64)[])"
    extra = _filters(sql, kinds, facet)

    # The newest WINDOW + 1 visible matches, then ts_rank on those only: when
    # the planner collects every match first (a bitmap scan, then a sort by
    # id), ranking in the same step would rank them all, 4,000 for a common
    # phrase. ts_rank (how often the terms occur, the title weighing more)
    # rather than ts_rank_cd (how close together): like bm25 on SQLite, and a
    # fifth cheaper per match.
    def window(name: str, tsquery: str, boost: str = "", gate: str = "") -> str:
        return (
            f"{name} AS MATERIALIZED ("
            f"SELECT m.id, ts_rank(m.search_vector, {tsquery}, 1){boost} AS score FROM ("
            f"SELECT d.id, d.search_vector FROM search_documents d "
            f"WHERE {gate}d.search_vector @@ ({tsquery}) AND {visible}{extra} "
            f"ORDER BY d.id DESC LIMIT {sql.param('window', WINDOW + 1)}) AS m)"
        )

    if has_words(terms):
        # The query as typed, and its words apart: each window newest first.
        cte = _merged(
            window("exact", pg_tsquery(sql, terms), f" + {EXACT_BOOST}"),
            window("loose", pg_tsquery(sql, terms, loose=True), gate=f"{LOOSE_ONLY_IF} AND "),
        )
    else:
        cte = "WITH " + window("candidates", pg_tsquery(sql, terms))
    # Planned for this query's values every time: a prepared statement's
    # generic plan cannot know how rare the terms are, and picks the plan for
    # common ones (fifteen times slower for a rare word). psycopg prepares a
    # statement after a few runs unless told not to.
    driver: Any = session.connection().connection.driver_connection
    threshold = getattr(driver, "prepare_threshold", None)
    if threshold is not None:
        driver.prepare_threshold = None
    try:
        return _run(session, sql, cte, limit=limit, offset=offset, ids_only=ids_only)
    finally:
        if threshold is not None:
            driver.prepare_threshold = threshold


def backend_for(dialect_name: str):
    return search_postgresql if dialect_name == "postgresql" else search_sqlite
