"""Domain errors: what a service refuses, in words the user reads, and where to show it."""

from __future__ import annotations

from flask import flash

from engage.extensions import db


class DomainError(Exception):
    """A refusal by a service. `message` is already translated (lazy or not);
    `field` names the form field it belongs beside, if any."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotAllowed(DomainError):
    """The actor may see the object but not do this to it (a view answers 403)."""


class StaleVersion(DomainError):
    """The record changed since the form was loaded; `current` is the newer record."""

    def __init__(self, message, current=None, field: str | None = None) -> None:
        super().__init__(message, field)
        self.current = current


def refuse(error: DomainError, form=None, *, category: str = "danger") -> None:
    """For views: roll the change back, then show `error` beside its form field when
    the form has that field, else as a flashed message."""
    db.session.rollback()
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        flash(str(error.message), category)
