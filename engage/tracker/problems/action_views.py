"""The problem page's POST actions: moves of the loop, comments, reassignment, due
date, watching and links. Load, check, act, commit, answer."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts.models import Company, Department, User
from engage.core.errors import DomainError, refuse
from engage.core.permissions import is_supervisor_or_admin
from engage.core.photos import save_photos
from engage.extensions import db
from engage.tracker.problems import loop, queries
from engage.tracker.problems.blueprint import bp
from engage.tracker.problems.forms import CommentForm, DueForm, LinkForm, MoveForm, ReassignForm
from engage.tracker.problems.models import ProblemStatus
from engage.tracker.problems.moves import MOVE_TARGET, TRANSITIONS, Move
from engage.tracker.problems.page import detail_context, end_of_local_day, load_problem
from engage.tracker.problems.permissions import can_comment_on_problem
from engage.tracker.vocab import STATUS_LABELS


def _back(problem):
    return redirect(url_for("tracker.problems.detail", number=problem.number))


def _again(problem, key: str, form):
    """Show the page again with the submitted form and its errors beside the fields."""
    return render_template(
        "tracker/problems/detail.html", **detail_context(problem, {key: form})
    ), 400


def _refused(number: str, key: str, form, exc: DomainError):
    """Roll back; a stale form or a refusal is flashed on the problem page, a missing or
    wrong input goes beside its field on the page shown again."""
    if isinstance(exc, loop.ProblemChanged):
        refuse(exc, category="warning")
        return _back(load_problem(number))
    refuse(exc, form)
    if exc.field is not None and getattr(form, exc.field, None) is not None:
        return _again(load_problem(number), key, form)
    return _back(load_problem(number))


@bp.route("/problems/<number>/move/<move>", methods=["POST"])
@login_required
def move(number: str, move: str):
    problem = load_problem(number)
    try:
        move = Move(move)
    except ValueError:
        abort(404)
    form = MoveForm(prefix=move.value)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash(_("The form has expired. Reload the page and try again."), "danger")
            return _back(problem)
        return _again(problem, move, form)
    photos = save_photos(form.photos, actor=current_user)
    if photos is None:
        db.session.rollback()
        return _again(problem, move, form)
    extra = {}
    if move is Move.ASSIGN:
        extra = {
            "company": db.session.get(Company, form.company.data) if form.company.data else None,
            "department": db.session.get(Department, form.department.data)
            if form.department.data
            else None,
            "assignee": db.session.get(User, form.assignee.data) if form.assignee.data else None,
        }
        if extra["company"] is not None and not is_supervisor_or_admin(current_user):
            extra["company"] = None
    if move is Move.REJECT and form.duplicate_of.data:
        original = queries.get_by_number(form.duplicate_of.data)
        if original is None or not can_comment_on_problem(current_user, original):
            form.duplicate_of.errors = [_("No problem with this number.")]
            return _again(problem, move, form)
        extra["duplicate_of"] = original
    try:
        loop.transition(
            problem,
            _target(problem, move),
            actor=current_user,
            note=form.note.data or "",
            photos=photos,
            version=form.version.data,
            expected=move,
            **extra,
        )
    except DomainError as exc:
        return _refused(number, move, form, exc)
    db.session.commit()
    flash(
        _(
            "Done: %(number)s is now “%(status)s”.",
            number=problem.number,
            status=STATUS_LABELS[problem.status],
        ),
        "success",
    )
    return _back(problem)


def _target(problem, move: Move) -> ProblemStatus:
    """Where `move` leads from the problem's state (or its usual target, which the
    service then refuses with a clear message)."""
    for (frm, to), m in TRANSITIONS.items():
        if m is move and frm == problem.status:
            return to
    return MOVE_TARGET[move]


@bp.route("/problems/<number>/comment", methods=["POST"])
@login_required
def comment(number: str):
    problem = load_problem(number)
    form = CommentForm(prefix="comment")
    if not form.validate_on_submit():
        return _again(problem, "comment", form)
    photos = save_photos(form.photos, actor=current_user)
    if photos is None:
        db.session.rollback()
        return _again(problem, "comment", form)
    try:
        loop.comment(problem, actor=current_user, note=form.note.data or "", photos=photos)
    except DomainError as exc:
        return _refused(number, "comment", form, exc)
    db.session.commit()
    flash(_("Your comment was added."), "success")
    return _back(problem)


@bp.route("/problems/<number>/reassign", methods=["POST"])
@login_required
def reassign(number: str):
    problem = load_problem(number)
    form = ReassignForm(prefix="reassign")
    if not form.validate_on_submit():
        return _again(problem, "reassign", form)
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    try:
        loop.reassign(
            problem,
            actor=current_user,
            assignee=assignee,
            note=form.note.data or "",
            version=form.version.data,
        )
    except DomainError as exc:
        exc.field = None  # every refusal here is shown at the top of the page
        return _refused(number, "reassign", form, exc)
    db.session.commit()
    flash(_("The assignee was changed."), "success")
    return _back(problem)


@bp.route("/problems/<number>/due", methods=["POST"])
@login_required
def change_due(number: str):
    problem = load_problem(number)
    form = DueForm(prefix="due")
    if not form.validate_on_submit():
        return _again(problem, "due", form)
    try:
        loop.change_due(
            problem,
            actor=current_user,
            due_at=end_of_local_day(form.due.data),
            note=form.note.data,
            version=form.version.data,
        )
    except DomainError as exc:
        return _refused(number, "due", form, exc)
    db.session.commit()
    flash(_("The due date was changed."), "success")
    return _back(problem)


@bp.route("/problems/<number>/watch", methods=["POST"])
@login_required
def watch(number: str):
    problem = load_problem(number)
    loop.watch(problem, actor=current_user)
    db.session.commit()
    flash(_("You watch this problem: you will hear of every change."), "success")
    return _back(problem)


@bp.route("/problems/<number>/unwatch", methods=["POST"])
@login_required
def unwatch(number: str):
    problem = load_problem(number)
    loop.unwatch(problem, actor=current_user)
    db.session.commit()
    flash(_("You no longer watch this problem."), "info")
    return _back(problem)


@bp.route("/problems/<number>/link", methods=["POST"])
@login_required
def link(number: str):
    problem = load_problem(number)
    form = LinkForm(prefix="link")
    if not form.validate_on_submit():
        return _again(problem, "link", form)
    other = queries.get_by_number(form.number.data)
    if other is None or not can_comment_on_problem(current_user, other):
        form.number.errors = [_("No problem with this number.")]
        return _again(problem, "link", form)
    try:
        loop.link_problems(problem, other, actor=current_user)
    except DomainError as exc:
        return _refused(number, "link", form, exc)
    db.session.commit()
    flash(_("The problems were linked."), "success")
    return _back(problem)
