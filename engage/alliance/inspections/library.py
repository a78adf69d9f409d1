"""Pages of the item library and the checklists, and the checklist of a point."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.alliance.inspections import items as library
from engage.alliance.inspections import services
from engage.alliance.inspections.blueprint import bp
from engage.alliance.inspections.forms import (
    AssignForm,
    ChecklistForm,
    ImportForm,
    ItemForm,
    choices,
)
from engage.alliance.inspections.models import CATEGORY_LABELS, STATUS_LABELS, Checklist, Item
from engage.alliance.inspections.permissions import (
    can_assign_checklist,
    can_edit_items,
    can_view_items,
)
from engage.core.args import choice_arg, text_arg
from engage.core.errors import DomainError, StaleVersion, refuse
from engage.core.pagination import paginate
from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.extensions import db
from engage.tracker import find_by_code


def _editor() -> None:
    if not can_edit_items(current_user):
        abort(403)


@bp.route("/items")
@login_required
def items():
    if not can_view_items(current_user):
        abort(404)
    category = choice_arg("category", [c.value for c in CATEGORY_LABELS])
    q = text_arg("q")
    page = paginate(library.list_items(category=category or None, q=q), per_page=30)
    return render_template(
        "alliance/inspections/items.html",
        page=page,
        category=category,
        q=q,
        labels=CATEGORY_LABELS,
        can_edit=can_edit_items(current_user),
    )


def _item_data(form: ItemForm) -> library.ItemData:
    return library.ItemData(**{k: form[k].data or "" for k in library.COLUMNS})


@bp.route("/items/new", methods=["GET", "POST"])
@login_required
def item_create():
    _editor()
    form = ItemForm()
    if form.validate_on_submit():
        try:
            item = library.create_item(_item_data(form), actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Item %(code)s added.", code=item.code), "success")
            return redirect(url_for("alliance.inspections.items"))
    return render_template("alliance/inspections/item_form.html", form=form, item=None)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(item_id: int):
    _editor()
    item = db.get_or_404(Item, item_id)
    form = ItemForm(obj=item)
    if request.method == "GET":
        form.category.data, form.severity.data = item.category.value, item.severity.value
        form.version.data = item.version
    form.code.data = item.code
    if form.validate_on_submit():
        try:
            saved = library.edit_item(
                item, _item_data(form), actor=current_user, version=int(form.version.data or 0)
            )
        except StaleVersion as exc:
            refuse(exc, form)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(
                _(
                    "Item %(code)s saved (version %(version)s).",
                    code=saved.code,
                    version=saved.version,
                ),
                "success",
            )
            return redirect(url_for("alliance.inspections.items"))
    return render_template(
        "alliance/inspections/item_form.html",
        form=form,
        item=item,
        versions=library.versions_of(item.code),
    )


@bp.route("/items/export.xlsx")
@login_required
def items_export():
    if not can_view_items(current_user):
        abort(404)
    return send_file(
        io.BytesIO(library.export_xlsx()),
        download_name="inspection-items.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
    )


@bp.route("/items/import", methods=["GET", "POST"])
@login_required
def items_import():
    _editor()
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        file = form.file.data
        data = file.read(5 * 1024 * 1024 + 1) if file else b""
        if not data:
            form.file.errors = [*form.file.errors, _("Choose a workbook.")]
        elif len(data) > 5 * 1024 * 1024:
            form.file.errors = [*form.file.errors, _("The workbook is larger than 5 MB.")]
        else:
            try:
                counts = library.import_xlsx(data, actor=current_user)
            except library.ImportRejected as exc:
                db.session.rollback()
                report = exc
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(
                    _(
                        "Imported: %(added)s added, %(changed)s changed, %(unchanged)s unchanged.",
                        **counts,
                    ),
                    "success",
                )
                return redirect(url_for("alliance.inspections.items"))
    return render_template("alliance/inspections/import.html", form=form, report=report)


@bp.route("/checklists")
@login_required
def checklists():
    if not can_view_items(current_user):
        abort(404)
    page = paginate(library.list_checklists(active_only=False), per_page=30)
    return render_template(
        "alliance/inspections/checklists.html",
        page=page,
        targets=FOCUS_TARGET_LABELS,
        can_edit=can_edit_items(current_user),
    )


@bp.route("/checklists/<int:checklist_id>")
@login_required
def checklist(checklist_id: int):
    found = library.load_checklist(checklist_id)
    if found is None or not can_view_items(current_user):
        abort(404)
    return render_template(
        "alliance/inspections/checklist.html",
        checklist=found,
        targets=FOCUS_TARGET_LABELS,
        labels=CATEGORY_LABELS,
        can_edit=can_edit_items(current_user),
    )


def _checklist_form(found: Checklist | None):
    form = ChecklistForm(obj=found)
    if request.method == "GET" and found is not None:
        form.focus_target.data = found.focus_target.value
        form.layout.data = library.layout_of(found)
        form.version.data = found.version
    if form.validate_on_submit():
        try:
            saved = library.save_checklist(
                found,
                name=form.name.data,
                focus_target=form.focus_target.data,
                description=form.description.data or "",
                layout=form.layout.data,
                actor=current_user,
                version=int(form.version.data) if (form.version.data or "").isdigit() else None,
            )
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Checklist saved."), "success")
            return redirect(url_for("alliance.inspections.checklist", checklist_id=saved.id))
    return render_template("alliance/inspections/checklist_form.html", form=form, checklist=found)


@bp.route("/checklists/new", methods=["GET", "POST"])
@login_required
def checklist_create():
    _editor()
    return _checklist_form(None)


@bp.route("/checklists/<int:checklist_id>/edit", methods=["GET", "POST"])
@login_required
def checklist_edit(checklist_id: int):
    _editor()
    found = library.load_checklist(checklist_id)
    if found is None:
        abort(404)
    return _checklist_form(found)


def _point_or_404(code: str):
    point = find_by_code(code).point
    if point is None or not point.active:
        abort(404)
    return point


@bp.route("/points/<code>", methods=["GET", "POST"])
@login_required
def point(code: str):
    """One point, one code, one checklist: the point's checklist and its inspections
    (those the reader may see); its company and supervisors choose the checklist."""
    found = _point_or_404(code)
    link = library.checklist_of_point(found.id)
    may_assign = can_assign_checklist(current_user, found)
    form = AssignForm()
    form.checklist_id.choices = choices(
        (c.id, c.name) for c in db.session.scalars(library.list_checklists())
    )
    if request.method == "POST":
        if not may_assign:
            abort(403)
        chosen = db.session.get(Checklist, form.checklist_id.data or 0)
        if form.validate_on_submit() and chosen is not None:
            library.assign_checklist(found, chosen, actor=current_user)
            db.session.commit()
            flash(_("The point's checklist is now %(name)s.", name=chosen.name), "success")
            return redirect(url_for("alliance.inspections.point", code=found.code))
        flash(_("Choose a checklist."), "danger")
    elif link is not None:
        form.checklist_id.data = link.checklist_id
    checklist = library.load_checklist(link.checklist_id) if link else None
    return render_template(
        "alliance/inspections/point.html",
        point=found,
        checklist=checklist,
        form=form,
        may_assign=may_assign,
        labels=CATEGORY_LABELS,
        inspections=services.inspections_of_point(found.id, current_user),
        status_labels=STATUS_LABELS,
    )
