"""Task force pages: the list, the overview, one force, forming and editing, goals, work, log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from engage.accounts import all_areas
from engage.accounts.models import Company, CompanyRole, User
from engage.alliance.alliances.models import Alliance
from engage.alliance.taskforces import overview as overview_data
from engage.alliance.taskforces import services
from engage.alliance.taskforces.blueprint import bp
from engage.alliance.taskforces.forms import (
    ActivityForm,
    AssignPointForm,
    AssignProblemForm,
    GoalForm,
    LeaveForm,
    TaskForceForm,
)
from engage.alliance.taskforces.models import (
    ACTIVITY_LABELS,
    MEASURE_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    MemberRole,
    TaskForce,
    TaskForceGoal,
)
from engage.alliance.taskforces.permissions import (
    can_create_taskforce,
    can_edit_taskforce,
    can_export_roster,
    can_manage_taskforce,
    can_record_activity,
    can_see_phones,
    can_view_overview,
    can_view_taskforce,
)
from engage.alliance.taskforces.roster import current_members, member_user_ids, today
from engage.core.args import choice_arg, int_arg
from engage.core.errors import DomainError, NotAllowed, StaleVersion, refuse
from engage.core.i18n import local_name_column
from engage.core.pagination import paginate
from engage.core.vocab import FOCUS_TARGET_LABELS, FocusTarget
from engage.extensions import db


def load_force(force_id: int) -> TaskForce:
    force = db.session.get(TaskForce, force_id)
    if force is None or not can_view_taskforce(current_user, force):
        abort(404)
    return force


def labels() -> dict:
    return {
        "focus_labels": FOCUS_TARGET_LABELS,
        "role_labels": ROLE_LABELS,
        "status_labels": STATUS_LABELS,
        "measure_labels": MEASURE_LABELS,
        "activity_labels": ACTIVITY_LABELS,
        "programme": services.PROGRAMME,
    }


def perms(force: TaskForce) -> dict:
    return {
        "can_edit": can_edit_taskforce(current_user, force),
        "can_manage": can_manage_taskforce(current_user, force),
        "can_export": can_export_roster(current_user, force),
        "show_phones": can_see_phones(current_user, force),
    }


@bp.route("/")
@login_required
def index():
    area_id = int_arg("area")
    focus = choice_arg("focus", FocusTarget._value2member_map_)
    status = choice_arg("status", ("active", "finished"))
    page = paginate(
        services.list_taskforces(area_id=area_id, focus=focus, status=status), per_page=20
    )
    ids = [f.id for f in page.items]
    return render_template(
        "alliance/taskforces/index.html",
        page=page,
        counts=services.member_counts(ids),
        areas=all_areas(),
        area_id=area_id,
        focus=focus,
        status=status,
        can_create=can_create_taskforce(current_user),
        **labels(),
    )


@bp.route("/overview")
@login_required
def overview():
    if not can_view_overview(current_user):
        abort(404)
    year_start = today().replace(month=1, day=1)
    data = overview_data.build(current_user, year_start=year_start)
    chart = overview_data.bar_chart(data.forces, data.handled, data.open_now)
    chart_phone = overview_data.bar_chart(data.forces, data.handled, data.open_now, width=360)
    return render_template(
        "alliance/taskforces/overview.html",
        data=data,
        chart=chart,
        chart_phone=chart_phone,
        roles=list(MemberRole),
        focus_targets=list(FocusTarget),
        **labels(),
    )


def _fill(form: TaskForceForm) -> None:
    form.area_id.choices = [SelectChoice(0, _("Choose…"))] + [
        SelectChoice(a.id, a.display_name()) for a in all_areas()
    ]
    leaders = db.session.execute(
        select(User.id, User.name, local_name_column(Company))
        .outerjoin(Company, Company.id == User.company_id)
        .where(
            User.active.is_(True),
            or_(
                User.platform_role.is_not(None),
                User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
            ),
        )
        .order_by(User.name)
        .limit(2000)
    ).all()
    form.leader_id.choices = [SelectChoice(0, _("— none yet —"))] + [
        SelectChoice(i, f"{n} · {c}" if c else n) for i, n, c in leaders
    ]
    form.alliance_ids.choices = [
        SelectChoice(a.id, a.display_name())
        for a in db.session.scalars(
            select(Alliance).where(Alliance.is_active.is_(True)).order_by(Alliance.name)
        )
    ]


def _data(form: TaskForceForm) -> services.ForceData:
    return services.ForceData(
        name=form.name.data or "",
        area_id=form.area_id.data or None,
        focus_target=form.focus_target.data or "",
        leader_id=form.leader_id.data or None,
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        goals_text=form.goals_text.data or "",
        status=form.status.data or "active",
        alliance_ids=list(form.alliance_ids.data or []),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_taskforce(current_user):
        abort(403)
    form = TaskForceForm()
    _fill(form)
    if request.method == "GET":
        form.starts_on.data = today()
        form.focus_target.data = request.args.get("focus", FocusTarget.HIGH_RISE.value)
    if form.validate_on_submit():
        try:
            force = services.create_taskforce(_data(form), actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(
                _(
                    "The task force %(name)s is formed. Add its goals and members next.",
                    name=force.name,
                ),
                "success",
            )
            return redirect(url_for("alliance.taskforces.detail", force_id=force.id))
    return render_template("alliance/taskforces/form.html", form=form, force=None)


@bp.route("/<int:force_id>/edit", methods=["GET", "POST"])
@login_required
def edit(force_id: int):
    force = load_force(force_id)
    if not can_edit_taskforce(current_user, force):
        abort(403)
    form = TaskForceForm(obj=force)
    _fill(form)
    if request.method == "GET":
        form.focus_target.data = force.focus_target.value
        form.status.data = force.status.value
        form.leader_id.data = force.leader_id or 0
        form.alliance_ids.data = [link.alliance_id for link in force.alliance_links]
        form.version.data = force.version
    if form.validate_on_submit():
        try:
            services.update_taskforce(
                force, _data(form), actor=current_user, version=form.version.data
            )
        except StaleVersion as exc:
            refuse(exc)
            return redirect(url_for("alliance.taskforces.edit", force_id=force_id))
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The task force %(name)s is saved.", name=force.name), "success")
            return redirect(url_for("alliance.taskforces.detail", force_id=force.id))
    return render_template(
        "alliance/taskforces/form.html", form=form, force=force, goal_form=GoalForm(), **labels()
    )


@bp.route("/<int:force_id>")
@login_required
def detail(force_id: int):
    force = load_force(force_id)
    problems, points = services.work_of(force, current_user)
    counts = services.activity_counts(force)
    members = current_members(force)
    recent = db.session.scalars(services.list_activities(force).limit(10)).all()
    return render_template(
        "alliance/taskforces/detail.html",
        force=force,
        members=members,
        open_problems=[p for p in problems if p.is_open],
        closed_problems=[p for p in problems if not p.is_open],
        overdue=[p for p in problems if p.overdue],
        points=points,
        progress=services.progress(force, problems, points, counts),
        counts=counts,
        recent=recent,
        alliances=services.alliances_of(force),
        can_log=can_record_activity(current_user, force, member_user_ids(force)),
        problem_form=AssignProblemForm(),
        point_form=AssignPointForm(),
        leave_form=LeaveForm(),
        **perms(force),
        **labels(),
    )


@bp.route("/<int:force_id>/goals", methods=["POST"])
@login_required
def goal_add(force_id: int):
    force = load_force(force_id)
    if not can_edit_taskforce(current_user, force):
        abort(403)
    form = GoalForm()
    if form.validate_on_submit():
        try:
            services.add_goal(
                force,
                services.GoalData(
                    title=form.title.data or "",
                    measure=form.measure.data or "",
                    target=form.target.data,
                    unit=form.unit.data or "",
                    due_on=form.due_on.data,
                ),
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(_("The goal is added."), "success")
            return redirect(url_for("alliance.taskforces.edit", force_id=force.id) + "#goals")
    else:
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
    return redirect(url_for("alliance.taskforces.edit", force_id=force.id) + "#goals")


@bp.route("/<int:force_id>/goals/<int:goal_id>/remove", methods=["POST"])
@login_required
def goal_remove(force_id: int, goal_id: int):
    force = load_force(force_id)
    goal = db.session.get(TaskForceGoal, goal_id)
    if goal is None or goal.taskforce_id != force.id:
        abort(404)
    if not can_edit_taskforce(current_user, force):
        abort(403)
    services.remove_goal(force, goal, actor=current_user)
    db.session.commit()
    flash(_("The goal is removed."), "success")
    return redirect(url_for("alliance.taskforces.edit", force_id=force.id) + "#goals")


def _require_manage(force: TaskForce) -> None:
    if not can_manage_taskforce(current_user, force):
        abort(403)


@bp.route("/<int:force_id>/pickup", methods=["GET", "POST"])
@login_required
def pickup(force_id: int):
    """Problems matching the force's focus target and area, to take on in bulk."""
    force = load_force(force_id)
    _require_manage(force)
    if request.method == "POST":
        chosen = [
            int(v)
            for v in request.form.getlist("problem_ids")
            if v.isascii() and v.isdigit() and len(v) <= 10
        ]
        try:
            count = services.pick_up(force, chosen, actor=current_user)
        except NotAllowed:
            db.session.rollback()
            abort(403)
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(
                ngettext(
                    "The force took on %(num)s problem.",
                    "The force took on %(num)s problems.",
                    count,
                ),
                "success",
            )
            return redirect(url_for("alliance.taskforces.detail", force_id=force.id))
    candidates = services.pickup_candidates(force, current_user)
    return render_template(
        "alliance/taskforces/pickup.html", force=force, candidates=candidates, **labels()
    )


def _assign(force: TaskForce, action, form, ok_message: str):
    _require_manage(force)
    if form.validate_on_submit():
        try:
            action()
        except NotAllowed:
            db.session.rollback()
            abort(403)
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(ok_message, "success")
    else:
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
    return redirect(url_for("alliance.taskforces.detail", force_id=force.id) + "#work")


@bp.route("/<int:force_id>/problems", methods=["POST"])
@login_required
def assign_problem(force_id: int):
    force = load_force(force_id)
    form = AssignProblemForm()
    return _assign(
        force,
        lambda: services.assign_problem(force, form.number.data, actor=current_user),
        form,
        _("The problem is in the force's charge."),
    )


@bp.route("/<int:force_id>/points", methods=["POST"])
@login_required
def assign_point(force_id: int):
    force = load_force(force_id)
    form = AssignPointForm()
    return _assign(
        force,
        lambda: services.assign_point(force, form.code.data, actor=current_user),
        form,
        _("The point is in the force's charge."),
    )


@bp.route("/<int:force_id>/points/matching", methods=["POST"])
@login_required
def assign_matching_points(force_id: int):
    force = load_force(force_id)
    _require_manage(force)
    try:
        count = services.assign_matching_points(force, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            _(
                "%(n)s points of the focus target in the area are now in the force's charge.",
                n=count,
            ),
            "success",
        )
    return redirect(url_for("alliance.taskforces.detail", force_id=force.id) + "#work")


@bp.route("/<int:force_id>/<any(problem, point):kind>/<int:target_id>/release", methods=["POST"])
@login_required
def release(force_id: int, kind: str, target_id: int):
    force = load_force(force_id)
    _require_manage(force)
    try:
        services.release(force, kind, target_id, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("It is no longer in the force's charge."), "success")
    return redirect(url_for("alliance.taskforces.detail", force_id=force.id) + "#work")


@bp.route("/<int:force_id>/log")
@login_required
def activities(force_id: int):
    force = load_force(force_id)
    page = paginate(services.list_activities(force), per_page=30)
    return render_template(
        "alliance/taskforces/activities.html",
        force=force,
        page=page,
        can_log=can_record_activity(current_user, force, member_user_ids(force)),
        **labels(),
    )


@bp.route("/<int:force_id>/log/new", methods=["GET", "POST"])
@login_required
def activity_add(force_id: int):
    force = load_force(force_id)
    if not can_record_activity(current_user, force, member_user_ids(force)):
        abort(403)
    form = ActivityForm()
    companies = db.session.execute(
        select(Company.id, local_name_column(Company))
        .where(Company.is_active.is_(True), Company.area_id == force.area_id)
        .order_by(Company.name)
    ).all()
    form.company_id.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(c.id, c.name) for c in companies
    ]
    if request.method == "GET":
        form.occurred_on.data = today()
        form.problem_number.data = request.args.get("problem", "")[:20]
        if request.args.get("kind") in ACTIVITY_LABELS:
            form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        try:
            services.record_activity(
                force,
                services.ActivityData(
                    kind=form.kind.data or "",
                    occurred_on=form.occurred_on.data,
                    title=form.title.data or "",
                    notes=form.notes.data or "",
                    company_id=form.company_id.data or None,
                    problem_number=form.problem_number.data or "",
                ),
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The work is in the force's log."), "success")
            return redirect(url_for("alliance.taskforces.detail", force_id=force.id) + "#log")
    return render_template("alliance/taskforces/activity_form.html", force=force, form=form)


from engage.alliance.taskforces import roster_views as _roster_views  # noqa: E402,F401

__all__ = ["bp"]
