"""Six-links pages: activities, the alliance and company dashboards, exports, the annual summary."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts.models import Company, User
from engage.alliance.alliances.forms import choices
from engage.alliance.alliances.services import current_memberships, member_company_ids
from engage.alliance.sixlinks import dashboard, export, services
from engage.alliance.sixlinks.forms import ActivityForm
from engage.alliance.sixlinks.models import LINK_LABELS, LINK_SHORT, Activity, Link
from engage.alliance.sixlinks.permissions import (
    can_record_activity,
    can_view_company_dashboard,
    can_view_dashboard,
)
from engage.alliance.viewutil import load_alliance
from engage.core.args import int_arg, text_arg
from engage.core.errors import DomainError, NotAllowed, refuse
from engage.core.i18n import local_name_column
from engage.core.pagination import paginate
from engage.core.photos import chosen_files, save_photos
from engage.core.uploads import UploadRejected, save_document
from engage.extensions import db

bp = Blueprint("sixlinks", __name__)


def _inside(alliance_id: int):
    alliance = load_alliance(alliance_id)
    if not can_view_dashboard(current_user, alliance):
        abort(404)
    return alliance


def _labels() -> dict:
    return {
        "links": list(Link),
        # translated once per page, not once per cell of a 60-month heat map
        "link_labels": {k: str(v) for k, v in LINK_LABELS.items()},
        "short_labels": {k: str(v) for k, v in LINK_SHORT.items()},
        "period_label": dashboard.Period.label,
    }


@bp.route("/<int:alliance_id>/activities")
@login_required
def activities(alliance_id: int):
    alliance = _inside(alliance_id)
    page = paginate(services.list_activities(alliance), per_page=20)
    return render_template(
        "alliance/sixlinks/activities.html",
        alliance=alliance,
        page=page,
        can_record=can_record_activity(current_user, alliance),
        **_labels(),
    )


def _people_choices(alliance) -> list[tuple[int, str]]:
    ids = sorted(member_company_ids(alliance))
    if not ids:
        return []
    rows = db.session.execute(
        select(User.id, User.name, local_name_column(Company))
        .join(Company, Company.id == User.company_id)
        .where(User.company_id.in_(ids), User.active.is_(True))
        .order_by(Company.name, User.name)
        .limit(2000)
    )
    return [(uid, f"{name} · {company}") for uid, name, company in rows]


def _documents(form: ActivityForm):
    saved = []
    for file in chosen_files(form.documents):
        try:
            saved.append(save_document(file, actor=current_user))
        except UploadRejected as exc:
            form.documents.errors = [*form.documents.errors, f"{file.filename[-80:]}: {exc}"]
            return None
    return saved


@bp.route("/<int:alliance_id>/activities/new", methods=["GET", "POST"])
@login_required
def activity_create(alliance_id: int):
    alliance = _inside(alliance_id)
    if not can_record_activity(current_user, alliance):
        abort(403)
    form = ActivityForm()
    form.company_ids.choices = choices(
        (m.company_id, m.company.display_name()) for m in current_memberships(alliance)
    )
    form.person_ids.choices = choices(_people_choices(alliance))
    if request.method == "GET" and current_user.company_id:
        form.company_ids.data = [current_user.company_id]
    if form.validate_on_submit():
        photos = save_photos(form.photos, actor=current_user)
        documents = _documents(form) if photos is not None else None
        if photos is None or documents is None:
            db.session.rollback()
        else:
            data = services.ActivityData(
                title=form.title.data,
                occurred_on=form.occurred_on.data,
                links=form.links.data or [],
                company_ids=form.company_ids.data or [],
                person_ids=form.person_ids.data or [],
                description=form.description.data or "",
            )
            try:
                activity = services.record_activity(
                    alliance, data, actor=current_user, photos=photos, documents=documents
                )
            except NotAllowed:
                db.session.rollback()
                abort(403)
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The activity is recorded."), "success")
                return redirect(
                    url_for(
                        "alliance.sixlinks.activity",
                        alliance_id=alliance.id,
                        activity_id=activity.id,
                    )
                )
    return render_template("alliance/sixlinks/activity_form.html", alliance=alliance, form=form)


def _activity(alliance, activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.alliance_id != alliance.id:
        abort(404)
    return activity


@bp.route("/<int:alliance_id>/activities/<int:activity_id>")
@login_required
def activity(alliance_id: int, activity_id: int):
    alliance = _inside(alliance_id)
    item = _activity(alliance, activity_id)
    return render_template(
        "alliance/sixlinks/activity.html",
        alliance=alliance,
        activity=item,
        can_delete=services.can_delete_activity(current_user, item, alliance),
        **_labels(),
    )


@bp.route("/<int:alliance_id>/activities/<int:activity_id>/delete", methods=["POST"])
@login_required
def activity_delete(alliance_id: int, activity_id: int):
    alliance = _inside(alliance_id)
    item = _activity(alliance, activity_id)
    if not services.can_delete_activity(current_user, item, alliance):
        abort(403)
    services.delete_activity(item, actor=current_user)
    db.session.commit()
    flash(_("The activity was removed; its links no longer count."), "success")
    return redirect(url_for("alliance.sixlinks.activities", alliance_id=alliance.id))


def _period() -> dashboard.Period:
    return dashboard.Period.from_args(text_arg("start", 7), text_arg("end", 7))


def _alliance_figures(alliance, period):
    memberships = current_memberships(alliance)
    names = {m.company_id: m.company.display_name() for m in memberships}
    return {
        "matrix": dashboard.alliance_matrix(alliance, period),
        "totals": dashboard.member_totals(alliance, period=period),
        "silent": dashboard.silent_members(alliance),
        "names": names,
        "memberships": memberships,
    }


@bp.route("/<int:alliance_id>/dashboard", endpoint="dashboard")
@login_required
def dashboard_page(alliance_id: int):
    alliance = _inside(alliance_id)
    period = _period()
    return render_template(
        "alliance/sixlinks/dashboard.html",
        alliance=alliance,
        period=period,
        year=period.end // 100,
        **_alliance_figures(alliance, period),
        **_labels(),
    )


@bp.route("/<int:alliance_id>/dashboard/export.<any(csv, xlsx):fmt>")
@login_required
def dashboard_export(alliance_id: int, fmt: str):
    alliance = _inside(alliance_id)
    period = _period()
    figures = _alliance_figures(alliance, period)
    months, members = export.tables(figures["matrix"], figures["totals"], figures["names"])
    name = f"six-links-{alliance.id}-{period.label(period.start)}-{period.label(period.end)}"
    if fmt == "csv":
        return Response(
            export.to_csv(months, members),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={name}.csv"},
        )
    return Response(
        export.to_xlsx(months, members),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={name}.xlsx"},
    )


@bp.route("/<int:alliance_id>/summary/<int:year>")
@login_required
def summary(alliance_id: int, year: int):
    alliance = _inside(alliance_id)
    if not 2000 <= year <= 2100:
        abort(404)
    period = dashboard.Period.year(year)
    return render_template(
        "alliance/sixlinks/summary.html",
        alliance=alliance,
        period=period,
        year=year,
        **_alliance_figures(alliance, period),
        **_labels(),
    )


@bp.route("/companies/<int:company_id>/sixlinks")
@login_required
def company(company_id: int):
    from engage.alliance.alliances.services import alliances_of_company

    target = db.session.get(Company, company_id)
    if target is None or not can_view_company_dashboard(current_user, company_id):
        abort(404)
    period = _period()
    alliances = alliances_of_company(company_id)
    chosen = int_arg("alliance")
    if chosen is not None and chosen not in {a.id for a in alliances}:
        chosen = None
    matrix = dashboard.company_matrix(company_id, period, chosen)
    return render_template(
        "alliance/sixlinks/company.html",
        company=target,
        period=period,
        matrix=matrix,
        alliances=alliances,
        chosen=chosen,
        **_labels(),
    )
