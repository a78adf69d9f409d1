"""Words for points, as people read them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.tracker.points.models import PointKind

POINT_KIND_LABELS = {
    PointKind.SITE: _l("Site"),
    PointKind.BUILDING: _l("Building"),
    PointKind.AREA: _l("Area"),
}
