"""The two search back-ends behind one signature: SQLite FTS5 and PostgreSQL full text.

Each finds the documents whose prepared text holds every term (CJK runs as
phrases), that the reader may see (any access tag in `tags`), optionally of
some kinds and one facet; ranks them (bm25 on SQLite, ts_rank_cd on
PostgreSQL; a title match weighs more than a body match), and returns one page
of document ids plus the total, counted up to a cap.

The SQL is assembled from constant fragments only; every value (the match
expression, the terms, the tags, kinds and facet) is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from engage.core.search.text import Term

# The total is counted exactly up to this many matches; beyond, the page says
# "more than 1,000" as search engines do, so that a one-character query matching
# half the site does not pay for counting every row.
COUNT_CAP = 1000

# Relative weight of a match in the title against one in the body.
TITLE_WEIGHT = 10.0


@dataclass
class RawResult:
    ids: list[tuple[int, float]]  # (document id, rank: higher is better), best first
    total: int                    # matches, counted up to COUNT_CAP + 1
    capped: bool                  # more than COUNT_CAP matched


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


def fts5_match(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: every term a quoted phrase, all required.

    Terms hold only letters, digits and CJK characters (see text.parse_query),
    so the quotes cannot be broken out of; FTS5 tokenizes inside them with the
    table's own tokenizer, so `"灭 火 器"` is a phrase and `"extinguishers"` is
    stemmed.
    """
    return " AND ".join('"' + t.prepared.replace('"', '""') + '"' for t in terms)


def search_sqlite(session: Session, terms: list[Term], tags: list[str], *,
                  kinds: list[str] | None, facet: str | None,
                  limit: int, offset: int) -> RawResult:
    params: dict = {"match": fts5_match(terms), "tags": tags}
    extra, binds = _filters(kinds, facet, params)
    where = f"search_fts MATCH :match AND {_VISIBLE}{extra}"
    ranked = text(
        f"SELECT d.id, bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score "  # noqa: S608
        f"FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid "
        f"WHERE {where} ORDER BY score, d.id DESC LIMIT :limit OFFSET :offset"
    ).bindparams(*binds)
    counted = text(
        f"SELECT count(*) FROM (SELECT 1 FROM search_fts "  # noqa: S608
        f"JOIN search_documents d ON d.id = search_fts.rowid "
        f"WHERE {where} LIMIT :cap)"
    ).bindparams(*binds)
    rows = session.execute(ranked, {**params, "limit": limit, "offset": offset}).all()
    total = session.execute(counted, {**params, "cap": COUNT_CAP + 1}).scalar_one()
    return RawResult([(r.id, -float(r.score)) for r in rows], min(total, COUNT_CAP),
                     total > COUNT_CAP)


def pg_tsquery(terms: list[Term], params: dict) -> str:
    """The tsquery: each term a phrase (CJK characters joined by <->), all required."""
    parts = []
    for i, term in enumerate(terms):
        params[f"t{i}"] = term.prepared
        parts.append(f"phraseto_tsquery('engage_search', :t{i})")
    return " && ".join(parts)


def search_postgresql(session: Session, terms: list[Term], tags: list[str], *,
                      kinds: list[str] | None, facet: str | None,
                      limit: int, offset: int) -> RawResult:
    params: dict = {"tags": tags}
    tsquery = pg_tsquery(terms, params)
    extra, binds = _filters(kinds, facet, params)
    source = (f"FROM search_documents d, (SELECT {tsquery} AS q) AS query "
              f"WHERE d.search_vector @@ query.q AND {_VISIBLE}{extra}")
    ranked = text(
        f"SELECT d.id, ts_rank_cd(d.search_vector, query.q, 1) AS score {source} "
        f"ORDER BY score DESC, d.id DESC LIMIT :limit OFFSET :offset"
    ).bindparams(*binds)
    counted = text(
        f"SELECT count(*) FROM (SELECT 1 {source} LIMIT :cap) AS matches"  # noqa: S608
    ).bindparams(*binds)
    rows = session.execute(ranked, {**params, "limit": limit, "offset": offset}).all()
    total = session.execute(counted, {**params, "cap": COUNT_CAP + 1}).scalar_one()
    return RawResult([(r.id, float(r.score)) for r in rows], min(total, COUNT_CAP),
                     total > COUNT_CAP)


def backend_for(dialect_name: str):
    return search_postgresql if dialect_name == "postgresql" else search_sqlite
