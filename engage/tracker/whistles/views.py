"""Whistle pages: blow the whistle, follow it, route it, report in, boards, the routing table."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from engage.accounts import all_areas, all_departments
from engage.accounts.models import Department, FunctionalArea
from engage.core import challenge
from engage.core.errors import DomainError, refuse
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.core.permissions import can, require_visible
from engage.core.photos import save_photos
from engage.core.timeutil import utcnow
from engage.extensions import db, limiter
from engage.tracker.models import Problem, ProblemCategory
from engage.tracker.points import services as points
from engage.tracker.vocab import CATEGORY_LABELS, STATUS_LABELS, STATUS_TONES
from engage.tracker.whistles import boards, services, timeline
from engage.tracker.whistles.forms import (
    AcknowledgeForm,
    PublicWhistleForm,
    RerouteForm,
    RouteForm,
    WhistleForm,
)
from engage.tracker.whistles.permissions import (
    TEMPLATE_GLOBALS,
    can_edit_routing_table,
    can_report_in_whistle,
    can_route_whistles,
    can_view_department_board,
    can_view_park_board,
)
from engage.tracker.whistles.vocab import SECTION_TITLES

bp = Blueprint("whistles", __name__)


# Templates ask the same permission functions the views and services do.
bp.record_once(lambda state: state.app.jinja_env.globals.update(TEMPLATE_GLOBALS))


def _departments() -> list[Department]:
    return sorted(all_departments(), key=lambda d: d.name)


def _areas() -> list[FunctionalArea]:
    return sorted(all_areas(), key=lambda a: a.name)


def _whistle_limit() -> str:
    return current_app.config["ENGAGE_WHISTLE_LIMIT"]


def _vocab() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "status_labels": STATUS_LABELS,
        "status_tones": STATUS_TONES,
        "section_titles": SECTION_TITLES,
        "lang": current_language(),
    }


@bp.route("/whistle/new", methods=["GET", "POST"])
@login_required
def create():
    """Anyone signed in blows the whistle, at a point (by its code) or a described place."""
    form = WhistleForm()
    form.set_areas(_areas(), current_language())
    if request.method == "GET" and request.args.get("point"):
        form.point_code.data = points.normalise_code(request.args["point"])
    point = None
    if form.validate_on_submit():
        if form.point_code.data:
            point = points.find_by_code(form.point_code.data).point
            if point is None or not point.active:
                form.point_code.errors.append(
                    _("No point in use has this code. Check the label, or describe the place.")
                )
        elif not form.place.data:
            form.place.errors.append(_("Give the point's code or describe the place."))
        if not form.point_code.errors and not form.place.errors:
            photos = save_photos(form.photos, actor=current_user)
            if photos is None:
                db.session.rollback()
            else:
                area = (
                    db.session.get(FunctionalArea, form.area_id.data)
                    if form.area_id.data > 0
                    else None
                )
                problem = services.blow_whistle(
                    actor=current_user,
                    category=ProblemCategory(form.category.data),
                    title=form.title.data,
                    description=form.description.data or "",
                    point=point,
                    location_text=form.place.data or "",
                    area=area,
                    photos=photos,
                )
                db.session.commit()
                flash(
                    _(
                        "Thank you. Your whistle %(number)s is in; you will be told as it moves.",
                        number=problem.number,
                    ),
                    "success",
                )
                return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))
    elif form.point_code.data:
        point = points.find_by_code(form.point_code.data).point
    return render_template("tracker/whistles/new.html", form=form, point=point, **_vocab())


@bp.route("/p/<code>/whistle", methods=["GET", "POST"])
@limiter.limit(_whistle_limit, methods=["POST"])
def create_public(code: str):
    """Anyone at all, from a point's QR page: no account, a question against spam."""
    lookup = points.find_by_code(code)
    point = lookup.point
    if point is None or point.code != points.normalise_code(code) or not point.active:
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("tracker.whistles.create", point=point.code))
    form = PublicWhistleForm()
    if form.validate_on_submit():
        try:
            challenge.check(form.challenge.data, form.answer.data, form.website.data)
        except challenge.ChallengeFailed as exc:
            form.answer.errors.append(
                {
                    "expired": _("The question expired. Answer the new one."),
                    "too_fast": _("That was very fast. Check what you wrote and send again."),
                    "used": _("This question was already answered. Answer the new one."),
                }.get(exc.reason, _("That is not the right answer. Try again."))
            )
        else:
            photos = save_photos(form.photos, actor=None)
            if photos is None:
                db.session.rollback()
            else:
                problem = services.blow_whistle(
                    actor=None,
                    category=ProblemCategory(form.category.data),
                    title=form.title.data,
                    description=form.description.data or "",
                    point=point,
                    photos=photos,
                    reporter_name=form.reporter_name.data or "",
                    reporter_phone=form.reporter_phone.data or "",
                )
                db.session.commit()
                return redirect(
                    url_for("tracker.whistles.follow", token=problem.follow_token, new=1)
                )
    # Every showing of the form asks a fresh question (and clears the old answer).
    token, a, b = challenge.new_challenge()
    form.challenge.data = token
    form.answer.data = ""
    return render_template(
        "tracker/whistles/public.html", form=form, point=point, a=a, b=b, **_vocab()
    )


@bp.route("/w/<token>")
def follow(token: str):
    """The anonymous reporter's private link: status and the public part of the timeline."""
    problem = services.find_by_follow_token(token)
    if problem is None:
        abort(404)
    response = current_app.make_response(
        render_template(
            "tracker/whistles/follow.html",
            problem=problem,
            new=request.args.get("new") == "1",
            events=timeline.public_events(problem),
            photos=timeline.reported_photos(problem),
            follow_url=current_app.config["ENGAGE_BASE_URL"]
            + url_for("tracker.whistles.follow", token=token),
            **_vocab(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/whistles/<int:problem_id>")
@login_required
def detail(problem_id: int):
    """A whistle for those who may see it; the department reports in or re-routes here."""
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    ack = reroute = route = None
    lang = current_language()
    if can_report_in_whistle(current_user, problem):
        ack = AcknowledgeForm() if problem.acknowledged_at is None else None
        reroute = RerouteForm()
        reroute.set_departments(_departments(), lang, problem.department_id)
    if problem.department_id is None and problem.is_open and can_route_whistles(current_user):
        route = RouteForm()
        route.set_departments(_departments(), lang)
    return render_template(
        "tracker/whistles/detail.html",
        problem=problem,
        ack=ack,
        reroute=reroute,
        route=route,
        events=timeline.public_events(problem),
        photos=timeline.reported_photos(problem),
        now=utcnow(),
        **_vocab(),
    )


def _changed_meanwhile(problem_id: int):
    db.session.rollback()
    flash(
        _("Someone acted on this whistle at the same moment. Here it is as it is now."), "warning"
    )
    return redirect(url_for("tracker.whistles.detail", problem_id=problem_id))


@bp.route("/whistles/<int:problem_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(problem_id: int):
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if not can_report_in_whistle(current_user, problem):
        abort(403)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        flash(_("The note is too long (500 characters at most)."), "danger")
        return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))
    try:
        services.acknowledge(problem, actor=current_user, note=form.note.data or "")
        db.session.commit()
    except services.AlreadyAcknowledged as exc:
        refuse(exc, category="info")
    except StaleDataError:
        return _changed_meanwhile(problem_id)
    else:
        flash(_("Reported in: the whistle is now your department's to handle."), "success")
    return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))


@bp.route("/whistles/<int:problem_id>/reroute", methods=["POST"])
@login_required
def reroute(problem_id: int):
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if not can_report_in_whistle(current_user, problem):
        abort(403)
    form = RerouteForm()
    lang = current_language()
    form.set_departments(_departments(), lang, problem.department_id)
    if form.validate_on_submit():
        department = db.session.get(Department, form.department_id.data)
        assert department is not None  # the form's choices are existing departments
        try:
            services.reroute(problem, department, actor=current_user, reason=form.reason.data)
            db.session.commit()
        except StaleDataError:
            return _changed_meanwhile(problem_id)
        except DomainError as exc:
            refuse(exc, form)
            return _reroute_again(problem, form)
        flash(
            _(
                "Passed to %(department)s, which now has to report in.",
                department=department.display_name(lang),
            ),
            "success",
        )
        return redirect(
            url_for("tracker.whistles.detail", problem_id=problem.id)
            if _still_visible(problem)
            else url_for("tracker.whistles.board_park")
        )
    return _reroute_again(problem, form)


def _reroute_again(problem: Problem, form: RerouteForm):
    return render_template(
        "tracker/whistles/detail.html",
        problem=problem,
        ack=None,
        reroute=form,
        route=None,
        events=timeline.public_events(problem),
        photos=timeline.reported_photos(problem),
        now=utcnow(),
        **_vocab(),
    ), 400


def _still_visible(problem: Problem) -> bool:
    return can(current_user, "view", problem)


@bp.route("/whistles/<int:problem_id>/route", methods=["POST"])
@login_required
def route(problem_id: int):
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if not can_route_whistles(current_user):
        abort(403)
    form = RouteForm()
    form.set_departments(_departments(), current_language())
    if not form.validate_on_submit():
        flash(_("Choose the department the whistle goes to."), "danger")
        return redirect(url_for("tracker.whistles.unrouted"))
    department = db.session.get(Department, form.department_id.data)
    assert department is not None  # the form's choices are existing departments
    try:
        services.route(problem, department, actor=current_user, note=form.note.data or "")
        db.session.commit()
    except services.NotRoutable as exc:
        refuse(exc, category="info")
    except StaleDataError:
        return _changed_meanwhile(problem_id)
    else:
        flash(
            _(
                "Whistle %(number)s routed to %(department)s.",
                number=problem.number,
                department=department.display_name(current_language()),
            ),
            "success",
        )
    return redirect(url_for("tracker.whistles.unrouted"))


@bp.route("/whistles/unrouted")
@login_required
def unrouted():
    """Whistles no routing rule fitted: a supervisor chooses the department."""
    if not can_route_whistles(current_user):
        abort(404)
    page = paginate(services.list_unrouted().options(*timeline.list_options()), per_page=20)
    form = RouteForm()
    form.set_departments(_departments(), current_language())
    return render_template("tracker/whistles/unrouted.html", page=page, form=form, **_vocab())


@bp.route("/departments/board")
@login_required
def board_park():
    """Every department with its counts: who has not reported in."""
    if not can_view_park_board(current_user):
        abort(404)
    now = utcnow()
    return render_template(
        "tracker/whistles/board_park.html",
        rows=boards.park_board(now),
        unrouted=boards.unrouted_count() if can_route_whistles(current_user) else None,
        **_vocab(),
    )


@bp.route("/departments/<int:department_id>/board")
@login_required
def board_department(department_id: int):
    """One department's board: to report in, overdue, handling, recently closed."""
    department = db.session.get(Department, department_id)
    if department is None or not can_view_department_board(current_user, department.id):
        abort(404)
    now = utcnow()
    section = request.args.get("section", "")
    counts = boards.counts(now, department.id).get(department.id, dict.fromkeys(boards.SECTIONS, 0))
    if section in boards.SECTIONS:
        page = paginate(boards.section_query(department.id, section, now), per_page=20)
        return render_template(
            "tracker/whistles/board_section.html",
            department=department,
            section=section,
            page=page,
            counts=counts,
            now=now,
            **_vocab(),
        )
    sections = {
        s: db.session.scalars(boards.section_query(department.id, s, now).limit(10)).unique().all()
        for s in boards.SECTIONS
    }
    return render_template(
        "tracker/whistles/board_department.html",
        department=department,
        sections=sections,
        counts=counts,
        now=now,
        **_vocab(),
    )


@bp.route("/whistles/routing", methods=["GET", "POST"])
@login_required
def routing():
    """Admins: which department each category goes to, per functional area."""
    if not can_edit_routing_table(current_user):
        abort(404)
    departments = _departments()
    areas = _areas()
    valid = {d.id for d in departments}
    errors: list[str] = []
    if request.method == "POST":
        cells: dict = {}
        for category in ProblemCategory:
            for area in [None, *areas]:
                name = f"r-{category.value}-{area.id if area else 0}"
                raw = request.form.get(name, "0")
                try:
                    value = int(raw)
                except ValueError:
                    value = -1
                if value and value not in valid:
                    errors.append(name)
                    continue
                cells[(category, area.id if area else None)] = value or None
        if errors:
            flash(
                _("Some cells name a department that does not exist; nothing was saved."), "danger"
            )
        else:
            changed = services.save_routing(cells, actor=current_user)
            db.session.commit()
            flash(
                ngettext(
                    "Routing table saved (%(num)s cell changed).",
                    "Routing table saved (%(num)s cells changed).",
                    changed,
                ),
                "success",
            )
            return redirect(url_for("tracker.whistles.routing"))
    return render_template(
        "tracker/whistles/routing.html",
        departments=departments,
        areas=areas,
        grid=services.routing_grid(),
        errors=errors,
        categories=list(ProblemCategory),
        **_vocab(),
    )
