"""In-app notifications: a bell with an unread count, and a list page.

A notification stores a kind and its parameters, not a sentence, so each
reader sees it in their own language. Domains register their kinds with
`register_kind(kind, lazy_message)`, the message using %(name)s placeholders.
A parameter that is a named thing with an English name (a company, a department:
`LocalName`) keeps both names, and each reader reads the one of their language.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.i18n import LocalName, current_language
from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.core.urls import local_path
from engage.extensions import db

_KINDS: dict[str, Any] = {
    "account.join_requested": _l("%(name)s asks to join %(company)s."),
    "account.join_approved": _l("You are now a member of %(company)s."),
    "account.join_refused": _l("Your request to join %(company)s was refused."),
    "account.role_changed": _l("Your role was changed to %(role)s."),
}


def register_kind(kind: str, message) -> None:
    """Register the (lazy) message shown for notifications of `kind`."""
    _KINDS[kind] = message


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    url: Mapped[str] = mapped_column(String(500), default="")
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def message(self) -> str:
        template = _KINDS.get(self.kind)
        if template is None:
            return self.kind
        params = self.params or {}
        if current_language() == "en":
            params = {k: params.get(f"{k}{_EN}") or v for k, v in params.items()}
        try:
            return str(template) % params
        except (KeyError, TypeError, ValueError):
            return str(template)


_EN = "@en"  # params key suffix: the English name of a LocalName parameter


def _stored_params(params: dict[str, Any]) -> dict[str, str]:
    stored = {}
    for key, value in params.items():
        if isinstance(value, LocalName):
            stored[key] = value.name.replace("\x00", "")
            if value.name_en:
                stored[f"{key}{_EN}"] = value.name_en.replace("\x00", "")
        else:
            stored[key] = str(value).replace("\x00", "")
    return stored


def notify(user_or_id, kind: str, *, url: str = "", **params: Any) -> Notification:
    """Add a notification for one user to the current transaction. Pass companies and
    departments themselves, not their names, so each reader reads their own language."""
    user_id = getattr(user_or_id, "id", user_or_id)
    note = Notification(
        user_id=user_id,
        kind=kind,
        url=stored_url(url),
        params=_stored_params(params),
    )
    db.session.add(note)
    return note


def stored_url(url) -> str:
    """What a notification keeps of `url`: always a local path (an absolute address on
    this site loses its origin; a foreign one is dropped), so the notification list,
    which follows local paths only, opens it."""
    own = (current_app.config.get("ENGAGE_BASE_URL") or "",) if has_app_context() else ()
    path = local_path(str(url or "").replace("\x00", ""), own)
    return path if len(path) <= 500 else ""


def notify_many(
    user_ids, kind: str, *, exclude: int | None = None, url: str = "", **params: Any
) -> int:
    """Notify each distinct user once; returns how many were notified."""
    ids = {uid for uid in user_ids if uid and uid != exclude}
    for uid in sorted(ids):
        notify(uid, kind, url=url, **params)
    return len(ids)


def unread_count(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user_id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def list_for(user_id: int):
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def latest_unread(user_id: int, limit: int = 5) -> list[Notification]:
    """The newest unread notifications, for the home page."""
    return list(
        db.session.scalars(list_for(user_id).where(Notification.read_at.is_(None)).limit(limit))
    )


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one (or all) of the user's notifications read; returns rows changed."""
    stmt = update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt.values(read_at=utcnow())).rowcount  # type: ignore[attr-defined]


def add_demo_notices(notices, *, now: datetime | None = None) -> int:
    """Demo data: recent notifications, one hour apart, the older ones read, from
    `notices` = [(user, kind, url, params)]. A person who already has a notification of
    that kind gets none, so loading the demo twice adds nothing twice. Flushes."""
    now = now or utcnow()
    made = 0
    for n, (user, kind, url, params) in enumerate(notices):
        if user is None:
            continue
        exists = db.session.scalar(
            select(Notification.id).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
        if exists is not None:
            continue
        note = notify(user, kind, url=url, **params)
        note.created_at = now - timedelta(hours=n + 1, minutes=7 * n)
        note.read_at = None if n % 3 else note.created_at + timedelta(minutes=30)
        made += 1
    db.session.flush()
    return made
