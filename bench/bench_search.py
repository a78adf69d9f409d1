"""Search benchmark: 50,000 documents, queries of 1, 2, 3 and 6 characters and English words.

    python -m bench.bench_search [--docs 50000] [--repeat 5] [--engines sqlite,postgresql]

SQLite always; PostgreSQL when ENGAGE_BENCH_DATABASE_URL or ENGAGE_TEST_DATABASE_URL
is set. The PostgreSQL data go into a fresh database on that server: the
database named by ENGAGE_BENCH_DATABASE_URL, else "<test database>_bench"; it is
dropped and created again (never `test` or `postgres`).

For each engine and query length it reports the median milliseconds of
search.query() (ranked first page, highlighted, plus the total count) for
common and rare queries, and for rare queries (under 1% of the documents) the
speed-up against `LIKE '%q%'` over the same documents (a table of their id,
title and body), fetching every match.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from types import SimpleNamespace

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.search_corpus import CHINESE_WORDS, ENGLISH_RARE, Corpus

GROUPS = ["1 char", "2 chars", "3 chars", "6 chars", "English word"]
PER_GROUP = 5  # queries per group and frequency class
RARE = 0.01  # "rare": matches under 1% of the documents
FORBIDDEN_DATABASES = {"test", "postgres", "template0", "template1"}


def _documents(n: int, seed: int) -> list[tuple[str, str, list[str]]]:
    corpus = Corpus(seed=seed)
    rng = random.Random(seed + 1)
    docs = []
    for title, body in corpus.documents(n):
        roll = rng.random()
        if roll < 0.85:
            access = ["public"]
        elif roll < 0.95:
            access = ["members"]
        else:
            access = [f"company:{rng.randint(1, 40)}", "staff"]
        docs.append((title, body, access))
    return docs


def _doc_frequency(docs, q: str) -> int:
    q = q.lower()
    return sum(1 for title, body, _ in docs if q in title.lower() or q in body.lower())


def choose_queries(docs, seed: int) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """Common and rare queries per group, with how many documents contain each."""
    rng = random.Random(seed)
    n = len(docs)
    sample = docs[: min(n, 10_000)]
    chars = Counter()
    for title, body, _ in sample:
        chars.update({ch for ch in title + body if "\u4e00" <= ch <= "\u9fff"})
    # Sorted before any choice: the counts come from sets, whose order changes
    # from one Python process to the next, and every run must pick the same.
    ranked_chars = sorted(chars, key=lambda c: (-chars[c], c))
    common_1 = ranked_chars[:PER_GROUP]
    rare_pool_1 = sorted(
        c for c, k in chars.items() if 0.0005 * len(sample) <= k < RARE * len(sample)
    )

    corpus = Corpus(seed=seed)
    words = {2: [], 3: []}
    for word in corpus.chinese:
        if len(word) in words:
            words[len(word)].append(word)

    def pick(candidates: list[str], want_rare: bool, count: int) -> list[tuple[str, int]]:
        chosen: list[tuple[str, int]] = []
        pool = list(candidates)
        if want_rare:
            rng.shuffle(pool)
        for q in pool:
            df = _doc_frequency(docs, q)
            if (want_rare and 0 < df < RARE * n) or (not want_rare and df >= RARE * n):
                chosen.append((q, df))
            if len(chosen) == count:
                break
        return chosen

    six = [w for w in CHINESE_WORDS if len(w) == 6]
    rare_six: list[str] = []
    while len(rare_six) < PER_GROUP * 3:
        title, body, _ = docs[rng.randrange(n)]
        runs = [r for r in body.replace("。", " ").split() if len(r) >= 8]
        if runs:
            run = rng.choice(runs)
            start = rng.randrange(len(run) - 6)
            rare_six.append(run[start : start + 6])
    english_common = ["safety", "fire", "extinguisher", "equipment", "inspection"]
    return {
        "1 char": {
            "common": pick(common_1, False, PER_GROUP),
            "rare": pick(rare_pool_1, True, PER_GROUP),
        },
        "2 chars": {
            "common": pick(words[2][:60], False, PER_GROUP),
            "rare": pick(words[2][1500:], True, PER_GROUP),
        },
        "3 chars": {
            "common": pick([w for w in CHINESE_WORDS if len(w) == 3], False, PER_GROUP),
            "rare": pick(words[3][400:], True, PER_GROUP),
        },
        "6 chars": {"common": pick(six, False, PER_GROUP), "rare": pick(rare_six, True, PER_GROUP)},
        "English word": {
            "common": pick(english_common, False, PER_GROUP),
            "rare": pick(ENGLISH_RARE, True, PER_GROUP),
        },
    }


def _postgresql_url() -> str | None:
    given = os.environ.get("ENGAGE_BENCH_DATABASE_URL")
    if given:
        url = make_url(given.replace("postgresql://", "postgresql+psycopg://", 1))
    else:
        test = os.environ.get("ENGAGE_TEST_DATABASE_URL")
        if not test:
            return None
        url = make_url(test.replace("postgresql://", "postgresql+psycopg://", 1))
        url = url.set(database=f"{url.database}_bench")
    if url.database in FORBIDDEN_DATABASES:
        raise SystemExit(f"refusing to recreate the database {url.database!r}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def _timed(fn, repeat: int) -> list[float]:
    """Milliseconds of `repeat` calls of fn, after one to warm the caches (as a
    running site has them warm). As timeit does, the garbage collector is
    paused while timing: this process holds every generated document, and a
    full collection of them would land on whichever call happens to trigger it."""
    fn()
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        gc.enable()
    return times


def run_engine(name: str, url: str, docs, queries, repeat: int, out) -> dict:
    from flask_migrate import upgrade

    from engage import MIGRATIONS_DIR, create_app
    from engage.core import search
    from engage.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    results: dict = {"groups": {}, "index_seconds": 0.0}
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        search.register_kind("bench", label="Bench")
        start = time.perf_counter()
        search.index_many(
            search.Document(
                kind="bench", object_id=i, title=title, body=body, url=f"/bench/{i}", access=access
            )
            for i, (title, body, access) in enumerate(docs, start=1)
        )
        db.session.commit()
        if name == "sqlite":
            db.session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
            db.session.commit()
        results["index_seconds"] = time.perf_counter() - start
        # The LIKE baseline reads the same documents from a table of their text
        # alone, as a LIKE-based search would store them (search_documents also
        # holds the prepared tokens and, on PostgreSQL, the vectors).
        db.session.execute(
            text("CREATE TABLE bench_like AS SELECT id, title, body FROM search_documents")
        )
        db.session.commit()
        if name == "sqlite":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        else:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in ("search_documents", "search_access", "bench_like"):
                    conn.execute(text(f"VACUUM ANALYZE {table}"))
        print(
            f"{name}: indexed {len(docs)} documents in {results['index_seconds']:.1f} s",
            file=out,
            flush=True,
        )

        reader = SimpleNamespace(
            is_authenticated=True,
            company_id=7,
            department_id=None,
            is_park_staff=False,
            is_admin=False,
        )
        like = text("SELECT id FROM bench_like WHERE title LIKE :p OR body LIKE :p")
        for group in GROUPS:
            row = results["groups"].setdefault(group, {})
            for frequency in ("common", "rare"):
                entries = []
                for q, df in queries[group][frequency]:
                    page = search.query(q, user=reader)
                    # Rare queries take a millisecond or two: more runs steady their median.
                    runs = repeat * 3 if frequency == "rare" else repeat
                    fts = _timed(lambda q=q: search.query(q, user=reader), runs)
                    entry = {
                        "q": q,
                        "df": df,
                        "total": page.total,
                        "capped": page.total_capped,
                        "ms": statistics.median(fts),
                    }
                    if frequency == "rare":
                        pattern = f"%{q}%"
                        scan = _timed(
                            lambda p=pattern: db.session.execute(like, {"p": p}).all(), repeat
                        )
                        entry["like_ms"] = statistics.median(scan)
                        entry["like_rows"] = len(db.session.execute(like, {"p": pattern}).all())
                        entry["speedup"] = entry["like_ms"] / max(entry["ms"], 1e-6)
                    entries.append(entry)
                    db.session.rollback()
                row[frequency] = entries
                for e in entries:
                    extra = (
                        f"  LIKE {e['like_ms']:.1f} ms ({e['like_rows']} rows), x{e['speedup']:.0f}"
                        if "like_ms" in e
                        else ""
                    )
                    total = f">{e['total']}" if e["capped"] else str(e["total"])
                    print(
                        f"  {name:10} {group:12} {frequency:6} {e['q']:>14}  "
                        f"in {e['df']:5} docs, found {total:>5}: {e['ms']:6.1f} ms{extra}",
                        file=out,
                        flush=True,
                    )
        search.unregister_kind("bench")
        db.session.remove()
        db.engine.dispose()
    return results


def report(all_results: dict, docs: int) -> str:
    lines = [
        f"Documents: {docs:,}. Median ms of search.query() (ranked first page of 20, "
        "highlighted, plus the total count); in brackets the share of documents the "
        "queries match.",
        "",
        "| engine | query | median ms (all) | common ms | rare ms | rare: LIKE ms | "
        "rare: speed-up vs LIKE (min / median) |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, results in all_results.items():
        for group in GROUPS:
            row = results["groups"][group]
            common = [e["ms"] for e in row["common"]]
            rare = [e["ms"] for e in row["rare"]]
            like = [e["like_ms"] for e in row["rare"]]
            speed = [e["speedup"] for e in row["rare"]]
            share_c = statistics.median(e["df"] for e in row["common"]) / docs
            share_r = statistics.median(e["df"] for e in row["rare"]) / docs
            lines.append(
                f"| {engine} | {group} | {statistics.median(common + rare):.1f} | "
                f"{statistics.median(common):.1f} ({share_c:.0%}) | "
                f"{statistics.median(rare):.1f} ({share_r:.2%}) | "
                f"{statistics.median(like):.1f} | "
                f"{min(speed):.0f}x / {statistics.median(speed):.0f}x |"
            )
    lines.append("")
    for engine, results in all_results.items():
        lines.append(
            f"Indexing 50,000 documents on {engine}: {results['index_seconds']:.0f} s."
            if docs == 50_000
            else f"Indexing {docs:,} documents on {engine}: {results['index_seconds']:.0f} s."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args(argv)

    os.environ.setdefault("ENGAGE_SECRET_KEY", "bench")
    workdir = tempfile.mkdtemp(prefix="engage-bench-search-")
    os.environ["ENGAGE_INSTANCE_PATH"] = workdir
    out = sys.stdout
    print(f"Generating {args.docs:,} documents…", file=out, flush=True)
    docs = _documents(args.docs, args.seed)
    queries = choose_queries(docs, args.seed)

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    all_results = {}
    if "sqlite" in engines:
        url = f"sqlite:///{os.path.join(workdir, 'bench.sqlite3')}"
        all_results["SQLite"] = run_engine("sqlite", url, docs, queries, args.repeat, out)
    if "postgresql" in engines:
        url = _postgresql_url()
        if url is None:
            print(
                "PostgreSQL skipped: set ENGAGE_BENCH_DATABASE_URL or ENGAGE_TEST_DATABASE_URL.",
                file=out,
            )
        else:
            all_results["PostgreSQL"] = run_engine(
                "postgresql", url, docs, queries, args.repeat, out
            )
    print("", file=out)
    print(report(all_results, args.docs), file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
