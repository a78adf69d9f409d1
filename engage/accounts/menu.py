"""What accounts adds to the navbar, the admin menu and the account menu."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.accounts.models import COMPANY_ROLE_LABELS, PLATFORM_ROLE_LABELS
from engage.core import audit, audit_words, registry
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

# The audit log opens these records on their admin pages and names their roles.
audit.register_link("Company", "accounts.admin.edit_company", "company_id")
audit.register_link("User", "accounts.admin.edit_user", "user_id")
audit.register_link("FunctionalArea", "accounts.admin.edit_area", "area_id")
audit.register_link("Department", "accounts.admin.edit_department", "dept_id")
audit_words.register_values("platform_role", PLATFORM_ROLE_LABELS)
audit_words.register_values("company_role", COMPANY_ROLE_LABELS)
