"""Category tree rules: admins add, rename, move and remove categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from engage.core import audit
from engage.core.permissions import PermissionDenied
from engage.extensions import db
from engage.knowledge.articles.models import Article
from engage.knowledge.categories.models import Category
from engage.knowledge.categories.permissions import can_edit_category
from engage.knowledge.errors import KnowledgeError
from engage.knowledge.quizzes.models import Quiz


def _check_parent(category: Category | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = db.session.get(Category, parent_id)
    if parent is None:
        raise KnowledgeError(_l("Choose an existing parent category."))
    # Walk up from the new parent: meeting the category itself would make a loop.
    node: Category | None = parent
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        if category is not None and node.id == category.id:
            raise KnowledgeError(_l("A category cannot be placed under itself."))
        seen.add(node.id)
        node = db.session.get(Category, node.parent_id) if node.parent_id else None


def _check_unique(category: Category | None, name: str, parent_id: int | None) -> None:
    stmt = select(Category.id).where(
        Category.name == name,
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id,
    )
    if category is not None:
        stmt = stmt.where(Category.id != category.id)
    if db.session.scalar(stmt) is not None:
        raise KnowledgeError(_l("There is already a category with this name here."))


def save_category(
    category: Category | None,
    *,
    name: str,
    name_en: str,
    description: str,
    parent_id: int | None,
    position: int,
    actor,
) -> Category:
    """Create (category None) or change a category. Admins only.
    Raises PermissionDenied, KnowledgeError."""
    if not can_edit_category(actor, category):
        raise PermissionDenied("edit category")
    _check_parent(category, parent_id)
    _check_unique(category, name, parent_id)
    if category is None:
        category = Category()
        db.session.add(category)
    category.name, category.name_en, category.description = name, name_en, description
    category.parent_id, category.position = parent_id, position
    db.session.flush()
    audit.record(actor, "knowledge.category.save", category, summary=name)
    return category


def delete_category(category: Category, *, actor) -> None:
    """Remove an empty category (no sub-categories, articles or quizzes)."""
    if not can_edit_category(actor, category):
        raise PermissionDenied("delete category")
    in_use = db.session.scalar(
        select(
            exists().where(Category.parent_id == category.id)
            | exists().where(Article.category_id == category.id)
            | exists().where(Quiz.category_id == category.id)
        )
    )
    if in_use:
        raise KnowledgeError(
            _l(
                "Only an empty category can be deleted: move its articles, "
                "quizzes and sub-categories first."
            )
        )
    audit.record(actor, "knowledge.category.delete", category, summary=category.name)
    db.session.delete(category)
    db.session.flush()
