"""Roster pages: the roster with its history, adding and leaving, import and export, the
printable roster and the A3 wall poster."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from engage.accounts.models import User
from engage.alliance.taskforces import roster, roster_io
from engage.alliance.taskforces.blueprint import bp
from engage.alliance.taskforces.forms import ImportForm, LeaveForm, MemberForm
from engage.alliance.taskforces.models import TaskForceMember
from engage.alliance.taskforces.permissions import (
    can_export_roster,
    can_manage_taskforce,
)
from engage.alliance.taskforces.views import labels, load_force, perms
from engage.core import qr
from engage.core.errors import DomainError, NotAllowed, refuse
from engage.extensions import db


@bp.route("/<int:force_id>/roster")
@login_required
def roster_page(force_id: int):
    force = load_force(force_id)
    members = roster.roster_of(force)
    return render_template(
        "alliance/taskforces/roster.html",
        force=force,
        current=[m for m in members if m.is_current],
        past=[m for m in members if not m.is_current],
        leave_form=LeaveForm(),
        **perms(force),
        **labels(),
    )


@bp.route("/<int:force_id>/roster/print")
@login_required
def roster_print(force_id: int):
    force = load_force(force_id)
    return render_template(
        "alliance/taskforces/roster_print.html",
        force=force,
        members=roster.current_members(force),
        **perms(force),
        **labels(),
    )


@bp.route("/<int:force_id>/poster")
@login_required
def poster(force_id: int):
    """An A3 wall poster: members with their badges, and a QR code to the force's page.
    Phones are always masked: a wall is the most public page there is."""
    force = load_force(force_id)
    address = url_for("alliance.taskforces.detail", force_id=force.id, _external=True)
    return render_template(
        "alliance/taskforces/poster.html",
        force=force,
        members=roster.current_members(force),
        address=address,
        code=qr.svg_inline(address, scale=6, border=1, title=force.name),
        **labels(),
    )


def _unit_choices(form: MemberForm) -> None:
    companies, departments = roster.unit_choices()
    form.unit.choices = (
        [SelectChoice("", _("— choose —"))]
        + [SelectChoice(f"c{i}", n) for i, n in companies]
        + [SelectChoice(f"d{i}", n) for i, n in departments]
    )
    people = db.session.execute(
        select(User.id, User.name, User.email)
        .where(User.active.is_(True))
        .order_by(User.name)
        .limit(2000)
    ).all()
    form.user_id.choices = [SelectChoice(0, _("— no account —"))] + [
        SelectChoice(i, f"{n} · {e}") for i, n, e in people
    ]


def _unit(value: str) -> tuple[int | None, int | None]:
    if value and value[0] in "cd" and value[1:].isdigit() and len(value) <= 11:
        return (int(value[1:]), None) if value[0] == "c" else (None, int(value[1:]))
    return None, None


@bp.route("/<int:force_id>/roster/new", methods=["GET", "POST"])
@login_required
def member_add(force_id: int):
    force = load_force(force_id)
    if not can_manage_taskforce(current_user, force):
        abort(403)
    form = MemberForm()
    _unit_choices(form)
    if request.method == "GET":
        form.joined_on.data = roster.today()
    if form.validate_on_submit():
        company_id, department_id = _unit(form.unit.data or "")
        data = roster.MemberData(
            name=form.name.data or "",
            user_id=form.user_id.data or None,
            company_id=company_id,
            department_id=department_id,
            role=form.role.data or "",
            is_party_member=bool(form.is_party_member.data),
            phone=form.phone.data or "",
            joined_on=form.joined_on.data,
        )
        try:
            member = roster.add_member(force, data, actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("%(name)s is on the roster.", name=member.display_name), "success")
            if request.form.get("again"):
                return redirect(url_for("alliance.taskforces.member_add", force_id=force.id))
            return redirect(url_for("alliance.taskforces.roster_page", force_id=force.id))
    return render_template("alliance/taskforces/member_form.html", force=force, form=form)


@bp.route("/<int:force_id>/roster/<int:member_id>/leave", methods=["POST"])
@login_required
def member_leave(force_id: int, member_id: int):
    force = load_force(force_id)
    member = db.session.get(TaskForceMember, member_id)
    if member is None or member.taskforce_id != force.id:
        abort(404)
    if not can_manage_taskforce(current_user, force):
        abort(403)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            roster.leave(
                member,
                force,
                left_on=form.left_on.data,
                note=form.note.data or "",
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s has left the force; the roster keeps the stint.",
                    name=member.display_name,
                ),
                "success",
            )
    else:
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
    return redirect(url_for("alliance.taskforces.roster_page", force_id=force.id))


@bp.route("/<int:force_id>/roster/import", methods=["GET", "POST"])
@login_required
def roster_import(force_id: int):
    """Check every row, then import all of them or none; the report names each bad row."""
    force = load_force(force_id)
    if not can_manage_taskforce(current_user, force):
        abort(403)
    form = ImportForm()
    report: list[roster_io.RowError] = []
    if form.validate_on_submit():
        file = form.file.data
        if file is None or not getattr(file, "filename", ""):
            form.file.errors = [*form.file.errors, _("Choose the roster file.")]
        else:
            data = file.stream.read(roster_io.MAX_BYTES + 1)
            try:
                rows = roster_io.read_table(file.filename, data)
                accepted, report = roster_io.check_rows(force, rows, today=roster.today())
                if not report:
                    roster.add_members(force, accepted, actor=current_user)
            except roster_io.ImportRejected as exc:
                form.file.errors = [*form.file.errors, str(exc.message)]
            except NotAllowed:
                db.session.rollback()
                abort(403)
            except DomainError as exc:
                refuse(exc, form)
            else:
                if not report:
                    db.session.commit()
                    flash(
                        ngettext(
                            "%(num)s member was imported.",
                            "%(num)s members were imported.",
                            len(accepted),
                        ),
                        "success",
                    )
                    return redirect(url_for("alliance.taskforces.roster_page", force_id=force.id))
                db.session.rollback()
    return render_template(
        "alliance/taskforces/import.html",
        force=force,
        form=form,
        report=report,
        headings=roster_io.HEADINGS,
    )


def _download(body: bytes, fmt: str, name: str) -> Response:
    mimetype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename={name}.{fmt}"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/roster-template.<any(csv, xlsx):fmt>")
@login_required
def roster_template(fmt: str):
    rows = roster_io.template_rows()
    body = roster_io.to_csv(rows) if fmt == "csv" else roster_io.to_xlsx(rows, "roster")
    return _download(body, fmt, "taskforce-roster-template")


@bp.route("/<int:force_id>/roster/export.<any(csv, xlsx):fmt>")
@login_required
def roster_export(force_id: int, fmt: str):
    """The whole roster with its history and whole phone numbers: those who may see them."""
    force = load_force(force_id)
    if not can_export_roster(current_user, force):
        abort(403)
    rows = roster_io.export_rows(force)
    body = roster_io.to_csv(rows) if fmt == "csv" else roster_io.to_xlsx(rows, force.name)
    return _download(body, fmt, f"taskforce-{force.id}-roster")
