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
from sqlalchemy import ForeignKey, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.extensions import db

log = logging.getLogger(__name__)


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


def queue_mail(to: str, subject: str, body: str, *, user_id: int | None = None) -> OutboxMessage:
    """Queue a plain-text mail in the current transaction; it is sent after commit."""
    message = OutboxMessage(to=to, subject=subject.replace("\n", " ")[:300], body=body,
                            user_id=user_id)
    db.session.add(message)
    db.session.info.setdefault("engage_outbox", []).append(message)
    return message


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    queued = session.info.pop("engage_outbox", None)
    if not queued:
        return
    ids = [m.id for m in queued if m.id is not None]
    if ids:
        session.info["engage_outbox_ids"] = ids


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session: Session) -> None:
    session.info.pop("engage_outbox", None)


def send_pending(limit: int = 200) -> int:
    """Send unsent messages (oldest first); returns how many went out."""
    pending = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < 5)
        .order_by(OutboxMessage.id).limit(limit)
    ).all()
    sent = 0
    for message in pending:
        message.attempts += 1
        try:
            _deliver(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = str(exc)[:500]
            log.warning("mail %s to %s failed: %s", message.id, message.to, exc)
        else:
            message.sent_at = utcnow()
            sent += 1
    db.session.commit()
    return sent


def deliver_committed() -> None:
    """Send what committed transactions of this session queued (after each request and command)."""
    ids = db.session.info.pop("engage_outbox_ids", None)
    if not ids:
        return
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
    ).all()
    for message in messages:
        message.attempts += 1
        try:
            _deliver(message)
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = str(exc)[:500]
            log.warning("mail %s to %s failed: %s", message.id, message.to, exc)
        else:
            message.sent_at = utcnow()
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
        with smtplib.SMTP(config["ENGAGE_SMTP_HOST"], config["ENGAGE_SMTP_PORT"],
                          timeout=20) as smtp:
            if config["ENGAGE_SMTP_TLS"]:
                smtp.starttls()
            if config["ENGAGE_SMTP_USER"]:
                smtp.login(config["ENGAGE_SMTP_USER"], config["ENGAGE_SMTP_PASSWORD"])
            smtp.send_message(email)
        return
    outbox = Path(config["ENGAGE_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S}-{message.id:06d}.eml"
    (outbox / name).write_bytes(bytes(email))
