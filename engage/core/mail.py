"""The mail outbox: mail is queued in the transaction and sent once it commits.

In development each message lands as an .eml file in instance/outbox/; with
ENGAGE_SMTP_HOST set it goes out by SMTP. A message whose sending failed stays
unsent and `flask --app engage mail send` tries it again.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import ForeignKey, String, Text, event, func, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.extensions import db

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")


def _one_line(value: str, limit: int) -> str:
    """A header value: no line breaks (header injection), no NUL, at most `limit` characters."""
    return " ".join(str(value).replace("\x00", "").split())[:limit]


def queue_mail(to: str, subject: str, body: str, *, user_id: int | None = None) -> OutboxMessage:
    """Queue a plain-text mail in the current transaction; it is sent after commit.

    Nothing leaves before the transaction commits, and a rolled-back
    transaction sends nothing.
    """
    message = OutboxMessage(
        to=_one_line(to, 254),
        subject=_one_line(subject, 300),
        body=str(body).replace("\x00", ""),
        user_id=user_id,
    )
    db.session.add(message)
    db.session.info.setdefault("engage_outbox", []).append(message)
    return message


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    queued = session.info.pop("engage_outbox", None)
    if not queued:
        return
    # The objects are expired now; their identity still says which rows they are.
    ids = [state.identity[0] for state in map(inspect, queued) if state.identity]
    if ids:
        session.info.setdefault("engage_outbox_ids", []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop("engage_outbox", None)


def _attempt(message: OutboxMessage) -> bool:
    """Try to deliver one message; record the outcome on it."""
    message.attempts += 1
    try:
        _deliver(message)
    except Exception as exc:  # noqa: BLE001 - a bad address or server must not break the caller
        message.last_error = f"{type(exc).__name__}: {exc}"[:500]
        log.warning("mail %s to %s failed: %s", message.id, message.to, exc)
        return False
    message.sent_at = utcnow()
    message.last_error = ""
    return True


def send_pending(limit: int = 200) -> int:
    """Send unsent messages (oldest first, at most MAX_ATTEMPTS tries each); returns how many
    went out. Commits: it is called by `flask --app engage mail send`, not inside a request."""
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = sum(_attempt(message) for message in pending)
    db.session.commit()
    return sent


def unsent_counts() -> tuple[int, int]:
    """(still to be tried, given up after MAX_ATTEMPTS) among unsent messages."""
    retry = OutboxMessage.attempts < MAX_ATTEMPTS
    waiting, given_up = db.session.execute(
        select(
            func.count(OutboxMessage.id).filter(retry), func.count(OutboxMessage.id).filter(~retry)
        ).where(OutboxMessage.sent_at.is_(None))
    ).one()
    return waiting, given_up


def deliver_committed() -> None:
    """Send what committed transactions of this session queued (after each request)."""
    ids = db.session.info.pop("engage_outbox_ids", None)
    if not ids:
        return
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id)
    ).all()
    for message in messages:
        _attempt(message)
    db.session.commit()


def _build(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["ENGAGE_MAIL_FROM"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="engage.invalid")
    email.set_content(message.body)
    return email


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    email = _build(message)
    if config["ENGAGE_SMTP_HOST"]:
        host, port = config["ENGAGE_SMTP_HOST"], config["ENGAGE_SMTP_PORT"]
        # Port 465 speaks TLS from the first byte; other ports upgrade with STARTTLS.
        smtp_class = smtplib.SMTP_SSL if port == 465 else smtplib.SMTP
        with smtp_class(host, port, timeout=20) as smtp:
            if config["ENGAGE_SMTP_TLS"] and smtp_class is smtplib.SMTP:
                smtp.starttls()
            if config["ENGAGE_SMTP_USER"]:
                smtp.login(config["ENGAGE_SMTP_USER"], config["ENGAGE_SMTP_PASSWORD"])
            smtp.send_message(email)
        return
    outbox = Path(config["ENGAGE_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S}-{message.id:06d}.eml"
    partial = outbox / f".{name}.tmp"
    partial.write_bytes(bytes(email))
    partial.replace(outbox / name)
