"""Accounts' permission rules live in its parts; importing this registers them all."""

from engage.accounts.admin import permissions as admin  # noqa: F401
from engage.accounts.companies import permissions as companies  # noqa: F401
