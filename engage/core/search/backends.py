"""The two search back-ends behind one signature: SQLite FTS5 and PostgreSQL full text.

Each finds the documents whose prepared text holds every term (CJK runs as
phrases), that the reader may see (any access tag in `tags`), optionally of
some kinds and one facet; ranks them (bm25 on SQLite, ts_rank_cd on
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

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from engage.core.search.text import Term

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


def _filters(kinds: list[str] | None, facet: str | None, params: dict) -> tuple[str, list]:
    sql = ""
    binds = [bindparam("tags", expanding=True)]
    if kinds:
        sql += " AND d.kind IN :kinds"
        params["kinds"] = list(kinds)
        binds.append(bindparam("kinds", expanding=True))
    if facet:
        sql += " AND d.facet = :facet"
        params["facet"] = facet
    return sql, binds


_VISIBLE = ("EXISTS (SELECT 1 FROM search_access a "
            "WHERE a.document_id = d.id AND a.tag IN :tags)")

# One statement per search: the candidates with their scores (a CTE computed
# once), their count, and the page joined back to its documents.
_PAGE = (
    "SELECT d.id, d.kind, d.object_id, d.url, d.title, d.body, d.facet, d.updated_at, "
    "c.score, (SELECT count(*) FROM candidates) AS matched "
    "FROM (SELECT id, score FROM candidates ORDER BY score DESC, id DESC "
    "LIMIT :limit OFFSET :offset) AS c "
    "JOIN search_documents d ON d.id = c.id ORDER BY c.score DESC, c.id DESC"
)
# When the page is past the last match, the count alone.
_COUNT = "SELECT count(*) FROM candidates"


def _run(session: Session, cte: str, binds: list, params: dict, *, limit: int,
         offset: int) -> RawResult:
    params = {**params, "window": WINDOW + 1, "limit": limit, "offset": offset}
    rows = session.execute(text(f"{cte} {_PAGE}").bindparams(*binds), params).all()
    if rows:
        matched = rows[0].matched
    else:
        matched = session.execute(text(f"{cte} {_COUNT}").bindparams(*binds),
                                  params).scalar_one()
    return RawResult([tuple(r)[:9] for r in rows], min(matched, WINDOW), matched > WINDOW)


def fts5_match(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: every term a quoted phrase, all required.

    Terms hold only letters, digits and CJK characters (see text.parse_query),
    so the quotes cannot be broken out of; FTS5 tokenizes inside them with the
    table's own tokenizer, so `"灭火 火器"` is a phrase of bigrams and
    `"extinguishers"` is stemmed.
    """
    return " AND ".join('"' + t.prepared.replace('"', '""') + '"' for t in terms)


def search_sqlite(session: Session, terms: list[Term], tags: list[str], *,
                  kinds: list[str] | None, facet: str | None,
                  limit: int, offset: int) -> RawResult:
    params: dict = {"match": fts5_match(terms), "tags": tags}
    extra, binds = _filters(kinds, facet, params)
    # FTS5 walks its lists newest first and stops at WINDOW + 1 visible
    # matches; bm25 is computed for those only (negated: higher is better).
    cte = (
        "WITH candidates AS MATERIALIZED ("  # noqa: S608 (constant fragments)
        f"SELECT d.id AS id, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score "
        "FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH :match AND {_VISIBLE}{extra} "
        "ORDER BY search_fts.rowid DESC LIMIT :window)"
    )
    return _run(session, cte, binds, params, limit=limit, offset=offset)


def pg_tsquery(terms: list[Term]) -> tuple[str, dict]:
    """The tsquery and its parameters: every term required; CJK runs as phrases
    of character bigrams."""
    params = {f"t{i}": term.prepared for i, term in enumerate(terms)}
    return " && ".join(f"phraseto_tsquery('engage_search', :{name})" for name in params), params


def search_postgresql(session: Session, terms: list[Term], tags: list[str], *,
                      kinds: list[str] | None, facet: str | None,
                      limit: int, offset: int) -> RawResult:
    tsquery, term_params = pg_tsquery(terms)
    params: dict = {**term_params, "tags": tags}
    extra, binds = _filters(kinds, facet, params)
    # The newest WINDOW + 1 visible matches first, then
    # ts_rank_cd on those only: the inner query never ranks (nor reads the
    # vectors of) the rest. The tsquery is written out in both places so that
    # the planner sees its value and picks the plan for its selectivity.
    cte = (
        "WITH candidates AS MATERIALIZED ("  # noqa: S608 (constant fragments)
        f"SELECT m.id, ts_rank_cd(m.search_vector, {tsquery}, 1) AS score FROM ("
        "SELECT d.id, d.search_vector FROM search_documents d "
        f"WHERE d.search_vector @@ ({tsquery}) AND {_VISIBLE}{extra} "
        "ORDER BY d.id DESC LIMIT :window) AS m)"
    )
    return _run(session, cte, binds, params, limit=limit, offset=offset)


def backend_for(dialect_name: str):
    return search_postgresql if dialect_name == "postgresql" else search_sqlite
