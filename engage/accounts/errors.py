"""What accounts' services refuse: each a DomainError whose message the user reads."""

from __future__ import annotations

from engage.core.errors import DomainError


class AccountError(DomainError):
    """An account change that the rules refuse; the message says why."""


class EmailTaken(AccountError):
    """Another account already uses this email."""


class WrongPassword(AccountError):
    """The current password given is not the user's."""


class OrganisationError(DomainError):
    """A change to companies, areas, departments or memberships that the rules refuse."""


class AlreadyPending(OrganisationError):
    """The person already has a pending request to join a company."""


class LastAdmin(OrganisationError):
    """The change would leave the company without an admin."""
