"""Performance pages: submit, the review list, review, the running order, the programme."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.core.args import choice_arg
from engage.core.errors import DomainError, NotAllowed, refuse
from engage.core.forms import StaleEdit, check_version
from engage.core.pagination import paginate
from engage.core.timeutil import utcnow
from engage.core.uploads import UploadRejected
from engage.events.catalogue.models import EventKind
from engage.events.media.video import allow_video_request
from engage.events.performances import services
from engage.events.performances.forms import (
    JurorForm,
    PerformanceForm,
    ReviewForm,
    WithdrawForm,
)
from engage.events.performances.models import (
    PERFORMANCE_STATUS_LABELS,
    EventJuror,
    Performance,
    PerformanceStatus,
)
from engage.events.performances.permissions import (
    can_edit_performance,
    can_order_programme,
    can_review_performances,
    can_submit_performance,
    can_view_performance,
    can_withdraw_performance,
)
from engage.events.viewutil import event_or_404, managed_event_or_403
from engage.extensions import db

bp = Blueprint("performances", __name__)


def _perf_or_404(event, perf_id: int) -> Performance:
    perf = db.session.get(Performance, perf_id)
    if (
        perf is None
        or perf.event_id != event.id
        or not can_view_performance(current_user, perf, event)
    ):
        abort(404)
    return perf


def _values(form: PerformanceForm) -> dict:
    return {k: getattr(form, k).data for k in services.FIELDS}


def _attach_rehearsal(form: PerformanceForm, event, perf: Performance) -> bool:
    file = form.rehearsal.data
    if not file or not getattr(file, "filename", ""):
        return True
    from engage.events.media import services as media

    try:
        video = media.add_video(event, file, perf.title, actor=current_user, check=False)
    except UploadRejected as exc:
        form.rehearsal.errors = [*form.rehearsal.errors, str(exc)]
        return False
    services.attach_rehearsal(perf, video, actor=current_user)
    return True


@bp.route("/<int:event_id>/performances")
@login_required
def index(event_id: int):
    event = event_or_404(event_id)
    if event.kind != EventKind.SHOWCASE:
        abort(404)
    status = choice_arg("status", [s.value for s in PerformanceStatus], "")
    page = paginate(services.list_performances(event, current_user, status=status), per_page=30)
    return render_template(
        "events/performances/index.html",
        event=event,
        page=page,
        status=status,
        labels=PERFORMANCE_STATUS_LABELS,
        counts=services.counts_by_status(event),
        may_submit=can_submit_performance(current_user, event),
        may_review=can_review_performances(current_user, event),
        may_order=can_order_programme(current_user, event),
    )


@bp.route("/<int:event_id>/performances/new", methods=["GET", "POST"])
@login_required
def create(event_id: int):
    allow_video_request()
    event = event_or_404(event_id)
    if not can_submit_performance(current_user, event):
        abort(403)
    form = PerformanceForm()
    if form.validate_on_submit():
        try:
            perf = services.submit_performance(event, _values(form), actor=current_user)
            if _attach_rehearsal(form, event, perf):
                db.session.commit()
                flash(_("The performance is submitted; the organisers will review it."), "success")
                return redirect(
                    url_for("events.performances.detail", event_id=event.id, perf_id=perf.id)
                )
            db.session.rollback()
        except DomainError as exc:
            refuse(exc, form)
    return render_template("events/performances/form.html", event=event, form=form, perf=None)


@bp.route("/<int:event_id>/performances/<int:perf_id>")
@login_required
def detail(event_id: int, perf_id: int):
    event = event_or_404(event_id)
    perf = _perf_or_404(event, perf_id)
    rehearsal = None
    if perf.rehearsal_video_id:
        from engage.events.media.models import Video

        rehearsal = db.session.get(Video, perf.rehearsal_video_id)
    return render_template(
        "events/performances/detail.html",
        event=event,
        perf=perf,
        rehearsal=rehearsal,
        review_form=ReviewForm(),
        withdraw_form=WithdrawForm(),
        may_review=can_review_performances(current_user, event)
        and perf.status != PerformanceStatus.WITHDRAWN,
        may_edit=can_edit_performance(current_user, perf)
        and perf.status not in (PerformanceStatus.REJECTED, PerformanceStatus.WITHDRAWN),
        may_withdraw=can_withdraw_performance(current_user, perf)
        and perf.status in services.WITHDRAWABLE
        and utcnow() < event.starts_at,
    )


@bp.route("/<int:event_id>/performances/<int:perf_id>/withdraw", methods=["POST"])
@login_required
def withdraw(event_id: int, perf_id: int):
    event = event_or_404(event_id)
    perf = _perf_or_404(event, perf_id)
    if not can_withdraw_performance(current_user, perf):
        abort(403)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Write why you withdraw it (at least a few words)."), "danger")
    else:
        try:
            services.withdraw_performance(perf, event, form.reason.data, actor=current_user)
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(
                _("The performance is withdrawn; the organisers are told."),
                "success",
            )
    return redirect(url_for("events.performances.detail", event_id=event.id, perf_id=perf.id))


@bp.route("/<int:event_id>/performances/<int:perf_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int, perf_id: int):
    allow_video_request()
    event = event_or_404(event_id)
    perf = _perf_or_404(event, perf_id)
    if not can_edit_performance(current_user, perf):
        abort(403)
    form = PerformanceForm(obj=perf)
    if request.method == "GET":
        form.version.data = perf.version
        form.genre.data = perf.genre.value
    if form.validate_on_submit():
        try:
            check_version(perf, form.version.data)
            services.update_performance(perf, event, _values(form), actor=current_user)
            if _attach_rehearsal(form, event, perf):
                db.session.commit()
                flash(_("The performance is saved."), "success")
                return redirect(
                    url_for("events.performances.detail", event_id=event.id, perf_id=perf.id)
                )
            db.session.rollback()
        except StaleEdit:
            db.session.rollback()
            flash(
                _(
                    "Someone else changed this performance meanwhile. Reload the page and "
                    "make your change again."
                ),
                "danger",
            )
        except DomainError as exc:
            refuse(exc, form)
    return render_template("events/performances/form.html", event=event, form=form, perf=perf)


@bp.route("/<int:event_id>/performances/<int:perf_id>/review", methods=["POST"])
@login_required
def review(event_id: int, perf_id: int):
    event = event_or_404(event_id)
    perf = _perf_or_404(event, perf_id)
    if not can_review_performances(current_user, event):
        abort(403)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Choose a decision."), "danger")
    else:
        try:
            services.review_performance(
                perf, event, form.decision.data, form.note.data, actor=current_user
            )
        except DomainError as exc:
            refuse(exc)
        else:
            db.session.commit()
            flash(_("The review is saved and the company is told."), "success")
    return redirect(url_for("events.performances.detail", event_id=event.id, perf_id=perf.id))


@bp.route("/<int:event_id>/jury", methods=["GET", "POST"])
@login_required
def jury(event_id: int):
    event = managed_event_or_403(event_id)
    form = JurorForm()
    if form.validate_on_submit():
        try:
            services.add_juror(event, form.email.data, actor=current_user)
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("The juror is added."), "success")
            return redirect(url_for("events.performances.jury", event_id=event.id))
    jurors = db.session.scalars(
        select(EventJuror).where(EventJuror.event_id == event.id).order_by(EventJuror.id)
    ).all()
    return render_template("events/performances/jury.html", event=event, form=form, jurors=jurors)


@bp.route("/<int:event_id>/programme")
def programme(event_id: int):
    """The programme: for the audience on a phone, printable, and ordered by organisers."""
    event = event_or_404(event_id)
    if event.kind != EventKind.SHOWCASE:
        abort(404)
    return render_template(
        "events/performances/programme.html",
        event=event,
        programme=services.programme(event),
        may_order=can_order_programme(current_user, event),
        printing=request.args.get("print") == "1",
    )


@bp.route("/<int:event_id>/programme/order", methods=["POST"])
@login_required
def order(event_id: int):
    event = managed_event_or_403(event_id)
    raw = request.form.get("order", "")
    try:
        ids = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        ids = []
    try:
        services.set_running_order(event, ids, actor=current_user)
    except NotAllowed:
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("The running order is saved."), "success")
    return redirect(url_for("events.performances.programme", event_id=event.id))


@bp.route("/<int:event_id>/programme/<int:perf_id>/move", methods=["POST"])
@login_required
def move(event_id: int, perf_id: int):
    event = managed_event_or_403(event_id)
    perf = _perf_or_404(event, perf_id)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        services.move(event, perf, step, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
    return redirect(
        url_for("events.performances.programme", event_id=event.id, _anchor=f"act-{perf.id}")
    )
