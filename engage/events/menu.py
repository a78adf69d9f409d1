"""What events add to the navbar and the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engage.core import audit, audit_words, registry
from engage.events.registration.models import STATUS_LABELS

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

# Where the audit log opens these records.
audit.register_link("Event", "events.catalogue.detail", "event_id")
audit_words.register_values("status", STATUS_LABELS)  # a registration's status, in words
