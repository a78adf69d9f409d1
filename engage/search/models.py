"""The search tables belong to engage.core.search; imported here so the app loads them."""

from engage.core.search.models import SearchAccess, SearchDocument

__all__ = ["SearchAccess", "SearchDocument"]
