"""What the alliance adds to the navbar and the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import audit, registry
from engage.core.permissions import signed_in


def _company_values(user) -> dict:
    return {"company_id": user.company_id}


def _has_company(user) -> bool:
    return signed_in(user) and user.company_id is not None


registry.register(
    "navbar",
    _l("Alliances"),
    "alliance.alliances.index",
    visible=signed_in,
    order=20,
    group=_l("Alliance"),
    active_prefix="alliance.alliances.",
)
registry.register(
    "navbar",
    _l("Best practices"),
    "alliance.posts.index",
    visible=signed_in,
    order=21,
    group=_l("Alliance"),
    active_prefix="alliance.posts.",
)
registry.register(
    "navbar",
    _l("Mutual aid"),
    "alliance.aid.index",
    visible=signed_in,
    order=22,
    group=_l("Alliance"),
    active_prefix="alliance.aid.",
)
registry.register(
    "navbar",
    _l("Our six links"),
    "alliance.sixlinks.company",
    visible=_has_company,
    url_values=_company_values,
    order=23,
    group=_l("Alliance"),
    active_prefix="alliance.sixlinks.company",
)
registry.register(
    "navbar",
    _l("Peer inspections"),
    "alliance.inspections.index",
    visible=signed_in,
    order=24,
    group=_l("Alliance"),
    active_prefix="alliance.inspections.",
)
registry.register(
    "navbar",
    _l("Task forces"),
    "alliance.taskforces.index",
    visible=signed_in,
    order=25,
    group=_l("Alliance"),
    active_prefix="alliance.taskforces.",
)
# One point, one code, one checklist: the point's QR page leads to its checklist.
registry.register(
    "point.links",
    _l("Inspection checklist"),
    "alliance.inspections.point",
    visible=signed_in,
    order=20,
    style="outline-primary",
    url_values=lambda user, point: {"code": point.code},
)

# Where the audit log opens these records.
audit.register_link("Alliance", "alliance.alliances.detail", "alliance_id")
audit.register_link("Post", "alliance.posts.detail", "post_id")
audit.register_link("TaskForce", "alliance.taskforces.detail", "force_id")
audit.register_link("Inspection", "alliance.inspections.detail", "inspection_id")
