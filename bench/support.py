"""What bench modules share: a migrated throw-away app, timing, one report format, and
gunicorn served as `make serve` serves it."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


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


ROOT = Path(__file__).resolve().parent.parent


def serve(app: str, port: int, env: dict, log_path: str | os.PathLike) -> subprocess.Popen:
    """gunicorn under the project's gunicorn.conf.py serving `app` on 127.0.0.1:`port`,
    once it answers (any HTTP status); its output goes to `log_path`."""
    with open(log_path, "wb") as log:  # the server keeps its own copy
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn on 127.0.0.1
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                app,
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
        )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()  # noqa: S310
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"gunicorn on port {port} did not start: see {log_path}")
