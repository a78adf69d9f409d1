"""Browsing a category, and the admin pages of the category tree."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.core.errors import DomainError, refuse
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.extensions import db
from engage.knowledge.articles import services as articles
from engage.knowledge.categories import services
from engage.knowledge.categories.forms import CategoryForm
from engage.knowledge.categories.models import Category
from engage.knowledge.categories.permissions import can_edit_category
from engage.knowledge.categories.tree import CategoryTree
from engage.knowledge.forms import choices

bp = Blueprint("categories", __name__, url_prefix="/knowledge/categories")


@bp.route("/<int:category_id>")
def detail(category_id: int):
    tree = CategoryTree.load(current_language())
    node = tree.get(category_id)
    if node is None:
        abort(404)
    page = paginate(
        articles.in_categories(current_user, tree.descendant_ids(category_id)), per_page=20
    )
    return render_template("knowledge/categories/detail.html", tree=tree, node=node, page=page)


def _form(category: Category | None) -> tuple[CategoryForm, CategoryTree]:
    form = CategoryForm(obj=category)
    tree = CategoryTree.load(current_language())
    form.parent_id.choices = choices(
        [("", _("(top level)"))]
        + [(n.id, n.indented) for n in tree.flat() if category is None or n.id != category.id]
    )
    return form, tree


def _tree_page(category: Category | None):
    """The tree with the form for a new category (None) or for editing one."""
    if not can_edit_category(current_user, category):
        abort(403)
    form, tree = _form(category)
    if form.validate_on_submit():
        try:
            services.save_category(
                category,
                name=form.name.data,
                name_en=form.name_en.data or "",
                description=form.description.data or "",
                parent_id=form.parent_id.data,
                position=form.position.data or 0,
                actor=current_user,
            )
        except DomainError as exc:
            exc.field = exc.field or "name"
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The category is saved."), "success")
            return redirect(url_for("knowledge.categories.index"))
    return render_template(
        "knowledge/categories/index.html", form=form, tree=tree, category=category
    )


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    return _tree_page(None)


@bp.route("/<int:category_id>/edit", methods=["GET", "POST"])
@login_required
def edit(category_id: int):
    if not can_edit_category(current_user):
        abort(403)
    return _tree_page(db.get_or_404(Category, category_id))


@bp.route("/<int:category_id>/delete", methods=["POST"])
@login_required
def delete(category_id: int):
    if not can_edit_category(current_user):
        abort(403)
    category = db.get_or_404(Category, category_id)
    try:
        services.delete_category(category, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The category is deleted."), "success")
    return redirect(url_for("knowledge.categories.index"))
