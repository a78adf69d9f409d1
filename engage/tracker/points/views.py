"""Point pages: the company's tree, create/edit/deactivate, codes, QR labels, the public page."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.accounts.models import Company
from engage.core import qr
from engage.core.args import ids_arg, int_arg
from engage.core.errors import refuse
from engage.core.forms import StaleEdit, check_version
from engage.core.pagination import paginate
from engage.core.permissions import is_park_staff, require_visible
from engage.core.vocab import FOCUS_TARGET_LABELS, FocusTarget
from engage.extensions import db
from engage.tracker.points import services
from engage.tracker.points.forms import PointForm, RevokeCodeForm
from engage.tracker.points.models import Point
from engage.tracker.points.permissions import (
    can_manage_points,
    can_view_point_private,
)
from engage.tracker.points.vocab import POINT_KIND_LABELS
from engage.tracker.problems import services as problems
from engage.tracker.vocab import CATEGORY_LABELS, STATUS_LABELS, STATUS_TONES

bp = Blueprint("points", __name__)

QR_MAX_AGE = 86400


def public_url(code: str) -> str:
    """The address printed in a point's QR code: ENGAGE_BASE_URL + /p/<code>."""
    return current_app.config["ENGAGE_BASE_URL"] + url_for("tracker.points.detail", code=code)


def _company_or_404(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None or not can_manage_points(current_user, company.id):
        abort(404)
    return company


def _managed_point_or_404(point_id: int) -> Point:
    point = db.session.get(Point, point_id)
    if point is None or not can_manage_points(current_user, point.company_id):
        abort(404)
    return point


def _labels() -> dict:
    return {"kind_labels": POINT_KIND_LABELS, "focus_labels": FOCUS_TARGET_LABELS}


@bp.route("/points")
@login_required
def index():
    """A company manager goes to their company's points; park staff choose a company."""
    if (
        current_user.company_id
        and can_manage_points(current_user, current_user.company_id)
        and not is_park_staff(current_user)
    ):
        return redirect(url_for("tracker.points.tree", company_id=current_user.company_id))
    if not can_manage_points(current_user, None):
        abort(404)
    page = paginate(services.list_companies(), per_page=30)
    counts = services.point_counts([c.id for c in page.items])
    return render_template("tracker/points/companies.html", page=page, counts=counts)


@bp.route("/companies/<int:company_id>/points")
@login_required
def tree(company_id: int):
    company = _company_or_404(company_id)
    tree = services.flatten(services.company_tree(company.id))
    return render_template(
        "tracker/points/tree.html",
        company=company,
        rows=tree,
        max_depth=services.MAX_DEPTH,
        **_labels(),
    )


@bp.route("/companies/<int:company_id>/points/new", methods=["GET", "POST"])
@login_required
def create(company_id: int):
    company = _company_or_404(company_id)
    parent = None
    parent_id = int_arg("parent")
    if parent_id:
        parent = db.session.get(Point, parent_id)
        if parent is None or parent.company_id != company.id or not parent.active:
            abort(404)
        if services.level_of(parent) >= services.MAX_DEPTH:
            flash(_("Points go three levels deep at most: site, building, area."), "warning")
            return redirect(url_for("tracker.points.tree", company_id=company.id))
    form = PointForm()
    form.set_people(services.company_members(company.id))
    if form.validate_on_submit():
        try:
            point = services.create_point(
                company,
                actor=current_user,
                name=form.name.data,
                parent=parent,
                location=form.location.data or "",
                focus_target=FocusTarget(form.focus_target.data),
                responsible=_person(form),
                notes=form.notes.data or "",
            )
        except services.PointError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(
                _("Point %(name)s added with code %(code)s.", name=point.name, code=point.code),
                "success",
            )
            return redirect(url_for("tracker.points.tree", company_id=company.id))
    level = services.level_of(parent) + 1
    return render_template(
        "tracker/points/form.html",
        form=form,
        company=company,
        parent=parent,
        point=None,
        kind=services.KIND_BY_LEVEL[level],
        **_labels(),
    )


def _person(form: PointForm):
    from engage.accounts.models import User

    return db.session.get(User, form.responsible_id.data) if form.responsible_id.data else None


@bp.route("/points/<int:point_id>/edit", methods=["GET", "POST"])
@login_required
def edit(point_id: int):
    point = _managed_point_or_404(point_id)
    form = PointForm(obj=point)
    form.set_people(services.company_members(point.company_id))
    if request.method == "GET":
        form.focus_target.data = point.focus_target.value
        form.responsible_id.data = point.responsible_id or 0
        form.version.data = point.version
    if form.validate_on_submit():
        try:
            check_version(point, form.version.data)
            services.update_point(
                point,
                actor=current_user,
                name=form.name.data,
                location=form.location.data or "",
                focus_target=FocusTarget(form.focus_target.data),
                responsible=_person(form),
                notes=form.notes.data or "",
            )
        except StaleEdit:
            flash(
                _(
                    "Someone else changed this point while you were editing. "
                    "Here it is as it is now; make your change again."
                ),
                "warning",
            )
            return redirect(url_for("tracker.points.edit", point_id=point.id))
        except services.PointError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Point %(name)s saved.", name=point.name), "success")
            return redirect(url_for("tracker.points.tree", company_id=point.company_id))
    return render_template(
        "tracker/points/form.html",
        form=form,
        company=point.company,
        parent=point.parent,
        point=point,
        kind=point.kind,
        **_labels(),
    )


@bp.route("/points/<int:point_id>/deactivate", methods=["POST"])
@login_required
def deactivate(point_id: int):
    point = _managed_point_or_404(point_id)
    changed = services.set_active(point, actor=current_user, active=False)
    db.session.commit()
    flash(
        _(
            "%(name)s is no longer in use (%(count)s points in all); its code stops working.",
            name=point.name,
            count=len(changed),
        ),
        "success",
    )
    return redirect(url_for("tracker.points.tree", company_id=point.company_id))


@bp.route("/points/<int:point_id>/activate", methods=["POST"])
@login_required
def activate(point_id: int):
    point = _managed_point_or_404(point_id)
    try:
        services.set_active(point, actor=current_user, active=True)
    except services.BadParent as exc:
        refuse(exc, category="warning")
    else:
        db.session.commit()
        flash(_("%(name)s is in use again.", name=point.name), "success")
    return redirect(url_for("tracker.points.tree", company_id=point.company_id))


@bp.route("/points/<int:point_id>/code", methods=["GET", "POST"])
@login_required
def code(point_id: int):
    """The point's code, its QR code and its history; revoke and replace it."""
    point = _managed_point_or_404(point_id)
    form = RevokeCodeForm()
    if form.validate_on_submit():
        old = point.code
        code = services.revoke_code(point, actor=current_user, reason=form.reason.data)
        db.session.commit()
        flash(
            _(
                "Code %(old)s no longer works; the new code is %(new)s. Print a new label.",
                old=old,
                new=code,
            ),
            "success",
        )
        return redirect(url_for("tracker.points.code", point_id=point.id))
    return render_template(
        "tracker/points/code.html",
        point=point,
        form=form,
        history=services.code_history(point),
        url=public_url(point.code),
        qr=_qr_inline(point.code),
    )


@bp.route("/companies/<int:company_id>/points/labels")
@login_required
def labels(company_id: int):
    """Choose points, then print their labels on A4 (the same address with ids=...)."""
    company = _company_or_404(company_id)
    ids = ids_arg("ids")
    if ids:
        points = services.points_for_labels(company.id, ids)
        if points:
            labels = [
                (p, _qr_inline(p.code), " › ".join(n.name for n in services.path_of(p)[:-1]))
                for p in points
            ]
            return render_template("tracker/points/labels.html", company=company, labels=labels)
        flash(_("Choose at least one point in use."), "warning")
    rows = services.flatten(services.company_tree(company.id, include_inactive=False))
    return render_template(
        "tracker/points/labels_choose.html", company=company, rows=rows, **_labels()
    )


def _qr_inline(code: str):
    return qr.svg_inline(public_url(code), scale=4, border=2, title=code)


def _current_point_or_404(code: str) -> Point:
    lookup = services.find_by_code(code)
    if lookup.point is None or lookup.point.code != services.normalise_code(code):
        abort(404)
    return require_visible(current_user, lookup.point)


def _qr_response(data: bytes, mimetype: str, code: str):
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        max_age=QR_MAX_AGE,
        download_name=f"point-{code}.{mimetype.rsplit('/', 1)[-1][:3]}",
    )
    response.headers["Cache-Control"] = f"public, max-age={QR_MAX_AGE}"
    response.set_etag(f"{code}-{mimetype}")
    return response.make_conditional(request)


@bp.route("/p/<code>/qr.svg")
def qr_svg(code: str):
    point = _current_point_or_404(code)
    return _qr_response(
        qr.svg_bytes(public_url(point.code), scale=8, border=2), "image/svg+xml", point.code
    )


@bp.route("/p/<code>/qr.png")
def qr_png(code: str):
    point = _current_point_or_404(code)
    return _qr_response(
        qr.png_bytes(public_url(point.code), scale=10, border=2), "image/png", point.code
    )


@bp.route("/p")
def find():
    """Type a code from a label: goes to the point's page."""
    code = services.normalise_code(request.args.get("code", ""))
    if not code:
        return render_template("tracker/points/find.html")
    return redirect(url_for("tracker.points.detail", code=code))


@bp.route("/p/<code>")
def detail(code: str):
    """The page a point's QR code opens: public details, problems for those who may see
    them, history, and a big button to report a hazard here. Every opening counts."""
    lookup = services.find_by_code(code)
    if lookup.replaced is not None:
        old = lookup.replaced
        show_new = can_view_point_private(current_user, old.point)
        return render_template(
            "tracker/points/replaced.html", old=old, point=old.point if show_new else None
        ), 410
    if lookup.point is None:
        return render_template(
            "tracker/points/unknown.html", code=services.normalise_code(code)
        ), 404
    point = require_visible(current_user, lookup.point)
    if request.method == "GET":  # a HEAD (link previews, checkers) is not a scan
        services.record_scan(point, user=current_user if current_user.is_authenticated else None)
        db.session.commit()
    open_problems = problems.list_for_point(point, current_user, open_only=True, limit=10)
    # History: what was dealt with here (the open ones are listed just above).
    recent = [p for p in problems.list_for_point(point, current_user, limit=30) if not p.is_open][
        :10
    ]
    # The checklist and inspection history will be filled by the peer-inspection
    # module; until then the history section lists the point's problems.
    children = services.children_of(point)
    return render_template(
        "tracker/points/page.html",
        point=point,
        path=services.path_of(point),
        private=can_view_point_private(current_user, point),
        manage=can_manage_points(current_user, point.company_id),
        open_problems=open_problems,
        recent=recent,
        children=children,
        category_labels=CATEGORY_LABELS,
        status_labels=STATUS_LABELS,
        status_tones=STATUS_TONES,
        **_labels(),
    )
