"""What events add to the navbar and the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import registry

_events = _l("Events")
registry.register(
    "navbar",
    _l("Events"),
    "events.catalogue.index",
    order=60,
    group=_events,
    active_prefix="events.",
)
registry.register(
    "navbar", _l("Showcase gallery"), "events.media.park_gallery", order=61, group=_events
)
