"""What bench modules share: a migrated throw-away app, timing, and one report format."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Timing:
    """Wall-clock times of repeated runs, in milliseconds."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def best(self) -> float:
        return min(self.samples)

    @property
    def worst(self) -> float:
        return max(self.samples)


def timed(fn: Callable[[], object], *, repeat: int = 20, warmup: int = 2) -> Timing:
    """Run `fn` `warmup` times unmeasured, then `repeat` times measured."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(samples)


def report(label: str, timing: Timing, **figures: object) -> None:
    """One line per measurement, in the format bench/README.md describes."""
    extra = "  ".join(f"{k}={v}" for k, v in figures.items())
    print(
        f"{label:<48} n={len(timing.samples):<4} median={timing.median:8.2f} ms  "
        f"p95={timing.p95:8.2f} ms  max={timing.worst:8.2f} ms  {extra}".rstrip()
    )


@contextmanager
def bench_app(**config: object) -> Iterator:
    """An Engage app on a fresh, migrated database, its app context pushed.

    SQLite in a temporary folder, or the PostgreSQL database named by
    ENGAGE_BENCH_DATABASE_URL (its tables are emptied first and after: never
    point it at a database you care about).
    """
    instance = tempfile.mkdtemp(prefix="engage-bench-")
    os.environ["ENGAGE_INSTANCE_PATH"] = instance
    os.environ.setdefault("ENGAGE_SECRET_KEY", "bench")
    from flask_migrate import upgrade

    from engage import MIGRATIONS_DIR, create_app
    from engage.extensions import db

    url = os.environ.get("ENGAGE_BENCH_DATABASE_URL") or f"sqlite:///{instance}/bench.sqlite3"
    settings = {
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "ENGAGE_MEDIA_DIR": f"{instance}/media",
        "ENGAGE_OUTBOX_DIR": f"{instance}/outbox",
    }
    settings.update(config)
    app = create_app(settings)
    try:
        with app.app_context():
            if url.startswith("postgresql"):
                _reset_postgresql(db)
            upgrade(directory=MIGRATIONS_DIR, revision="heads")
            yield app
            db.session.remove()
            if url.startswith("postgresql"):
                _reset_postgresql(db)
            db.engine.dispose()
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def _reset_postgresql(db) -> None:
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
