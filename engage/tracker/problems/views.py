"""Problem pages: list, export, report form, problem page, my work, due rules.

The problem page's POST actions are in action_views.py and the dashboards in
dashboard_views.py; all three add their routes to this part's blueprint.
"""

from __future__ import annotations

from datetime import datetime

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
from markupsafe import Markup, escape

from engage.accounts.models import Company, Department, User
from engage.core.args import int_arg
from engage.core.errors import DomainError, refuse
from engage.core.pagination import page_arg
from engage.core.photos import save_photos
from engage.core.timeutil import reader_zone
from engage.extensions import db
from engage.tracker import limits
from engage.tracker.problems import (  # noqa: F401 - their routes join this blueprint
    action_views,
    dashboard_views,
    export,
    identity,
    queries,
    services,
)
from engage.tracker.problems.blueprint import bp
from engage.tracker.problems.forms import DueRulesForm, ProblemCreateForm
from engage.tracker.problems.models import (
    Point,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Severity,
)
from engage.tracker.problems.page import (
    assignee_choices,
    departments_by_name,
    detail_context,
    end_of_local_day,
    labels,
    load_problem,
)
from engage.tracker.problems.permissions import (
    TEMPLATE_GLOBALS,
    can_edit_due_rules,
    can_report_problem,
)
from engage.tracker.vocab import SOURCE_LABELS, STATUS_LABELS, STATUS_TONES
from engage.tracker.whistles import services as whistles
from engage.tracker.whistles.permissions import can_route_whistles

PER_PAGE = 20


# Templates ask the same permission functions the views and services do.
bp.record_once(lambda state: state.app.jinja_env.globals.update(TEMPLATE_GLOBALS))
bp.record_once(lambda state: state.app.jinja_env.globals.update(identity.TEMPLATE_GLOBALS))


@bp.app_template_global()
def problem_status_label(status) -> str:
    """The status's label in the reader's language (the status_badge macro's text)."""
    return STATUS_LABELS[ProblemStatus(status)]


@bp.app_template_global()
def problem_status_tone(status) -> str:
    return STATUS_TONES[ProblemStatus(status)]


@bp.app_template_global()
def problem_url_prefix() -> str:
    """A problem page's address without the number, for lists that link many problems
    (one url_for per page, not per row): a number is letters, digits and hyphens."""
    return url_for("tracker.problems.detail", number="P")[:-1]


def company_options(companies: list[tuple[int, str]], selected: int | None) -> Markup:
    """The company filter's <option>s, written in one pass: a park of 2,000 companies
    offers them all, and a template loop costs ten times as much per option. The names
    are escaped together (one line each) when none of them holds a line break."""
    text = "\n".join(name for _cid, name in companies)
    if text.count("\n") == len(companies) - 1:
        names = str(escape(text)).split("\n")
    else:
        names = [str(escape(name)) for _cid, name in companies]
    return Markup(  # noqa: S704 - every name is escaped, ids are integers
        "".join(
            f'<option value="{cid}"{" selected" if cid == selected else ""}>{name}</option>'
            for (cid, _name), name in zip(companies, names, strict=True)
        )
    )


@bp.route("/problems")
@login_required
def index():
    filters = queries.ProblemFilters.from_request()
    page = queries.list_page(current_user, filters, page=page_arg(), per_page=PER_PAGE)
    companies = services.company_choices(current_user)
    return render_template(
        "tracker/problems/index.html",
        page=page,
        filters=filters,
        companies=companies,
        company_options=company_options(companies, filters.company) if len(companies) > 1 else "",
        departments=departments_by_name(),
        statuses=list(ProblemStatus),
        severities=list(Severity),
        sources=list(ProblemSource),
        categories=list(ProblemCategory),
        max_rows=export.MAX_ROWS,
        **labels(),
    )


@bp.route("/problems/export.<fmt>")
@login_required
def export_list(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = queries.ProblemFilters.from_request()
    stamp = datetime.now(reader_zone()).strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        return Response(
            stream_with_context(export.to_csv(current_user, filters)),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename=problems-{stamp}.csv"},
        )
    return Response(
        export.to_xlsx(current_user, filters),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=problems-{stamp}.xlsx"},
    )


def _fill_create_choices(form: ProblemCreateForm) -> None:
    points = services.usable_points(current_user)
    form.point.choices = [(None, _("— no point —"))] + [
        (p.id, f"{p.company.display_name()} · {p.name}") for p in points
    ]
    staff = current_user.is_park_staff
    companies = services.company_choices(current_user) if staff else []
    form.company.choices = [(None, _("— the point's company —"))] + companies
    form.department.choices = [(None, _("— none —"))] + [
        (d.id, d.display_name()) for d in departments_by_name()
    ]
    people = services.people_of(current_user.company_id) if not staff else []
    form.assignee.choices = assignee_choices(people, _("— assign later —"))
    if not staff:
        form.source.choices = [
            (ProblemSource.SELF_CHECK.value, str(SOURCE_LABELS[ProblemSource.SELF_CHECK]))
        ]
        del form.company
    else:
        del form.assignee


@bp.route("/problems/new", methods=["GET", "POST"])
@login_required
@limits.limited
def create():
    if not can_report_problem(current_user):
        abort(404)
    form = ProblemCreateForm()
    _fill_create_choices(form)
    if request.method == "GET":
        point_id = int_arg("point")
        if point_id in {c[0] for c in form.point.choices}:
            form.point.data = point_id
        form.source.data = (
            ProblemSource.SUPERVISOR_VISIT.value
            if current_user.is_park_staff
            else ProblemSource.SELF_CHECK.value
        )
    if form.validate_on_submit():
        photos = save_photos(form.photos, actor=current_user)
        if photos is None:
            db.session.rollback()
        else:
            point = db.session.get(Point, form.point.data) if form.point.data else None
            company = (
                db.session.get(Company, form.company.data)
                if "company" in form and form.company.data
                else None
            )
            department = (
                db.session.get(Department, form.department.data) if form.department.data else None
            )
            assignee = (
                db.session.get(User, form.assignee.data)
                if "assignee" in form and form.assignee.data
                else None
            )
            try:
                problem = services.report_problem(
                    actor=current_user,
                    title=form.title.data,
                    category=ProblemCategory(form.category.data),
                    severity=Severity(form.severity.data),
                    source=ProblemSource(form.source.data),
                    description=form.description.data,
                    point=point,
                    company=company,
                    department=department,
                    assignee=assignee,
                    due_at=end_of_local_day(form.due.data) if form.due.data else None,
                    location_text=form.location_text.data or "",
                    photos=photos,
                )
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("Problem %(number)s reported.", number=problem.number), "success")
                return redirect(url_for("tracker.problems.detail", number=problem.number))
    return render_template(
        "tracker/problems/create.html", form=form, due_days=services.due_rule_days(), **labels()
    ), (400 if form.is_submitted() else 200)


@bp.route("/problems/<number>")
@login_required
def detail(number: str):
    problem = load_problem(number)
    return render_template("tracker/problems/detail.html", **detail_context(problem))


@bp.route("/my-work")
@login_required
def my_work():
    sections = queries.my_work(current_user)
    if can_route_whistles(current_user):
        # Whistles no routing rule placed wait for a supervisor to choose the department.
        sections["unrouted"] = queries.list_rows(
            whistles.list_unrouted().limit(queries.MY_WORK_LIMIT)
        )
    return render_template("tracker/problems/my_work.html", sections=sections, **labels())


@bp.route("/admin/due-rules", methods=["GET", "POST"])
@login_required
def due_rules():
    if not can_edit_due_rules(current_user):
        abort(404)
    current = services.due_rule_days()
    form = DueRulesForm(data={s.value: d for s, d in current.items()})
    if form.validate_on_submit():
        services.set_due_rules(
            {s: getattr(form, s.value).data for s in Severity}, actor=current_user
        )
        db.session.commit()
        flash(_("The due rules were saved."), "success")
        return redirect(url_for("tracker.problems.due_rules"))
    return render_template("tracker/problems/due_rules.html", form=form), (
        400 if form.is_submitted() else 200
    )
