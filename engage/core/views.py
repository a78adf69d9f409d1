"""Site-wide pages: home, language switch, media files, notifications, the audit log."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from engage.core import audit, audit_words, challenge, export, mail, notifications, uploads  # noqa: F401  (tables)
from engage.core.args import date_arg, int_arg, text_arg
from engage.core.i18n import languages
from engage.core.pagination import paginate
from engage.core.permissions import is_supervisor_or_admin
from engage.core.search import views as search_views
from engage.core.timeutil import reader_zone, utcnow
from engage.core.urls import local_path, safe_next
from engage.extensions import csrf, db

bp = Blueprint("core", __name__)
bp.register_blueprint(search_views.bp)


class BoundedIntegerConverter(IntegerConverter):
    """`<int:id>` that matches only what an INTEGER column can hold, so that
    /things/99999999999999999999 is a 404 rather than a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


# Core is the first domain registered, so every domain's routes use this converter.
bp.record_once(lambda state: state.app.url_map.converters.update(int=BoundedIntegerConverter))


@bp.after_app_request
def _deliver_mail(response):
    mail.deliver_committed()
    return response


@bp.route("/")
def home():
    unread = notifications.latest_unread(current_user.id) if current_user.is_authenticated else []
    return render_template("core/home.html", latest_unread=unread)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang in languages():
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"))


_MEDIA_MAX_AGE = 86_400  # a day: signed addresses last one to two


@bp.route("/media/<key>")
def media(key: str):
    content_type = uploads.content_type_for(key)
    if content_type is None or not uploads.signature_valid(key, request.args.get("s")):
        abort(404)
    try:
        path = uploads.storage().path(key)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=content_type,
        max_age=_MEDIA_MAX_AGE,
        as_attachment=content_type == "application/pdf",
        download_name=key,
    )
    # The bytes never change under a key, but only this reader was given the address.
    response.cache_control.public = False
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; sandbox"
    )
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
    own = (current_app.config.get("ENGAGE_BASE_URL") or "",)
    return redirect(local_path(note.url, own) or url_for("core.notifications_index"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def notifications_read_all():
    notifications.mark_read(current_user.id)
    db.session.commit()
    return redirect(url_for("core.notifications_index"))


_AUDIT_ARGS = (
    "action",
    "object_type",
    "actor",
    "actor_id",
    "company",
    "since",
    "until",
    "sign_ins",
)


def _audit_query():
    """The audit log's filters read from the query string: (select, filters, errors).
    A date that is not a date is named in `errors` and left out, never a 500."""
    if not is_supervisor_or_admin(current_user):
        abort(404)
    zone = reader_zone()
    errors = []
    days = {}
    labels = {"since": _("From"), "until": _("To")}
    for name in ("since", "until"):
        raw = text_arg(name, 40).strip()
        days[name] = date_arg(name)
        if raw and days[name] is None:
            errors.append(
                _(
                    "“%(field)s” is not a date: write it as 2026-06-01.",
                    field=labels[name],
                )
            )
    since, until = days["since"], days["until"]
    if since and until and since > until:
        errors.append(_("The “From” day comes after the “To” day: no entry can match."))
    include_sign_ins = request.args.get("sign_ins") == "1"
    stmt = audit.list_entries(
        action=text_arg("action", 64) or None,
        object_type=text_arg("object_type", 64) or None,
        actor_id=int_arg("actor_id"),
        actor=text_arg("actor") or None,
        company_id=int_arg("company"),
        since=datetime.combine(since, time.min, tzinfo=zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone) if until else None,
        include_sign_ins=include_sign_ins,
    )
    filters = {name: text_arg(name) for name in ("action", "object_type", "actor")}
    filters.update(
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        company=int_arg("company"),
        actor_id=int_arg("actor_id"),
        sign_ins=include_sign_ins,
    )
    return stmt, filters, errors


@bp.route("/admin/audit")
@login_required
def audit_index():
    stmt, filters, errors = _audit_query()
    page = paginate(stmt, per_page=50)
    actions, types = audit.filter_choices()
    export_args = {k: request.args[k] for k in _AUDIT_ARGS if request.args.get(k)}
    return render_template(
        "core/audit.html",
        page=page,
        actions=actions,
        types=types,
        companies=audit.company_choices(),
        filters=filters,
        errors=errors,
        export_args=export_args,
        zone=reader_zone().key,
        words=audit_words,
        object_url=audit.object_url,
    )


@bp.route("/admin/audit/export.csv")
@login_required
def audit_export():
    """The filtered log as CSV, every row (not just one page), formula-safe."""
    stmt, _filters, _errors = _audit_query()
    header = [
        _("When"),
        _("Who"),
        _("Email"),
        _("Action"),
        _("Action code"),
        _("Object"),
        _("Name"),
        _("Changes"),
    ]

    def rows():
        for entry in db.session.scalars(stmt.execution_options(yield_per=500)):
            yield [
                entry.created_at,
                entry.actor.name if entry.actor else _("system"),
                entry.actor.email if entry.actor else "",
                audit_words.action_phrase(entry.action),
                entry.action,
                audit_words.object_noun(entry.object_type) if entry.object_type else "",
                entry.summary,
                audit_words.changes_text(entry.details),
            ]

    name = f"audit-{utcnow():%Y%m%d}.csv"
    return Response(
        stream_with_context(export.csv_stream(header, rows())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/favicon.ico")
def favicon():
    """Browsers that ask for /favicon.ico before reading a page's icon link get the icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/healthz")
@csrf.exempt
def healthz():
    db.session.execute(select(1))
    return {"status": "ok", "version": current_app.config.get("ENGAGE_VERSION", "")}
