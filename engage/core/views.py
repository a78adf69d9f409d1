"""Site-wide pages: home, language switch, media files, notifications, the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.core import audit, mail, notifications, uploads  # noqa: F401  (tables)
from engage.core.i18n import languages
from engage.core.pagination import paginate
from engage.core.permissions import is_admin
from engage.core.urls import safe_next
from engage.extensions import csrf, db

bp = Blueprint("core", __name__)


@bp.after_app_request
def _deliver_mail(response):
    mail.deliver_committed()
    return response


@bp.route("/")
def home():
    return render_template("core/home.html")


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in languages():
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"))


@bp.route("/media/<key>")
def media(key: str):
    content_type = uploads.content_type_for(key)
    if content_type is None:
        abort(404)
    try:
        path = uploads.storage().path(key)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type, max_age=31536000,
                         as_attachment=content_type == "application/pdf",
                         download_name=key)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/notifications")
@login_required
def notifications_index():
    page = paginate(notifications.list_for(current_user.id), per_page=30)
    return render_template("core/notifications.html", page=page)


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def notification_open(notification_id: int):
    note = db.session.get(notifications.Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    notifications.mark_read(current_user.id, note.id)
    db.session.commit()
    return redirect(safe_next(note.url) or url_for("core.notifications_index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def notifications_read_all():
    notifications.mark_read(current_user.id)
    db.session.commit()
    return redirect(url_for("core.notifications_index"))


def _date_arg(name: str) -> datetime | None:
    value = request.args.get(name, "")
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/admin/audit")
@login_required
def audit_index():
    if not is_admin(current_user):
        abort(404)
    since, until = _date_arg("since"), _date_arg("until")
    from engage.core.timeutil import reader_zone

    zone = reader_zone()
    stmt = audit.list_entries(
        action=request.args.get("action") or None,
        object_type=request.args.get("object_type") or None,
        actor_id=request.args.get("actor", type=int),
        company_id=request.args.get("company", type=int),
        since=since.replace(tzinfo=zone) if since else None,
        until=(until.replace(tzinfo=zone) + timedelta(days=1)) if until else None,
    )
    page = paginate(stmt, per_page=50)
    actions = db.session.scalars(
        select(audit.AuditEntry.action).distinct().order_by(audit.AuditEntry.action)).all()
    types = db.session.scalars(
        select(audit.AuditEntry.object_type).distinct().order_by(audit.AuditEntry.object_type)
    ).all()
    return render_template("core/audit.html", page=page, actions=actions, types=types,
                           filters=request.args)


@bp.route("/healthz")
@csrf.exempt
def healthz():
    db.session.execute(select(1))
    return {"status": "ok", "version": current_app.config.get("ENGAGE_VERSION", "")}
