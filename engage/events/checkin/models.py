"""Check-in keeps its facts on the registration (checked_in_at, checked_in_by)."""

from engage.events.registration.models import Registration  # noqa: F401
