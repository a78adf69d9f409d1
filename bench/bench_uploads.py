"""Slow uploads against reads: four anonymous whistles with six large photos each, while
visitors read the demo park, through gunicorn on 127.0.0.1 (as `make serve` runs it).

    .venv/bin/python -m bench.bench_uploads          # SQLite, a throw-away instance

A demo park is loaded into a fresh instance, gunicorn is started (gthread, 2 workers,
4 threads) on ENGAGE_BENCH_PORT (default 5106), and then, together:

- four uploaders each fetch a point's public whistle form, wait the anti-spam
  minimum, and send a whistle with six photos (12 Mpx JPEGs of noise, 4 to 5 MB each);
- two readers fetch the home page, the knowledge base, an article and a point's page
  one after another until the last whistle is in.

Printed: the readers' latency (median, p95, max), the number of 5xx answers (readers
and uploaders), and each whistle's time. Targets: reads p95 under 200 ms, no 5xx.
It also times one whistle with six 6324x6324 PNGs (155 KB each) alone, with the peak
memory (RSS) of the gunicorn worker that served it.
"""

# ruff: noqa: S310, S603 - it starts its own gunicorn and fetches only http://127.0.0.1

from __future__ import annotations

import http.client
import http.cookiejar
import io
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from PIL import Image

from bench.support import Timing, report

PORT = int(os.environ.get("ENGAGE_BENCH_PORT", "5106"))
BASE = f"http://127.0.0.1:{PORT}"
UPLOADERS = 4
PHOTOS = 6
READERS = 2


def _noise_jpeg(seed: int, size=(4000, 3000)) -> bytes:
    """A 12 Mpx photo that does not compress well (as a phone's does not)."""
    noise = Image.effect_noise((size[0] // 2, size[1] // 2), 40 + seed).resize(size)
    gradient = Image.linear_gradient("L").resize(size)
    img = Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def _bomb_png() -> bytes:
    """A 6324x6324 PNG of one colour: about 155 KB on disk, 120 MB once decoded (RGB)."""
    out = io.BytesIO()
    Image.new("RGB", (6324, 6324), (200, 40, 40)).save(out, "PNG", optimize=True)
    return out.getvalue()


def _multipart(fields: dict[str, str], files: list[tuple[str, str, bytes, str]]):
    boundary = "----engage" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, data, ctype in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return match.group(1) if match else ""


def whistle(code: str, files: list[tuple[str, bytes, str]]) -> tuple[int, float]:
    """Send one anonymous whistle with `files`; (status, seconds from send to answer)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{BASE}/p/{code}/whistle", timeout=60).read().decode()
    a, b = map(int, re.search(r"(\d+)\s*\+\s*(\d+)", html.split('for="answer"', 1)[1]).groups())
    time.sleep(3.2)  # the anti-spam minimum between showing the form and sending it
    body, ctype = _multipart(
        {
            "csrf_token": _field(html, "csrf_token"),
            "challenge": _field(html, "challenge"),
            "answer": str(a + b),
            "website": "",
            "category": "housekeeping",
            "title": "Bench: photos of a leaking valve",
            "description": "Measured by the bench.",
        },
        [("photos", name, data, kind) for name, data, kind in files],
    )
    request = urllib.request.Request(
        f"{BASE}/p/{code}/whistle", data=body, method="POST", headers={"Content-Type": ctype}
    )
    started = time.perf_counter()
    try:
        response = opener.open(request, timeout=120)
        status = response.status
        response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def read_loop(
    paths: list[str], stop: threading.Event, samples: list[float], statuses: list[int]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            status = 599
        samples.append((time.perf_counter() - started) * 1000)
        statuses.append(status)
    conn.close()


def _worker_rss_peak_mb(master_pid: int) -> float:
    """The highest VmHWM among gunicorn's workers (Linux /proc)."""
    peak = 0
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if f"PPid:\t{master_pid}\n" not in status:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peak = max(peak, int(match.group(1)))
    return peak / 1024


def _start_server(instance: str, env: dict) -> subprocess.Popen:
    flask = [sys.executable, "-m", "flask", "--app", "engage"]
    subprocess.run([*flask, "db", "upgrade", "heads"], env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        _gunicorn(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait_for(server)
    return server


def _gunicorn() -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gthread",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "120",
        "--bind",
        f"127.0.0.1:{PORT}",
        "engage:create_app()",
    ]


def _wait_for(server: subprocess.Popen) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    instance = tempfile.mkdtemp(prefix="engage-bench-uploads-")
    env = {
        **os.environ,
        "ENGAGE_INSTANCE_PATH": instance,
        "ENGAGE_SECRET_KEY": "bench",
        "ENGAGE_WHISTLE_LIMIT": "1000 per minute",
    }
    env.pop("ENGAGE_DATABASE_URL", None)
    server = _start_server(instance, env)
    try:
        db = sqlite3.connect(f"{instance}/engage.sqlite3")
        code = db.execute("SELECT code FROM point_codes ORDER BY id LIMIT 1").fetchone()[0]
        article = db.execute("SELECT id FROM knowledge_articles ORDER BY id LIMIT 1").fetchone()[0]
        db.close()
        paths = ["/", "/knowledge/", f"/knowledge/articles/{article}", f"/p/{code}"]
        photos = [(f"photo-{i}.jpg", _noise_jpeg(i), "image/jpeg") for i in range(PHOTOS)]
        size_mb = statistics.mean(len(p[1]) for p in photos) / 1e6

        # Warm both workers up.
        for _ in range(8):
            for path in paths:
                urllib.request.urlopen(BASE + path, timeout=30).read()

        # The same reads with nothing uploading: how fast this machine is right now.
        stop = threading.Event()
        alone: list[float] = []
        alone_statuses: list[int] = []
        readers = [
            threading.Thread(target=read_loop, args=(paths, stop, alone, alone_statuses))
            for _ in range(READERS)
        ]
        for t in readers:
            t.start()
        time.sleep(10)
        stop.set()
        for t in readers:
            t.join()
        report(
            "uploads: the same reads, nothing uploading",
            Timing(alone),
            reads_5xx=sum(1 for s in alone_statuses if s >= 500),
        )

        stop = threading.Event()
        samples: list[float] = []
        statuses: list[int] = []
        readers = [
            threading.Thread(target=read_loop, args=(paths, stop, samples, statuses))
            for _ in range(READERS)
        ]
        results: list[tuple[int, float]] = []

        def upload() -> None:
            results.append(whistle(code, photos))

        uploaders = [threading.Thread(target=upload) for _ in range(UPLOADERS)]
        for t in readers:
            t.start()
        time.sleep(1)
        for t in uploaders:
            t.start()
        for t in uploaders:
            t.join()
        stop.set()
        for t in readers:
            t.join()
        errors = sum(1 for s in statuses if s >= 500)
        report(
            "uploads: reads while 4 whistles x 6 photos upload",
            Timing(samples),
            reads_5xx=errors,
            photo_mb=f"{size_mb:.1f}",
        )
        report(
            "uploads: the 4 whistles (send to answer)",
            Timing([r[1] * 1000 for r in results]),
            statuses=",".join(str(r[0]) for r in sorted(results)),
        )

    finally:
        server.terminate()
        server.wait(timeout=30)
    # Decoding bounds, on a fresh server so its workers' peak memory is this whistle's.
    server = subprocess.Popen(
        _gunicorn(), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(server)
        before = _worker_rss_peak_mb(server.pid)
        bomb = _bomb_png()
        status, seconds = whistle(
            code, [(f"bomb-{i}.png", bomb, "image/png") for i in range(PHOTOS)]
        )
        report(
            "uploads: one whistle, six 6324x6324 PNGs",
            Timing([seconds * 1000]),
            status=status,
            png_kb=len(bomb) // 1024,
            worker_rss_mb_before=f"{before:.0f}",
            worker_peak_rss_mb=f"{_worker_rss_peak_mb(server.pid):.0f}",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
