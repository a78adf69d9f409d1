"""gunicorn's settings for Engage, read by `make serve` and by the load bench (bench/bench_load.py).

    .venv/bin/gunicorn --config gunicorn.conf.py 'engage:create_app()'

Workers and threads come from the machine's cores unless ENGAGE_WORKERS and
ENGAGE_THREADS say otherwise; ENGAGE_HOST and ENGAGE_PORT give the address
(`--bind` on the command line wins). docs/deploy.md says how to choose them.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_host = os.environ.get("ENGAGE_HOST", "127.0.0.1").strip() or "127.0.0.1"
if ":" in _host and not _host.startswith("["):
    _host = f"[{_host}]"
bind = f"{_host}:{_int('ENGAGE_PORT', 5000)}"

# Threads let a worker overlap one request's database wait with another's Python;
# the Python itself runs one thread at a time per process (the GIL), so the
# processes, one per core and one more, are what use the cores.
worker_class = "gthread"
workers = _int("ENGAGE_WORKERS", _cores() + 1)
threads = _int("ENGAGE_THREADS", 4)

# A worker is replaced after 5,000 to 7,500 requests, so slow leaks never add up.
# The jitter is wide on purpose: workers share the load evenly, and with a jitter
# of a tenth all of them reached their limit within a fraction of a second and
# booted together, the site answering nothing for the seconds a boot takes (seen
# in the load bench). Half the limit spreads their restarts over minutes.
max_requests = _int("ENGAGE_MAX_REQUESTS", 5000)
max_requests_jitter = max(1, max_requests // 2) if max_requests else 0

# A whistle with six phone photos is decoded and re-encoded in its request.
timeout = _int("ENGAGE_WORKER_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5


# The application, and the Chinese word segmenter's dictionary, are loaded once in
# gunicorn's master before it forks the workers: a worker, at start or when it
# replaces one after max_requests, answers at once with everything loaded (a worker
# that loaded them itself spent two seconds of CPU doing so, slowing the others'
# requests, each time one was replaced), and the workers share that memory. New code
# therefore needs a restart of the master, not `kill -HUP` (docs/deploy.md).
preload_app = True


def when_ready(server) -> None:
    """In the master, after the application is loaded and before any worker is forked."""
    import gc

    from engage.core.search.text import warm_up

    warm_up()
    # What is loaded now lives as long as the workers: the collector leaves it alone, so
    # the workers' collections do not write to (and so copy) the pages they share.
    gc.freeze()


def post_fork(server, worker) -> None:
    """A forked worker forgets the database connections it inherited from the master
    (without closing them: they are the master's), and opens its own."""
    app = server.app.wsgi()
    database = getattr(app, "extensions", {}).get("sqlalchemy")  # Flask-SQLAlchemy's
    if database is None:
        return
    with app.app_context():
        for engine in database.engines.values():
            engine.dispose(close=False)


def post_worker_init(worker) -> None:
    """A new worker loads the Chinese word segmenter in the background (about a second)
    unless the master already has (preload_app), so that the first search of three
    Chinese characters it answers does not wait for the dictionary (seen in the load
    bench: a p95 of 3.9 s for those searches)."""
    import threading

    from engage.core.search.text import warm_up

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
