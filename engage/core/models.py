"""Column types and mixins every model shares."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum, Integer, TypeDecorator
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from engage.core.timeutil import utcnow


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and read back as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionedMixin:
    """Optimistic locking: a concurrent write raises StaleDataError instead of overwriting.

    Forms carry `version` too, so a stale form is refused before it is applied
    (see core.forms.check_version).
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


def enum_column(kind: type[enum.Enum], name: str, *, length: int = 32) -> Enum:
    """A Python enum stored as its string values (VARCHAR, no database enum type),
    so adding a value needs no ALTER TYPE on PostgreSQL."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
