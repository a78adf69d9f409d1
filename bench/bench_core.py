"""Core services: Markdown, image uploads, and the audit and notification pages at size."""

from __future__ import annotations

import contextlib
import io
import struct
import zlib

from bench.support import bench_app, report, timed

ARTICLE = "\n\n".join(
    f"## 第{n}节 动火作业\n\n动火前清理周边可燃物，配备灭火器。**必须**持证上岗。\n\n"
    f"| 检查项 | 结果 |\n|---|---|\n| 灭火器 | 合格 |\n| 监护人 | 在岗 |\n\n"
    f"```\n作业票编号 DH-{n:04d}\n```\n\n[规范](https://example.com/gb{n}) <script>x</script>"
    for n in range(20)
)


def _jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.linear_gradient("L").resize((width, height)).convert("RGB").save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _pixel_bomb() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def _markdown() -> None:
    from engage.core.markdown import render

    timing = timed(lambda: render(ARTICLE), repeat=50)
    report("markdown: render a 20-section article", timing, chars=len(ARTICLE))


def _uploads() -> None:
    from werkzeug.datastructures import FileStorage

    from engage.core.uploads import UploadRejected, save_image
    from engage.extensions import db

    photo = _jpeg(3000, 2000)

    def upload(data: bytes):
        with contextlib.suppress(UploadRejected):
            save_image(FileStorage(io.BytesIO(data), filename="site.jpg"))
        db.session.rollback()

    report(
        "uploads: 3000x2000 JPEG verify+re-encode+thumb",
        timed(lambda: upload(photo), repeat=5, warmup=1),
        kb=len(photo) // 1024,
    )
    bomb = _pixel_bomb()
    report(
        "uploads: refuse a 20000x20000 pixel bomb",
        timed(lambda: upload(bomb), repeat=50),
        bytes=len(bomb),
    )


def _pages(app) -> None:
    from sqlalchemy import insert

    from engage.accounts.models import PlatformRole, User
    from engage.core.audit import AuditEntry
    from engage.core.notifications import Notification
    from engage.core.timeutil import utcnow
    from engage.extensions import db

    admin = User(
        email="bench-admin@example.com",
        name="基准管理员",
        password_hash="!",  # noqa: S106 - cannot sign in
        platform_role=PlatformRole.ADMIN,
    )
    db.session.add(admin)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = admin.get_id()
        session["_fresh"] = True

    def page(path: str):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    for total in (2, 5000):
        have = db.session.query(AuditEntry).count()
        now = utcnow()
        db.session.execute(
            insert(AuditEntry),
            [
                {
                    "actor_id": admin.id,
                    "action": f"bench.{i % 7}",
                    "object_type": "Company",
                    "object_id": i,
                    "summary": f"条目 {i}",
                    "details": {"i": i},
                    "created_at": now,
                }
                for i in range(have, total)
            ],
        )
        db.session.execute(
            insert(Notification),
            [
                {
                    "user_id": admin.id,
                    "kind": "account.join_approved",
                    "params": {"company": "甲"},
                    "url": "/",
                    "created_at": now,
                }
                for _ in range(have, total)
            ],
        )
        db.session.commit()
        report(f"pages: /admin/audit with {total} entries", timed(lambda: page("/admin/audit")))
        report(
            f"pages: /admin/audit filtered, {total} entries",
            timed(lambda: page("/admin/audit?action=bench.3&since=2020-01-01")),
        )
        report(f"pages: /notifications with {total} notes", timed(lambda: page("/notifications")))


def main() -> None:
    with bench_app() as app, app.test_request_context():
        _markdown()
        _uploads()
    with bench_app() as app:
        _pages(app)
