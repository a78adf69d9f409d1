"""What accounts adds to the navbar, the admin menu and the account menu."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import registry
from engage.core.permissions import is_admin, signed_in

registry.register(
    "navbar",
    _l("Companies"),
    "accounts.companies.directory",
    order=90,
    visible=signed_in,
    group=_l("Alliance"),  # beside the alliances: one dropdown, so the navbar fits one line
)
registry.register("admin", _l("Companies"), "accounts.admin.companies", order=100, visible=is_admin)
registry.register(
    "admin", _l("Functional areas"), "accounts.admin.areas", order=101, visible=is_admin
)
registry.register(
    "admin", _l("Departments"), "accounts.admin.departments", order=102, visible=is_admin
)
registry.register("admin", _l("Users"), "accounts.admin.users", order=103, visible=is_admin)
registry.register("user", _l("Profile"), "accounts.auth.profile", order=10, visible=signed_in)
registry.register("user", _l("My company"), "accounts.companies.mine", order=20, visible=signed_in)
