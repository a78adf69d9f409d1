"""The problem page's POST actions: moves of the loop, comments, reassignment, due
date, watching and links. Load, check, act, commit, answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts.models import Company, Department, User
from engage.extensions import db
from engage.tracker.models import ProblemStatus
from engage.tracker.problems import loop, queries
from engage.tracker.problems.forms import CommentForm, DueForm, LinkForm, MoveForm, ReassignForm
from engage.tracker.problems.routes import (
    detail_context,
    end_of_local_day,
    load_problem,
    save_photos,
)
from engage.tracker.views import bp


def _back(problem):
    return redirect(url_for("tracker.problem_detail", number=problem.number))


def _again(problem, key: str, form):
    """Show the page again with the submitted form and its errors beside the fields."""
    return render_template("tracker/problems/detail.html",
                           **detail_context(problem, {key: form})), 400


def _changed(exc: loop.ProblemChanged):
    db.session.rollback()
    problem = load_problem(exc.problem.number)
    flash(_("The problem changed while you were looking at it; it is now “%(status)s”. "
            "Check the new state and try again.",
            status=loop.STATUS_LABELS[problem.status]), "warning")
    return _back(problem)


@bp.route("/problems/<number>/move/<move>", methods=["POST"])
@login_required
def problem_move(number: str, move: str):
    problem = load_problem(number)
    try:
        move = loop.Move(move)
    except ValueError:
        abort(404)
    form = MoveForm(prefix=move.value)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash(_("The form has expired. Reload the page and try again."), "danger")
            return _back(problem)
        return _again(problem, move, form)
    photos = save_photos(form.photos)
    if photos is None:
        return _again(problem, move, form)
    extra = {}
    if move is loop.Move.ASSIGN:
        extra = {"company": db.session.get(Company, form.company.data)
                 if form.company.data else None,
                 "department": db.session.get(Department, form.department.data)
                 if form.department.data else None,
                 "assignee": db.session.get(User, form.assignee.data)
                 if form.assignee.data else None}
        if extra["company"] is not None and not (current_user.is_admin
                                                 or current_user.is_supervisor):
            extra["company"] = None
    if move is loop.Move.REJECT and form.duplicate_of.data:
        original = queries.get_by_number(form.duplicate_of.data)
        if original is None or not loop.can_comment(current_user, original):
            form.duplicate_of.errors = [_("No problem with this number.")]
            return _again(problem, move, form)
        extra["duplicate_of"] = original
    target = _target(problem, move)
    try:
        loop.transition(problem, target, actor=current_user, note=form.note.data or "",
                        photos=photos, version=form.version.data, **extra)
    except loop.ProblemChanged as exc:
        return _changed(exc)
    except loop.NoteRequired as exc:
        db.session.rollback()
        target_field = getattr(form, exc.field, None) or form.note
        target_field.errors = [*target_field.errors, exc.message]
        return _again(load_problem(number), move, form)
    except loop.LoopError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _back(load_problem(number))
    db.session.commit()
    flash(_("Done: %(number)s is now “%(status)s”.", number=problem.number,
            status=loop.STATUS_LABELS[problem.status]), "success")
    return _back(problem)


def _target(problem, move: loop.Move) -> ProblemStatus:
    """Where `move` leads from the problem's state (or its usual target, which the
    service then refuses with a clear message)."""
    for (frm, to), m in loop.TRANSITIONS.items():
        if m is move and frm == problem.status:
            return to
    return loop.MOVE_TARGET[move]


@bp.route("/problems/<number>/comment", methods=["POST"])
@login_required
def problem_comment(number: str):
    problem = load_problem(number)
    form = CommentForm(prefix="comment")
    if not form.validate_on_submit():
        return _again(problem, "comment", form)
    photos = save_photos(form.photos)
    if photos is None:
        return _again(problem, "comment", form)
    try:
        loop.comment(problem, actor=current_user, note=form.note.data or "", photos=photos)
    except loop.LoopError as exc:
        db.session.rollback()
        form.note.errors = [exc.message]
        return _again(load_problem(number), "comment", form)
    db.session.commit()
    flash(_("Your comment was added."), "success")
    return _back(problem)


@bp.route("/problems/<number>/reassign", methods=["POST"])
@login_required
def problem_reassign(number: str):
    problem = load_problem(number)
    form = ReassignForm(prefix="reassign")
    if not form.validate_on_submit():
        return _again(problem, "reassign", form)
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    try:
        loop.reassign(problem, actor=current_user, assignee=assignee, note=form.note.data or "",
                      version=form.version.data)
    except loop.ProblemChanged as exc:
        return _changed(exc)
    except loop.LoopError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _back(load_problem(number))
    db.session.commit()
    flash(_("The assignee was changed."), "success")
    return _back(problem)


@bp.route("/problems/<number>/due", methods=["POST"])
@login_required
def problem_due(number: str):
    problem = load_problem(number)
    form = DueForm(prefix="due")
    if not form.validate_on_submit():
        return _again(problem, "due", form)
    try:
        loop.change_due(problem, actor=current_user, due_at=end_of_local_day(form.due.data),
                        note=form.note.data, version=form.version.data)
    except loop.ProblemChanged as exc:
        return _changed(exc)
    except loop.LoopError as exc:
        db.session.rollback()
        flash(exc.message, "danger")
        return _back(load_problem(number))
    db.session.commit()
    flash(_("The due date was changed."), "success")
    return _back(problem)


@bp.route("/problems/<number>/watch", methods=["POST"])
@login_required
def problem_watch(number: str):
    problem = load_problem(number)
    loop.watch(problem, actor=current_user)
    db.session.commit()
    flash(_("You watch this problem: you will hear of every change."), "success")
    return _back(problem)


@bp.route("/problems/<number>/unwatch", methods=["POST"])
@login_required
def problem_unwatch(number: str):
    problem = load_problem(number)
    loop.unwatch(problem, actor=current_user)
    db.session.commit()
    flash(_("You no longer watch this problem."), "info")
    return _back(problem)


@bp.route("/problems/<number>/link", methods=["POST"])
@login_required
def problem_link(number: str):
    problem = load_problem(number)
    form = LinkForm(prefix="link")
    if not form.validate_on_submit():
        return _again(problem, "link", form)
    other = queries.get_by_number(form.number.data)
    if other is None or not loop.can_comment(current_user, other):
        form.number.errors = [_("No problem with this number.")]
        return _again(problem, "link", form)
    try:
        loop.link_problems(problem, other, actor=current_user)
    except loop.LoopError as exc:
        db.session.rollback()
        form.number.errors = [exc.message]
        return _again(load_problem(number), "link", form)
    db.session.commit()
    flash(_("The problems were linked."), "success")
    return _back(problem)
