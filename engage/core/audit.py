"""The append-only audit log: who did what to which object, and when."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from engage.core.models import UTCDateTime
from engage.core.sql import like_pattern
from engage.core.timeutil import utcnow
from engage.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_object", "object_type", "object_id"),
        Index("ix_audit_entries_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[int | None]
    company_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor = relationship("User", lazy="joined")


# Signing in and out is most of the log and rarely what the office is looking for:
# the page leaves these out unless asked.
SIGN_IN_ACTIONS = ("account.sign_in", "account.sign_out")

# object type -> (endpoint, URL argument): where an entry's object can be opened.
# Domains register theirs (core knows no domain's pages).
_LINKS: dict[str, tuple[str, str]] = {}


def register_link(object_type: str, endpoint: str, arg: str) -> None:
    """Entries about `object_type` link to `url_for(endpoint, **{arg: object_id})`."""
    _LINKS[object_type] = (endpoint, arg)


def object_url(entry: AuditEntry) -> str | None:
    """The page of the entry's object, when its domain registered one."""
    target = _LINKS.get(entry.object_type)
    if target is None or entry.object_id is None:
        return None
    from flask import url_for

    values: dict[str, Any] = {target[1]: entry.object_id}
    return url_for(target[0], **values)


def snapshot(obj, fields) -> dict[str, Any]:
    """The current values of `fields` of `obj`, as an audit entry stores them
    (a related object by its name): take one before an edit and one after,
    and record `changes=field_changes(before, after)`."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, enum.Enum):
            value = value.value  # its stored code
        elif hasattr(value, "name") and not isinstance(value, str | int | float):
            value = value.name  # a related record
        values[name] = _jsonable(value)
    return values


class AppendOnlyViolation(Exception):
    """Code tried to change or delete a history row."""


_APPEND_ONLY: set[type] = {AuditEntry}


def append_only(model: type) -> type:
    """Class decorator: rows of `model` may be added, never changed or deleted."""
    _APPEND_ONLY.add(model)
    return model


@event.listens_for(Session, "before_flush")
def _refuse_history_edits(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if type(obj) in _APPEND_ONLY and (obj in session.deleted or session.is_modified(obj)):
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_history_edits(state) -> None:
    """`update(AuditEntry)` / `delete(AuditEntry)` statements bypass the flush: refuse them too."""
    if (
        (state.is_update or state.is_delete)
        and state.bind_mapper is not None
        and state.bind_mapper.class_ in _APPEND_ONLY
    ):
        raise AppendOnlyViolation(f"{state.bind_mapper.class_.__name__} rows are append-only")


def record(
    actor,
    action: str,
    obj=None,
    *,
    summary: str = "",
    company_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry to the current transaction (flushes nothing, commits nothing).

    `obj` is any model with an `id`; its class name is the object type. The
    company is taken from `obj.company_id` when not given.
    """
    if company_id is None and obj is not None:
        # A company's own record belongs to that company; anything else says whose it is.
        company_id = obj.id if type(obj).__name__ == "Company" else getattr(obj, "company_id", None)
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        company_id=company_id,
        summary=_no_nul(summary)[:300],
        details=_jsonable(details),
    )
    db.session.add(entry)
    return entry


def _no_nul(text: str) -> str:
    # PostgreSQL refuses NUL in text; it never means anything in a log line.
    return str(text).replace("\x00", "")


def _jsonable(value):
    if isinstance(value, dict):
        return {_no_nul(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str):
        return _no_nul(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return _no_nul(str(value))


def list_entries(
    *,
    action: str | None = None,
    object_type: str | None = None,
    actor_id: int | None = None,
    actor: str | None = None,
    company_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    include_sign_ins: bool = True,
):
    """A select of entries, newest first, filtered by whatever is given.

    `actor` matches the acting user's email exactly or part of their name;
    `since` is inclusive, `until` exclusive; `include_sign_ins=False` leaves
    out signing in and out (unless `action` asks for one of them).
    """
    stmt = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if not include_sign_ins and action not in SIGN_IN_ACTIONS:
        stmt = stmt.where(AuditEntry.action.not_in(SIGN_IN_ACTIONS))
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if actor_id:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if actor:
        # The user model is reached through the relationship, so core imports no domain.
        user = AuditEntry.actor.property.mapper.class_
        stmt = stmt.where(
            AuditEntry.actor_id.in_(
                select(user.id).where(
                    or_(
                        func.lower(user.email) == actor.lower(),
                        user.name.ilike(like_pattern(actor), escape="\\"),
                    )
                )
            )
        )
    if company_id:
        stmt = stmt.where(AuditEntry.company_id == company_id)
    if since:
        stmt = stmt.where(AuditEntry.created_at >= since)
    if until:
        stmt = stmt.where(AuditEntry.created_at < until)
    return stmt


def company_choices() -> list[tuple[int, str]]:
    """(id, name) of the companies entries are about, by name, for the filter menu."""
    # Reached through the acting user's company relationship, so core imports no domain.
    user = AuditEntry.actor.property.mapper.class_
    company = user.company.property.mapper.class_
    rows = db.session.execute(
        select(company.id, company.name)
        .where(company.id.in_(select(AuditEntry.company_id).distinct()))
        .order_by(company.name)
    ).all()
    return [(row.id, row.name) for row in rows]


def filter_choices() -> tuple[list[str], list[str]]:
    """The actions and object types that occur in the log, for the filter menus."""
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    types = db.session.scalars(
        select(AuditEntry.object_type)
        .where(AuditEntry.object_type != "")
        .distinct()
        .order_by(AuditEntry.object_type)
    ).all()
    return list(actions), list(types)
