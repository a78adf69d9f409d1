"""Problem pages: list, export, report form, problem page, my work, due rules."""

from __future__ import annotations

from datetime import datetime, time

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engage.accounts.models import Company, Department, User
from engage.core import photos as core_photos
from engage.core.pagination import page_arg
from engage.core.permissions import is_admin, require_visible
from engage.core.timeutil import reader_zone
from engage.extensions import db
from engage.tracker.models import (
    Point,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ProblemLink,
    ProblemPhoto,
    ProblemSource,
    ProblemStatus,
    ProblemWatcher,
    Severity,
)
from engage.tracker.permissions import sees_any_problem
from engage.tracker.problems import export, loop, queries, reporting
from engage.tracker.problems.forms import (
    MAX_PHOTOS,
    CommentForm,
    DueForm,
    DueRulesForm,
    LinkForm,
    MoveForm,
    ProblemCreateForm,
    ReassignForm,
)
from engage.tracker.problems.vocab import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_TONES,
    SOURCE_LABELS,
)
from engage.tracker.views import bp

PER_PAGE = 20


def end_of_local_day(day) -> datetime:
    """A due date picked as a day means the end of that day where the reader is."""
    return datetime.combine(day, time(23, 59), tzinfo=reader_zone())


def save_photos(field) -> list:
    """Save the uploaded images of a MultipleFileField; errors go next to the field."""
    return core_photos.save_photos(field, actor=current_user, limit=MAX_PHOTOS)


def labels() -> dict:
    return {"status_labels": loop.STATUS_LABELS, "status_tones": loop.STATUS_TONES,
            "severity_labels": SEVERITY_LABELS, "severity_tones": SEVERITY_TONES,
            "source_labels": SOURCE_LABELS, "category_labels": CATEGORY_LABELS,
            "move_labels": loop.MOVE_LABELS}


@bp.route("/problems")
@login_required
def problem_index():
    filters = queries.ProblemFilters.from_args(request.args)
    page = queries.list_page(current_user, filters, page=page_arg(), per_page=PER_PAGE)
    return render_template("tracker/problems/index.html", page=page, filters=filters,
                           companies=_filter_companies(filters),
                           departments=reporting.all_departments(),
                           can_report=reporting.can_report(current_user),
                           statuses=list(ProblemStatus), severities=list(Severity),
                           sources=list(ProblemSource), categories=list(ProblemCategory),
                           max_rows=export.MAX_ROWS, **labels())


def _filter_companies(filters) -> list[tuple[int, str]]:
    """The company filter offers what the reader may pick from (bounded)."""
    return reporting.company_choices(current_user)


@bp.route("/problems/export.<fmt>")
@login_required
def problem_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = queries.ProblemFilters.from_args(request.args)
    stamp = datetime.now(reader_zone()).strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        return Response(stream_with_context(export.to_csv(current_user, filters)),
                        mimetype="text/csv",
                        headers={"Content-Disposition":
                                 f"attachment; filename=problems-{stamp}.csv"})
    return Response(export.to_xlsx(current_user, filters),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=problems-{stamp}.xlsx"})


def _fill_create_choices(form: ProblemCreateForm) -> None:
    points = reporting.usable_points(current_user)
    form.point.choices = [(None, _("— no point —"))] + [
        (p.id, f"{p.company.name} · {p.name}") for p in points]
    staff = current_user.is_park_staff
    companies = reporting.company_choices(current_user) if staff else []
    form.company.choices = [(None, _("— the point's company —"))] + companies
    form.department.choices = [(None, _("— none —"))] + [
        (d.id, d.name) for d in reporting.all_departments()]
    people = reporting.people_of(current_user.company_id) if not staff else []
    form.assignee.choices = [(None, _("— assign later —"))] + [(u.id, u.name) for u in people]
    if not staff:
        form.source.choices = [(ProblemSource.SELF_CHECK.value,
                                str(SOURCE_LABELS[ProblemSource.SELF_CHECK]))]
        del form.company
    else:
        del form.assignee


@bp.route("/problems/new", methods=["GET", "POST"])
@login_required
def problem_create():
    if not reporting.can_report(current_user):
        abort(404)
    form = ProblemCreateForm()
    _fill_create_choices(form)
    if request.method == "GET":
        point_id = queries._int(request.args.get("point"))
        if point_id in {c[0] for c in form.point.choices}:
            form.point.data = point_id
        form.source.data = (ProblemSource.SUPERVISOR_VISIT.value if current_user.is_park_staff
                            else ProblemSource.SELF_CHECK.value)
    if form.validate_on_submit():
        photos = save_photos(form.photos)
        if photos is not None:
            point = db.session.get(Point, form.point.data) if form.point.data else None
            company = (db.session.get(Company, form.company.data)
                       if "company" in form and form.company.data else None)
            department = (db.session.get(Department, form.department.data)
                          if form.department.data else None)
            assignee = (db.session.get(User, form.assignee.data)
                        if "assignee" in form and form.assignee.data else None)
            try:
                problem = reporting.report_problem(
                    actor=current_user, title=form.title.data,
                    category=ProblemCategory(form.category.data),
                    severity=Severity(form.severity.data),
                    source=ProblemSource(form.source.data), description=form.description.data,
                    point=point, company=company, department=department, assignee=assignee,
                    due_at=end_of_local_day(form.due.data) if form.due.data else None,
                    location_text=form.location_text.data or "", photos=photos)
            except loop.LoopError as exc:
                db.session.rollback()
                form.point.errors = [*form.point.errors, exc.message]
            else:
                db.session.commit()
                flash(_("Problem %(number)s reported.", number=problem.number), "success")
                return redirect(url_for("tracker.problem_detail", number=problem.number))
    return render_template("tracker/problems/create.html", form=form,
                           due_days=reporting.due_rule_days(), **labels()), (
        400 if form.is_submitted() else 200)


def load_problem(number: str) -> Problem:
    """The problem, or 404 when it does not exist or the reader may not see it."""
    return require_visible(current_user, queries.get_by_number(number))


def detail_context(problem: Problem, forms: dict | None = None) -> dict:
    events = db.session.scalars(
        select(ProblemEvent).where(ProblemEvent.problem_id == problem.id)
        .order_by(ProblemEvent.created_at, ProblemEvent.id)
        .options(selectinload(ProblemEvent.actor), selectinload(ProblemEvent.photos))).all()
    photos = db.session.scalars(select(ProblemPhoto).where(ProblemPhoto.problem_id == problem.id)
                                .order_by(ProblemPhoto.id)).all()
    links = db.session.scalars(select(ProblemLink).where(ProblemLink.problem_id == problem.id)
                               .order_by(ProblemLink.id)).all()
    linked_numbers = {}
    problem_ids = [link.target_id for link in links if link.target_kind == "problem"]
    if problem_ids:
        linked_numbers = dict(db.session.execute(
            select(Problem.id, Problem.number).where(Problem.id.in_(problem_ids))).all())
    watching = db.session.scalar(select(ProblemWatcher.id).where(
        ProblemWatcher.problem_id == problem.id, ProblemWatcher.user_id == current_user.id))
    watchers = db.session.scalar(select(db.func.count(ProblemWatcher.id)).where(
        ProblemWatcher.problem_id == problem.id))
    moves = loop.allowed_moves(current_user, problem)
    forms = dict(forms or {})
    people = None
    for move in moves:
        if move not in forms:
            forms[move] = MoveForm(prefix=move.value, formdata=None,
                                   data={"version": problem.version})
        if move is loop.Move.ASSIGN:
            people = _fill_assign_choices(forms[move], problem)
    can_reassign = loop.can_reassign(current_user, problem)
    if can_reassign and "reassign" not in forms:
        forms["reassign"] = ReassignForm(prefix="reassign", formdata=None,
                                         data={"version": problem.version,
                                               "assignee": problem.assignee_id})
    if can_reassign:
        people = people or reporting.people_of(problem.company_id, problem.department_id)
        forms["reassign"].assignee.choices = [(None, _("— nobody —"))] + [
            (u.id, u.name) for u in people]
    if loop.can_change_due(current_user, problem) and "due" not in forms:
        forms["due"] = DueForm(prefix="due", formdata=None, data={"version": problem.version})
    forms.setdefault("comment", CommentForm(prefix="comment", formdata=None))
    forms.setdefault("link", LinkForm(prefix="link", formdata=None))
    return {"problem": problem, "events": events,
            "before_photos": [p for p in photos if p.stage.value == "before"],
            "after_photos": [p for p in photos if p.stage.value == "after"],
            "links": links, "linked_numbers": linked_numbers, "watching": watching is not None,
            "watchers": watchers, "moves": moves, "forms": forms,
            "can_reassign": can_reassign, "Move": loop.Move,
            "can_change_due": loop.can_change_due(current_user, problem), **labels()}


def _fill_assign_choices(form: MoveForm, problem: Problem) -> list[User]:
    staff = current_user.is_admin or current_user.is_supervisor
    companies = reporting.company_choices(current_user) if staff else []
    form.company.choices = [(None, _("— keep: %(name)s —", name=problem.company.name)
                             if problem.company else _("— none —"))] + companies
    form.department.choices = [(None, _("— keep —"))] + [
        (d.id, d.name) for d in reporting.all_departments()]
    people = reporting.people_of(problem.company_id, problem.department_id)
    form.assignee.choices = [(None, _("— no one yet —"))] + [(u.id, u.name) for u in people]
    return people


@bp.route("/problems/<number>")
@login_required
def problem_detail(number: str):
    problem = load_problem(number)
    return render_template("tracker/problems/detail.html", **detail_context(problem))


@bp.route("/my-work")
@login_required
def my_work():
    return render_template("tracker/problems/my_work.html",
                           sections=queries.my_work(current_user),
                           can_report=reporting.can_report(current_user), **labels())


@bp.route("/admin/due-rules", methods=["GET", "POST"])
@login_required
def due_rules():
    if not is_admin(current_user):
        abort(404)
    current = reporting.due_rule_days()
    form = DueRulesForm(data={s.value: d for s, d in current.items()})
    if form.validate_on_submit():
        reporting.set_due_rules({s: getattr(form, s.value).data for s in Severity},
                                actor=current_user)
        db.session.commit()
        flash(_("The due rules were saved."), "success")
        return redirect(url_for("tracker.due_rules"))
    return render_template("tracker/problems/due_rules.html", form=form), (
        400 if form.is_submitted() else 200)


def require_problem_pages() -> None:
    if not sees_any_problem(current_user):
        abort(404)
