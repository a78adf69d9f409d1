"""Safety-month events: registration, waiting list, check-in, performances, media and awards.

This module is the events domain's public face: other domains import from here only.
"""

from engage.events.catalogue.models import Audience, EventKind
from engage.events.signals import EventHeld

__all__ = ["Audience", "EventHeld", "EventKind"]
