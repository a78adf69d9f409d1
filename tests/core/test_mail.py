"""The mail outbox: sent only after commit, by file in development and SMTP when configured."""

import smtplib
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from engage.core import mail
from engage.core.mail import OutboxMessage, queue_mail


def _eml(app) -> list[Path]:
    outbox = Path(app.config["ENGAGE_OUTBOX_DIR"])
    return sorted(outbox.glob("*.eml")) if outbox.exists() else []


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list = []
    calls: list = []
    fail_with: Exception | None = None

    def __init__(self, host, port, timeout=None):
        FakeSMTP.calls.append(("connect", host, port))
        if FakeSMTP.fail_with is not None:
            raise FakeSMTP.fail_with

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        FakeSMTP.calls.append(("starttls",))

    def login(self, user, password):
        FakeSMTP.calls.append(("login", user, password))

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def fake_smtp(app, monkeypatch):
    FakeSMTP.sent, FakeSMTP.calls, FakeSMTP.fail_with = [], [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(
        ENGAGE_SMTP_HOST="127.0.0.1",
        ENGAGE_SMTP_PORT=2525,
        ENGAGE_SMTP_USER="engage",
        ENGAGE_SMTP_PASSWORD="pw",
        ENGAGE_SMTP_TLS=True,
    )
    return FakeSMTP


def test_mail_is_written_to_the_outbox_only_after_commit(app, db):
    queue_mail("wang@example.com", "密码重置", "点击链接重置密码。")
    db.session.flush()
    mail.deliver_committed()
    assert _eml(app) == []
    db.session.commit()
    mail.deliver_committed()
    [eml] = _eml(app)
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "wang@example.com"
    assert message["Subject"] == "密码重置"
    assert "点击链接重置密码" in message.get_content()
    row = db.session.scalar(select(OutboxMessage))
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""


def test_rolled_back_mail_is_never_sent(app, db):
    queue_mail("wang@example.com", "s", "b")
    db.session.flush()
    db.session.rollback()
    mail.deliver_committed()
    assert mail.send_pending() == 0
    assert _eml(app) == []
    assert db.session.scalar(select(OutboxMessage)) is None


def test_two_commits_before_delivery_send_both(app, db):
    queue_mail("a@example.com", "1", "b")
    db.session.commit()
    queue_mail("b@example.com", "2", "b")
    db.session.commit()
    mail.deliver_committed()
    assert len(_eml(app)) == 2


def _add_routes(app):
    @app.post("/_test/mail/<outcome>")
    def _test_mail(outcome):
        from engage.extensions import db

        queue_mail("li@example.com", "subject", "body")
        if outcome == "commit":
            db.session.commit()
            return "ok"
        if outcome == "rollback":
            db.session.rollback()
            return "rolled back"
        raise RuntimeError("the view failed before committing")


def test_a_request_that_commits_sends_its_mail(app, client):
    _add_routes(app)
    assert client.post("/_test/mail/commit").status_code == 200
    assert len(_eml(app)) == 1


@pytest.mark.parametrize("outcome", ["rollback", "error"])
def test_a_request_that_does_not_commit_sends_nothing(app, db, client, outcome):
    _add_routes(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client.post(f"/_test/mail/{outcome}")
    db.session.rollback()
    assert _eml(app) == []
    assert db.session.scalar(select(OutboxMessage)) is None


def test_smtp_is_used_when_a_host_is_set(app, db, fake_smtp):
    queue_mail("zhao@example.com", "主题", "正文")
    db.session.commit()
    mail.deliver_committed()
    assert _eml(app) == []
    [sent] = fake_smtp.sent
    assert sent["To"] == "zhao@example.com"
    assert fake_smtp.calls == [
        ("connect", "127.0.0.1", 2525),
        ("starttls",),
        ("login", "engage", "pw"),
    ]


def test_a_failure_is_recorded_and_mail_send_retries_it(app, db, fake_smtp):
    fake_smtp.fail_with = smtplib.SMTPConnectError(421, "try later")
    queue_mail("zhao@example.com", "主题", "正文")
    db.session.commit()
    mail.deliver_committed()
    row = db.session.scalar(select(OutboxMessage))
    assert row.sent_at is None and row.attempts == 1
    assert "try later" in row.last_error

    runner = app.test_cli_runner()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1 and "sent 0; 1 still waiting" in result.output

    fake_smtp.fail_with = None
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1; 0 still waiting; 0 given up" in result.output
    db.session.expire_all()
    row = db.session.scalar(select(OutboxMessage))
    assert row.sent_at is not None and row.attempts == 3 and row.last_error == ""
    assert len(fake_smtp.sent) == 1


def test_mail_send_gives_up_after_the_last_attempt(app, db, fake_smtp):
    fake_smtp.fail_with = OSError("connection refused")
    queue_mail("zhao@example.com", "s", "b")
    db.session.commit()
    for _ in range(mail.MAX_ATTEMPTS + 2):
        mail.send_pending()
    row = db.session.scalar(select(OutboxMessage))
    assert row.attempts == mail.MAX_ATTEMPTS and row.sent_at is None
    assert "connection refused" in row.last_error
    assert mail.unsent_counts() == (0, 1)


def test_a_server_that_is_down_does_not_break_the_request(app, db, client, fake_smtp):
    _add_routes(app)
    fake_smtp.fail_with = ConnectionRefusedError("down")
    assert client.post("/_test/mail/commit").status_code == 200
    assert db.session.scalar(select(OutboxMessage)).last_error


def test_headers_cannot_be_injected(app, db):
    queue_mail("a@example.com\r\nBcc: everyone@example.com", "hi\r\nBcc: x@example.com", "b")
    db.session.commit()
    mail.deliver_committed()
    raw = _eml(app)[0].read_bytes()
    assert b"Subject:" in raw and b"a@example.com" in raw
    assert b"\nBcc:" not in raw


class _TinySMTPServer:
    """Just enough SMTP on 127.0.0.1 for smtplib to hand over one message."""

    def __init__(self):
        import socket
        import threading

        self.messages: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _addr = self.sock.accept()
        with conn, conn.makefile("rb") as rfile:

            def say(line: str):
                conn.sendall(line.encode() + b"\r\n")

            say("220 tiny ESMTP")
            while True:
                line = rfile.readline()
                if not line:
                    return
                verb = line.split(b" ", 1)[0].strip().upper()
                if verb in (b"EHLO", b"HELO"):
                    say("250 tiny")
                elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    say("250 OK")
                elif verb == b"DATA":
                    say("354 go ahead")
                    data = b""
                    while (chunk := rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    self.messages.append(data)
                    say("250 queued")
                elif verb == b"QUIT":
                    say("221 bye")
                    return
                else:
                    say("502 not implemented")

    def close(self):
        self.thread.join(timeout=10)
        self.sock.close()


def test_mail_goes_through_a_real_smtp_conversation(app, db):
    server = _TinySMTPServer()
    app.config.update(
        ENGAGE_SMTP_HOST="127.0.0.1",
        ENGAGE_SMTP_PORT=server.port,
        ENGAGE_SMTP_TLS=False,
        ENGAGE_SMTP_USER="",
    )
    try:
        queue_mail("zhou@example.com", "演练通知", "周五下午三点消防演练。")
        db.session.commit()
        mail.deliver_committed()
    finally:
        server.close()
    [raw] = server.messages
    message = message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "zhou@example.com" and message["Subject"] == "演练通知"
    assert "消防演练" in message.get_content()
    assert db.session.scalar(select(OutboxMessage)).sent_at is not None
    assert _eml(app) == []
