"""What knowledge's services refuse: DomainErrors whose message the user reads."""

from __future__ import annotations

from engage.core.errors import DomainError


class KnowledgeError(DomainError):
    """A rule of the knowledge base refused the action; the message says why."""
