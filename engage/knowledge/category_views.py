"""Admin pages of the category tree."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.core.i18n import current_language
from engage.extensions import db
from engage.knowledge import categories
from engage.knowledge.forms import CategoryForm, choices
from engage.knowledge.models import Category
from engage.knowledge.permissions import can_edit_categories
from engage.knowledge.services import KnowledgeError
from engage.knowledge.tree import CategoryTree
from engage.knowledge.views import bp


def _form(category: Category | None) -> CategoryForm:
    form = CategoryForm(obj=category)
    tree = CategoryTree.load(current_language())
    form.parent_id.choices = choices([("", _("(top level)"))] + [
        (n.id, n.indented) for n in tree.flat() if category is None or n.id != category.id])
    return form, tree


@bp.route("/knowledge/categories/", methods=["GET", "POST"])
@bp.route("/knowledge/categories/<int:category_id>/edit", methods=["GET", "POST"])
@login_required
def categories_admin(category_id: int | None = None):
    if not can_edit_categories(current_user):
        abort(403)
    category = db.get_or_404(Category, category_id) if category_id else None
    form, tree = _form(category)
    if form.validate_on_submit():
        try:
            categories.save_category(
                category, name=form.name.data, name_en=form.name_en.data or "",
                description=form.description.data or "", parent_id=form.parent_id.data,
                position=form.position.data or 0, actor=current_user)
        except KnowledgeError as exc:
            db.session.rollback()
            form.name.errors = [str(exc)]
        else:
            db.session.commit()
            flash(_("The category is saved."), "success")
            return redirect(url_for(".categories_admin"))
    return render_template("knowledge/categories.html", form=form, tree=tree,
                           category=category)


@bp.route("/knowledge/categories/<int:category_id>/delete", methods=["POST"])
@login_required
def category_delete(category_id: int):
    if not can_edit_categories(current_user):
        abort(403)
    category = db.get_or_404(Category, category_id)
    try:
        categories.delete_category(category, actor=current_user)
    except KnowledgeError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("The category is deleted."), "success")
    return redirect(url_for(".categories_admin"))
