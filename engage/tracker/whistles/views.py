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
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from engage.accounts import all_areas, all_departments
from engage.accounts.models import Company, Department, FunctionalArea
from engage.core import challenge
from engage.core.errors import DomainError, refuse
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.core.permissions import can, require_visible
from engage.core.photos import HeldPhotos, save_photos
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db, limiter
from engage.tracker import limits
from engage.tracker.models import Problem, ProblemCategory, ProblemStatus
from engage.tracker.points import services as points
from engage.tracker.problems import services as problem_services
from engage.tracker.problems.permissions import can_act_on_reported_in_problem
from engage.tracker.vocab import CATEGORY_LABELS, STATUS_LABELS, STATUS_TONES
from engage.tracker.whistles import boards, services, timeline
from engage.tracker.whistles.forms import (
    TO_SUPERVISORS,
    AcknowledgeForm,
    HandToCompanyForm,
    NotFixedForm,
    PublicWhistleForm,
    RerouteForm,
    RouteForm,
    TakeOnForm,
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


def _submitted(form) -> tuple[bool, bool]:
    """(valid, dropping) for a POSTed form: `drop` (a held photo's remove button)
    only shows the form again, without its fields' complaints."""
    valid = form.validate()
    dropping = "drop" in request.form
    if dropping:
        for f in form:
            if f.name != "csrf_token":
                f.errors = []
    return valid and not dropping, dropping


def _may_hold_photos(form) -> bool:
    """Photos are kept only for a genuine form: its CSRF token is good, and a
    robot's honeypot is empty."""
    website = getattr(form, "website", None)
    return not form.errors.get("csrf_token") and not (website is not None and website.data)


@bp.route("/whistle/new", methods=["GET", "POST"])
@login_required
@limits.limited
def create():
    """Anyone signed in blows the whistle, at a point (by its code) or a described place."""
    form = WhistleForm()
    form.set_areas(_areas(), current_language())
    if request.method == "GET" and request.args.get("point"):
        form.point_code.data = points.normalise_code(request.args["point"])
    photos = HeldPhotos(request.form.getlist("held"), drop=request.form.get("drop"))
    point = None
    refused = False
    if form.is_submitted():
        valid, dropping = _submitted(form)
        photos_ok = not _may_hold_photos(form) or photos.prepare(form.photos, actor=current_user)
        if form.point_code.data:
            point = points.find_by_code(form.point_code.data).point
            if (point is None or not point.active) and not dropping:
                form.point_code.errors.append(
                    _("No point in use has this code. Check the label, or describe the place.")
                )
        elif not form.place.data and not dropping:
            form.place.errors.append(_("Give the point's code or describe the place."))
        if valid and photos_ok and not form.point_code.errors and not form.place.errors:
            area = (
                db.session.get(FunctionalArea, form.area_id.data) if form.area_id.data > 0 else None
            )
            problem = services.blow_whistle(
                actor=current_user,
                category=ProblemCategory(form.category.data),
                title=form.title.data,
                description=form.description.data or "",
                point=point,
                location_text=form.place.data or "",
                area=area,
                photos=photos.record(actor=current_user),
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
        photos.hold()
        refused = not dropping
    elif form.point_code.data:
        point = points.find_by_code(form.point_code.data).point
    return render_template(
        "tracker/whistles/new.html",
        form=form,
        point=point,
        held=photos,
        refused=refused,
        **_vocab(),
    )


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
    photos = HeldPhotos(request.form.getlist("held"), drop=request.form.get("drop"))
    refused = False
    if form.is_submitted():
        valid, dropping = _submitted(form)
        photos_ok = not _may_hold_photos(form) or photos.prepare(form.photos, actor=None)
        if valid and photos_ok:
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
                problem = services.blow_whistle(
                    actor=None,
                    category=ProblemCategory(form.category.data),
                    title=form.title.data,
                    description=form.description.data or "",
                    point=point,
                    photos=photos.record(actor=None),
                    reporter_name=form.reporter_name.data or "",
                    reporter_phone=form.reporter_phone.data or "",
                )
                db.session.commit()
                return redirect(
                    url_for("tracker.whistles.follow", token=problem.follow_token, new=1)
                )
        if _may_hold_photos(form):
            photos.hold()
        refused = not dropping
    # Every showing of the form asks a fresh question (and clears the old answer).
    token, a, b = challenge.new_challenge()
    form.challenge.data = token
    form.answer.data = ""
    return render_template(
        "tracker/whistles/public.html",
        form=form,
        point=point,
        a=a,
        b=b,
        held=photos,
        refused=refused,
        **_vocab(),
    )


@bp.route("/report")
def report():
    """Report a hazard from anywhere: a point's code (from its label) opens that
    point's whistle form; no code, describe the place on the general form."""
    raw = request.args.get("code", "")[:64]
    error = None
    if raw.strip():
        point = points.find_by_code(raw).point
        if point is not None and point.active:
            if current_user.is_authenticated:
                return redirect(url_for("tracker.whistles.create", point=point.code))
            return redirect(url_for("tracker.whistles.create_public", code=point.code))
        error = _(
            "No point in use has the code %(code)s. Check the 8 characters under the QR code "
            "on the label, or describe the place instead.",
            code=points.normalise_code(raw) or raw.strip(),
        )
    return render_template(
        "tracker/whistles/report.html", code=raw.strip(), error=error, **_vocab()
    ), (200 if error is None else 404)


@bp.route("/w/<token>")
def follow(token: str):
    """The anonymous reporter's private link: status and the public part of the timeline."""
    problem = services.find_by_follow_token(token)
    if problem is None:
        abort(404)
    return _follow_page(
        problem, token, NotFixedForm() if services.can_say_not_fixed(problem) else None
    )


def _follow_page(problem: Problem, token: str, not_fixed: NotFixedForm | None, status: int = 200):
    response = current_app.make_response(
        (
            render_template(
                "tracker/whistles/follow.html",
                problem=problem,
                new=request.args.get("new") == "1",
                events=timeline.public_events(problem),
                photos=timeline.reported_photos(problem),
                after_photos=timeline.after_photos(problem),
                not_fixed=not_fixed,
                not_fixed_action=url_for("tracker.whistles.follow_not_fixed", token=token),
                follow_url=current_app.config["ENGAGE_BASE_URL"]
                + url_for("tracker.whistles.follow", token=token),
                **_vocab(),
            ),
            status,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _not_fixed_limit() -> str:
    return current_app.config["ENGAGE_NOT_FIXED_LIMIT"]


@bp.route("/w/<token>/not-fixed", methods=["POST"])
@limiter.limit(_not_fixed_limit)
def follow_not_fixed(token: str):
    """The anonymous reporter, through the private link: "it is not fixed"."""
    problem = services.find_by_follow_token(token)
    if problem is None:
        abort(404)
    form = NotFixedForm()
    if not services.can_say_not_fixed(problem):
        flash(str(services.NotFixedRefused()), "warning")
        return redirect(url_for("tracker.whistles.follow", token=token))
    if not form.validate_on_submit():
        return _follow_page(problem, token, form, 400)
    photos = save_photos(form.photos, actor=None)
    if photos is None:
        db.session.rollback()
        return _follow_page(problem, token, form, 400)
    try:
        services.report_not_fixed(
            problem,
            actor=None,
            note=form.note.data,
            photos=photos,
            reporter_label=problem.reporter_name or _("The reporter"),
        )
    except DomainError as exc:
        refuse(exc, form)
        return _follow_page(problem, token, form, 400)
    db.session.commit()
    flash(_("Thank you. The problem goes back to verification; the verifier is told."), "success")
    return redirect(url_for("tracker.whistles.follow", token=token))


@bp.route("/whistles/<int:problem_id>")
@login_required
def detail(problem_id: int):
    """A whistle for those who may see it; the department reports in or re-routes here."""
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    return _detail_page(problem)


def _detail_page(problem: Problem, status: int = 200, **given):
    """The whistle page with the forms its reader may use (`given` ones keep their errors)."""
    forms: dict = {"ack": None, "reroute": None, "route": None}
    forms.update(hand=None, take=None, not_fixed=None)
    lang = current_language()
    if can_report_in_whistle(current_user, problem):
        forms["ack"] = AcknowledgeForm() if problem.acknowledged_at is None else None
        if problem.status in (ProblemStatus.REPORTED, ProblemStatus.REOPENED):
            forms["reroute"] = RerouteForm()
            forms["reroute"].set_departments(_departments(), lang, problem.department_id)
    if can_act_on_reported_in_problem(current_user, problem):
        due = to_local(problem.due_at).date() if problem.due_at else None
        forms["hand"] = HandToCompanyForm(
            formdata=None,
            data={"version": problem.version, "company_id": problem.company_id or 0, "due": due},
        )
        forms["hand"].set_companies(problem_services.company_names(lang))
        forms["take"] = TakeOnForm(formdata=None, data={"version": problem.version, "due": due})
    if problem.department_id is None and problem.is_open and can_route_whistles(current_user):
        forms["route"] = RouteForm()
        forms["route"].set_departments(_departments(), lang)
    if problem.reporter_id == current_user.id and services.can_say_not_fixed(problem):
        forms["not_fixed"] = NotFixedForm(formdata=None)
    for key, form in given.items():
        if key == "hand":
            form.set_companies(problem_services.company_names(lang))
        forms[key] = form
    return render_template(
        "tracker/whistles/detail.html",
        problem=problem,
        **forms,
        events=timeline.public_events(problem),
        photos=timeline.reported_photos(problem),
        after_photos=timeline.after_photos(problem),
        now=utcnow(),
        **_vocab(),
    ), status


@bp.route("/whistles/<int:problem_id>/hand-over", methods=["POST"])
@login_required
def hand_over(problem_id: int):
    """After reporting in: the responsible company rectifies it, by a due date."""
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if not can_act_on_reported_in_problem(current_user, problem):
        abort(403)
    form = HandToCompanyForm()
    form.set_companies(problem_services.company_names(current_language()))
    if not form.validate_on_submit():
        return _detail_page(problem, 400, hand=form)
    company = db.session.get(Company, form.company_id.data)
    assert company is not None  # the form's choices are existing companies
    try:
        services.hand_to_company(
            problem,
            company,
            actor=current_user,
            due=form.due.data,
            note=form.note.data or "",
            version=form.version.data,
        )
    except DomainError as exc:
        return _refused_on_detail(problem_id, exc, form, "hand")
    db.session.commit()
    flash(
        _(
            "%(company)s must rectify it by %(date)s and has been told. You verify what it "
            "submits.",
            company=company.display_name(current_language()),
            date=format_date(form.due.data, "medium"),
        ),
        "success",
    )
    return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))


@bp.route("/whistles/<int:problem_id>/take-on", methods=["POST"])
@login_required
def take_on(problem_id: int):
    """After reporting in: the department rectifies it itself."""
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if not can_act_on_reported_in_problem(current_user, problem):
        abort(403)
    form = TakeOnForm()
    if not form.validate_on_submit():
        return _detail_page(problem, 400, take=form)
    try:
        services.take_on(
            problem,
            actor=current_user,
            due=form.due.data,
            note=form.note.data or "",
            version=form.version.data,
        )
    except DomainError as exc:
        return _refused_on_detail(problem_id, exc, form, "take")
    db.session.commit()
    flash(
        _("Your department rectifies it. Start and submit the rectification on the problem page."),
        "success",
    )
    return redirect(url_for("tracker.problems.detail", number=problem.number))


def _refused_on_detail(problem_id: int, exc: DomainError, form, key: str):
    refuse(exc, form)  # rolls back
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if exc.field is not None and getattr(form, exc.field, None) is not None:
        return _detail_page(problem, 400, **{key: form})
    return redirect(url_for("tracker.whistles.detail", problem_id=problem_id))


@bp.route("/whistles/<int:problem_id>/not-fixed", methods=["POST"])
@login_required
@limiter.limit(_not_fixed_limit)
def not_fixed(problem_id: int):
    """The signed-in reporter: "it is not fixed"."""
    problem = require_visible(current_user, db.session.get(Problem, problem_id))
    if problem.reporter_id != current_user.id:
        abort(403)
    if not services.can_say_not_fixed(problem):
        flash(str(services.NotFixedRefused()), "warning")
        return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))
    form = NotFixedForm()
    if not form.validate_on_submit():
        return _detail_page(problem, 400, not_fixed=form)
    photos = save_photos(form.photos, actor=current_user)
    if photos is None:
        db.session.rollback()
        return _detail_page(problem, 400, not_fixed=form)
    try:
        services.report_not_fixed(problem, actor=current_user, note=form.note.data, photos=photos)
    except DomainError as exc:
        return _refused_on_detail(problem_id, exc, form, "not_fixed")
    db.session.commit()
    flash(_("Thank you. The problem goes back to verification; the verifier is told."), "success")
    return redirect(url_for("tracker.whistles.detail", problem_id=problem.id))


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
        flash(
            _(
                "Reported in. Now decide who rectifies it: the company, or your department; "
                "or pass it on."
            ),
            "success",
        )
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
    if not form.validate_on_submit():
        return _reroute_again(problem, form)
    to_supervisors = form.department_id.data == TO_SUPERVISORS
    department = None if to_supervisors else db.session.get(Department, form.department_id.data)
    try:
        if department is None:
            services.pass_to_supervisors(problem, actor=current_user, reason=form.reason.data)
        else:
            services.reroute(problem, department, actor=current_user, reason=form.reason.data)
        db.session.commit()
    except StaleDataError:
        return _changed_meanwhile(problem_id)
    except DomainError as exc:
        refuse(exc, form)
        return _reroute_again(problem, form)
    if department is None:
        flash(_("Passed back to the park's supervisors, who have been told."), "success")
    else:
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


def _reroute_again(problem: Problem, form: RerouteForm):
    return _detail_page(problem, 400, ack=None, reroute=form)


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
