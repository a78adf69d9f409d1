"""Accounts' pages: each part's blueprint nested under `accounts`, and the `<id:...>`
URL converter and permission functions every accounts template uses."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from engage.accounts.admin.permissions import can_edit_company
from engage.accounts.admin.views import bp as admin_bp
from engage.accounts.auth.views import bp as auth_bp
from engage.accounts.blueprint import bp
from engage.accounts.companies.permissions import can_join_company, can_manage_members
from engage.accounts.companies.views import bp as companies_bp


class IdConverter(IntegerConverter):
    """`<id:name>`: a row id; numbers past what the database stores answer 404, not 500."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        super().__init__(url_map, min=1, max=2**31 - 1)


def _setup(state) -> None:
    state.app.url_map.converters.setdefault("id", IdConverter)
    state.app.jinja_env.globals.update(
        can_edit_company=can_edit_company,
        can_join_company=can_join_company,
        can_manage_members=can_manage_members,
    )


bp.record_once(_setup)
bp.register_blueprint(auth_bp)
bp.register_blueprint(companies_bp)
bp.register_blueprint(admin_bp)

__all__ = ["bp"]
