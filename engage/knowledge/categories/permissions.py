"""Who may change the category tree."""

from __future__ import annotations

from engage.core.permissions import is_admin, rule
from engage.knowledge.categories.models import Category


@rule("edit", Category)
def can_edit_category(user, category: Category | None = None) -> bool:
    """Create, rename, move and delete categories: platform admins."""
    return is_admin(user)
