"""Pages of peer inspections: list, propose, answer the proposal, pair a round, answer the
checklist on site, submit, acknowledge, rate, the report and the alliance's board."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts.models import Company, PlatformRole, User
from engage.alliance.alliances.services import member_company_ids, register_page_section
from engage.alliance.inspections import board as boards
from engage.alliance.inspections import (
    findings,  # noqa: F401  (answers the knowledge home's "commonly failed items")
    library,  # noqa: F401  (registers the library routes)
    pairing,
    services,
)
from engage.alliance.inspections import report_pdf as report_pdf_module
from engage.alliance.inspections.blueprint import bp
from engage.alliance.inspections.forms import (
    AnswerForm,
    DateForm,
    ProposalForm,
    RatingForm,
    RoundForm,
    VersionForm,
    choices,
    severity_choices,
)
from engage.alliance.inspections.items import list_checklists, load_checklist
from engage.alliance.inspections.models import (
    CATEGORY_LABELS,
    RESULT_LABELS,
    STATUS_LABELS,
    STATUS_TONES,
    AnswerResult,
    Inspection,
    InspectionStatus,
)
from engage.alliance.inspections.permissions import (
    can_answer_host_side,
    can_answer_proposer_side,
    can_inspect,
    can_pair_round,
    can_propose_inspection,
    can_rate_host,
    can_view_board,
    can_view_inspection,
    is_host,
)
from engage.alliance.viewutil import load_alliance
from engage.core.args import choice_arg
from engage.core.errors import DomainError, NotAllowed, StaleVersion, refuse
from engage.core.i18n import local_name_column
from engage.core.pagination import paginate
from engage.core.photos import save_photos
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db
from engage.tracker import find_by_code, get_points

__all__ = ["bp"]

register_page_section(
    "inspections",
    "alliance/inspections/_alliance_section.html",
    services.open_for_alliance,
    order=30,
)


def _labels() -> dict:
    return {
        "status_labels": STATUS_LABELS,
        "status_tones": STATUS_TONES,
        "result_labels": RESULT_LABELS,
        "labels": CATEGORY_LABELS,
    }


def _load(inspection_id: int) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or not can_view_inspection(current_user, inspection):
        abort(404)
    return inspection


def _version(form) -> int | str | None:
    """The version the page showed; "" when the form did not say (refused as stale)."""
    if form is None:
        return None
    raw = form.version.data
    return int(raw) if raw and str(raw).isdigit() else ""


@bp.route("/")
@login_required
def index():
    status = choice_arg("status", [s.value for s in InspectionStatus])
    page = paginate(services.list_inspections(current_user, status=status or None), per_page=20)
    return render_template("alliance/inspections/index.html", page=page, status=status, **_labels())


def _team_choices(alliance) -> list[tuple[int, str]]:
    ids = sorted(member_company_ids(alliance))
    rows = db.session.execute(
        select(User.id, User.name, local_name_column(Company))
        .join(Company, Company.id == User.company_id)
        .where(User.company_id.in_(ids), User.active.is_(True))
        .order_by(Company.name, User.name)
        .limit(2000)
    ).all()
    supervisors = db.session.execute(
        select(User.id, User.name)
        .where(User.platform_role == PlatformRole.SUPERVISOR, User.active.is_(True))
        .order_by(User.name)
        .limit(200)
    )
    return [(u, f"{n} · {c}") for u, n, c in rows] + [
        (u, f"{n} · {_('Supervisor')}") for u, n in supervisors
    ]


@bp.route("/alliances/<int:alliance_id>/new", methods=["GET", "POST"])
@login_required
def create(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_propose_inspection(current_user, alliance):
        abort(403)
    form = ProposalForm()
    hosts = db.session.execute(
        select(Company.id, local_name_column(Company))
        .where(Company.id.in_(sorted(member_company_ids(alliance))))
        .order_by(Company.name)
    ).all()
    form.host_company_id.choices = choices(hosts)
    form.checklist_id.choices = choices(
        (c.id, c.name) for c in db.session.scalars(list_checklists())
    )
    form.team_ids.choices = choices(_team_choices(alliance))
    if request.method == "GET":
        form.team_ids.data = [current_user.id]
    if form.validate_on_submit():
        codes = (form.point_ids.data or "").split()[:20]
        point_ids, unknown = [], []
        for code in codes:
            point = find_by_code(code).point
            (point_ids.append(point.id) if point is not None else unknown.append(code))
        if unknown:
            form.point_ids.errors = [_("Unknown point code: %(code)s", code=unknown[0])]
        else:
            data = services.Proposal(
                alliance_id=alliance.id,
                host_company_id=form.host_company_id.data,
                checklist_id=form.checklist_id.data,
                planned_on=form.planned_on.data,
                team_ids=form.team_ids.data or [],
                point_ids=point_ids,
                note=form.note.data or "",
            )
            try:
                inspection = services.propose_inspection(alliance, data, actor=current_user)
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("Proposed; the host company is asked to accept."), "success")
                return redirect(url_for("alliance.inspections.detail", inspection_id=inspection.id))
    return render_template("alliance/inspections/form.html", form=form, alliance=alliance)


@bp.route("/<int:inspection_id>")
@login_required
def detail(inspection_id: int):
    inspection = _load(inspection_id)
    done, total = services.progress(inspection)
    points = get_points([p.point_id for p in inspection.points])
    hazards = []
    if inspection.is_done:
        hazards = [
            a for a in services.answers_of(inspection).values() if a.result == AnswerResult.HAZARD
        ]
    return render_template(
        "alliance/inspections/detail.html",
        inspection=inspection,
        done=done,
        total=total,
        points=list(points.values()),
        hazards=hazards,
        date_form=DateForm(),
        version_form=VersionForm(version=inspection.version),
        rating_form=RatingForm(),
        today=to_local(utcnow()).date(),
        host_side=can_answer_host_side(current_user, inspection),
        proposer_side=can_answer_proposer_side(current_user, inspection),
        inspector=can_inspect(current_user, inspection),
        rater=is_host(current_user, inspection) or can_rate_host(current_user, inspection),
        **_labels(),
    )


def _act(inspection: Inspection, fn, message: str, form=None):
    try:
        fn()
    except StaleVersion as exc:
        refuse(exc, form)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        refuse(exc, form)
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("alliance.inspections.detail", inspection_id=inspection.id))


@bp.route("/<int:inspection_id>/accept", methods=["POST"])
@login_required
def accept(inspection_id: int):
    inspection = _load(inspection_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(
        inspection,
        lambda: services.accept(inspection, actor=current_user, version=_version(form)),
        _("Accepted; both sides are reminded the day before."),
    )


@bp.route("/<int:inspection_id>/new-date", methods=["POST"])
@login_required
def new_date(inspection_id: int):
    inspection = _load(inspection_id)
    form = DateForm()
    if not form.validate_on_submit():
        flash(_("Give the date."), "danger")
        return redirect(url_for("alliance.inspections.detail", inspection_id=inspection.id))
    return _act(
        inspection,
        lambda: services.propose_date(
            inspection, form.day.data, actor=current_user, version=_version(form)
        ),
        _("Another date proposed; the inspecting side is asked to accept it."),
    )


@bp.route("/<int:inspection_id>/cancel", methods=["POST"])
@login_required
def cancel(inspection_id: int):
    inspection = _load(inspection_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(
        inspection,
        lambda: services.cancel(inspection, actor=current_user, version=_version(form)),
        _("The inspection is cancelled."),
    )


@bp.route("/<int:inspection_id>/inspect")
@login_required
def inspect(inspection_id: int):
    """On site, on a phone: every item with its own small form that saves on its own."""
    inspection = _load(inspection_id)
    if not can_inspect(current_user, inspection):
        abort(403)
    checklist = load_checklist(inspection.checklist_id)
    assert checklist is not None  # an inspection's checklist exists (foreign key)
    answers = services.answers_of(inspection)
    points = get_points([p.point_id for p in inspection.points])
    total = sum(len(s.entries) for s in checklist.sections)
    return render_template(
        "alliance/inspections/inspect.html",
        inspection=inspection,
        checklist=checklist,
        answers=answers,
        done=len(answers),
        total=total,
        points=list(points.values()),
        open_=inspection.status in (InspectionStatus.ACCEPTED, InspectionStatus.IN_PROGRESS),
        version_form=VersionForm(version=inspection.version),
        **_labels(),
    )


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@bp.route("/<int:inspection_id>/answers/<int:entry_id>", methods=["POST"])
@login_required
def answer(inspection_id: int, entry_id: int):
    """Save one item's answer: a small POST (fetch answers JSON; a plain form post goes
    back to the item on the page)."""
    inspection = _load(inspection_id)
    if not can_inspect(current_user, inspection):
        abort(403)
    form = AnswerForm()
    back = url_for(
        "alliance.inspections.inspect", inspection_id=inspection.id, _anchor=f"e{entry_id}"
    )
    message, status, saved = None, 200, None
    if not form.validate_on_submit():
        message, status = (
            (next(iter(form.errors.values()))[0] if form.errors else _("Choose a result.")),
            400,
        )
    else:
        photos = save_photos(form.photos, actor=current_user)
        if photos is None:
            db.session.rollback()
            message, status = form.photos.errors[-1], 400
        else:
            raw = form.revision.data
            try:
                saved = services.answer_item(
                    inspection,
                    entry_id,
                    form.result.data or "",
                    form.note.data or "",
                    actor=current_user,
                    photos=photos,
                    point_id=form.point_id.data or None,
                    revision=int(raw) if raw and str(raw).isdigit() else None,
                )
            except StaleVersion as exc:
                db.session.rollback()
                message, status = str(exc.message), 409
            except DomainError as exc:
                db.session.rollback()
                message, status = str(exc.message), 400
            else:
                # Read what the reply needs before the commit expires the objects.
                revision = saved.revision
                done, total = services.progress(inspection) if _wants_json() else (0, 0)
                db.session.commit()
    if _wants_json():
        if saved is None:
            return jsonify(ok=False, message=message), status
        return jsonify(ok=True, revision=revision, done=done, total=total, message=_("Saved")), 200
    if saved is None:
        assert message is not None  # every way of not saving says why
        flash(message, "danger")
    return redirect(back)


@bp.route("/<int:inspection_id>/submit", methods=["POST"])
@login_required
def submit(inspection_id: int):
    inspection = _load(inspection_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(
        inspection,
        lambda: services.submit(inspection, actor=current_user, version=_version(form)),
        _("Report submitted; every hazard is now a problem of the host."),
    )


@bp.route("/<int:inspection_id>/acknowledge", methods=["POST"])
@login_required
def acknowledge(inspection_id: int):
    inspection = _load(inspection_id)
    if not VersionForm().validate_on_submit():
        abort(400)
    return _act(
        inspection,
        lambda: services.acknowledge(inspection, actor=current_user),
        _("Receipt of the report acknowledged."),
    )


@bp.route("/<int:inspection_id>/rate", methods=["POST"])
@login_required
def rate(inspection_id: int):
    inspection = _load(inspection_id)
    form = RatingForm()
    if not form.validate_on_submit():
        flash(_("Rate from 1 to 5."), "danger")
        return redirect(url_for("alliance.inspections.detail", inspection_id=inspection.id))
    return _act(
        inspection,
        lambda: services.rate(
            inspection, form.rating.data, form.comment.data or "", actor=current_user
        ),
        _("Thank you for the feedback."),
    )


def _report_figures(inspection: Inspection) -> dict:
    """What the report shows, for the page and the PDF alike."""
    answers = services.answers_of(inspection)
    counted = [a for a in answers.values() if a.result != AnswerResult.NOT_APPLICABLE]
    conforming = sum(1 for a in counted if a.result == AnswerResult.CONFORMS)
    hazards = [a for a in answers.values() if a.result == AnswerResult.HAZARD]
    by_severity: dict[str, int] = {}
    for a in hazards:
        by_severity[a.item.severity.value] = by_severity.get(a.item.severity.value, 0) + 1
    return {
        "answers": answers,
        "items": services.item_texts({a.item_id for a in answers.values()}),
        "hazards": hazards,
        "by_severity": by_severity,
        "rate": round(100 * conforming / len(counted)) if counted else None,
        "severity_labels": {c.value: c.label for c in severity_choices()},
        "points": list(get_points([p.point_id for p in inspection.points]).values()),
    }


@bp.route("/<int:inspection_id>/report")
@login_required
def report(inspection_id: int):
    """The printable report; its PDF is report_pdf."""
    inspection = _load(inspection_id)
    return render_template(
        "alliance/inspections/report.html",
        inspection=inspection,
        checklist=load_checklist(inspection.checklist_id),
        **_report_figures(inspection),
        **_labels(),
    )


@bp.route("/<int:inspection_id>/report.pdf")
@login_required
def report_pdf(inspection_id: int):
    """The report as a PDF download: same readers as the report page."""
    inspection = _load(inspection_id)
    figures = _report_figures(inspection)
    locale = str(get_locale() or "zh_Hans")
    items = figures["items"]
    found = [
        report_pdf_module.Finding(
            code=a.item.code,
            category=str(CATEGORY_LABELS.get(a.item.category, a.item.category)),
            severity=str(figures["severity_labels"].get(a.item.severity.value, "")),
            requirement=items[a.item_id].text_in(locale),
            reference=a.item.reference or "",
            note=a.note or "",
            problem_number=a.problem_number or "",
            photo_keys=[p.media.key for p in a.photos],
        )
        for a in sorted(figures["hazards"], key=lambda a: a.entry_id)
    ]
    host = inspection.host_company.name
    data = report_pdf_module.ReportData(
        title=_("Peer inspection report") + ": " + host,
        host=host,
        inspecting=(
            inspection.inspecting_company.name
            if inspection.inspecting_company
            else _("Supervisors")
        ),
        checklist=inspection.checklist.name,
        planned_on=format_date(inspection.planned_on),
        points="、".join(p.name for p in figures["points"]),
        checked=len(figures["answers"]),
        rate=figures["rate"],
        hazards_by_severity=[
            (str(figures["severity_labels"].get(k, k)), n)
            for k, n in figures["by_severity"].items()
        ],
        findings=found,
        submitted_by=inspection.submitted_by.name if inspection.submitted_by else "",
        submitted_at=inspection.submitted_at,
        acknowledged_by=inspection.acknowledged_by.name if inspection.acknowledged_by else "",
        acknowledged_at=inspection.acknowledged_at,
    )
    try:
        body = report_pdf_module.build(data)
    except report_pdf_module.NoCJKFont:
        flash(
            _(
                "The PDF cannot be made here: no Chinese font is installed on the server. "
                "Print this page or save it as PDF from the browser."
            ),
            "warning",
        )
        return redirect(url_for("alliance.inspections.report", inspection_id=inspection.id))
    name = f"inspection-{inspection.id}-report.pdf"
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/alliances/<int:alliance_id>/round", methods=["GET", "POST"])
@login_required
def round_pair(alliance_id: int):
    """The pairing helper: a proposal the lead adjusts (one host per inspector), then
    confirms; every inspection of the round is created at once."""
    alliance = load_alliance(alliance_id)
    if not can_pair_round(current_user, alliance):
        abort(403)
    form = RoundForm()
    form.checklist_id.choices = choices(
        (c.id, c.name) for c in db.session.scalars(list_checklists())
    )
    members = db.session.execute(
        select(Company.id, local_name_column(Company))
        .where(Company.id.in_(sorted(member_company_ids(alliance))))
        .order_by(Company.name)
    ).all()
    groups = {c: request.values.get(f"group_{c}", "")[:40] for c, _n in members}
    previous = pairing.last_round_pairs(alliance)
    proposal = None
    try:
        proposal = pairing.propose_pairs([c for c, _n in members], previous=previous, groups=groups)
    except DomainError as exc:
        flash(str(exc.message), "warning")
    chosen = dict(proposal.pairs if proposal else [])
    if request.method == "POST" and request.form.get("confirm") and form.validate_on_submit():
        pairs = []
        for c, _n in members:
            raw = request.form.get(f"host_{c}", "")
            pairs.append((c, int(raw) if raw.isdigit() else 0))
        chosen = dict(pairs)
        try:
            rnd = pairing.confirm_round(
                alliance,
                pairs,
                name=form.name.data or "",
                planned_on=form.planned_on.data,
                checklist_id=form.checklist_id.data,
                actor=current_user,
            )
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(
                _(
                    "Round %(name)s created: %(n)s inspections proposed to their hosts.",
                    name=rnd.name,
                    n=len(pairs),
                ),
                "success",
            )
            return redirect(url_for("alliance.inspections.board", alliance_id=alliance.id))
    return render_template(
        "alliance/inspections/round.html",
        alliance=alliance,
        form=form,
        members=members,
        chosen=chosen,
        groups=groups,
        proposal=proposal,
        previous=previous,
    )


@bp.route("/alliances/<int:alliance_id>/board")
@login_required
def board(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_view_board(current_user, alliance):
        abort(404)
    data = boards.build(alliance, to_local(utcnow()).date())
    return render_template(
        "alliance/inspections/board.html",
        alliance=alliance,
        board=data,
        can_pair=can_pair_round(current_user, alliance),
        can_propose=can_propose_inspection(current_user, alliance),
        **_labels(),
    )
