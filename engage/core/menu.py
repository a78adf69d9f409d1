"""What core adds to the admin menu."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import registry
from engage.core.permissions import is_supervisor_or_admin

registry.register(
    "admin", _l("Audit log"), "core.audit_index", order=900, visible=is_supervisor_or_admin
)
