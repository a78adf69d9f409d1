"""The tracker's refusal of an action on something the actor may see (a 403 in views)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core.permissions import PermissionDenied


class ActionRefused(PermissionDenied):
    """The actor may not do this: core's PermissionDenied (a NotAllowed), with a field."""

    def __init__(self, message=None, field: str | None = None) -> None:
        super().__init__("", message or _l("You may not do this."))
        self.field = field
