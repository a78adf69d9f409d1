"""Telling people about whistles: a notification and a mail, each in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engage.accounts.models import Department, PlatformRole, User
from engage.core.mail import queue_mail
from engage.core.notifications import notify, register_kind
from engage.core.urls import path_for
from engage.extensions import db
from engage.tracker.models import Problem

MESSAGES = {
    "tracker.whistle_routed": _l(
        "Whistle %(number)s was routed to %(department)s: report in within %(hours)s hours."
    ),
    "tracker.whistle_rerouted": _l(
        "Your whistle %(number)s was passed from %(from_department)s to %(department)s: %(reason)s"
    ),
    "tracker.whistle_escalated_lead": _l(
        "%(department)s has not reported in on whistle %(number)s: its deadline has passed."
    ),
    "tracker.whistle_escalated_supervisor": _l(
        "%(department)s has still not reported in on "
        "whistle %(number)s, %(hours)s hours after its "
        "deadline."
    ),
    "tracker.whistle_unrouted": _l(
        "Whistle %(number)s fits no routing rule: choose the department it goes to."
    ),
    "tracker.whistle_returned": _l(
        "%(from_department)s passed whistle %(number)s back to the supervisors: %(reason)s"
    ),
    "tracker.whistle_idle_lead": _l(
        "%(department)s reported in on whistle %(number)s but has not acted on it by its "
        "deadline: give it to the company, take it on or pass it on."
    ),
    "tracker.whistle_idle_supervisor": _l(
        "%(department)s has still not acted on whistle %(number)s, %(hours)s hours after "
        "its deadline to act."
    ),
}
for _kind, _message in MESSAGES.items():
    register_kind(_kind, _message)


def department_members(department_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.department_id == department_id, User.active.is_(True))
        ).all()
    )


def department_leads(department_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.department_id == department_id,
                User.is_department_lead.is_(True),
                User.active.is_(True),
            )
        ).all()
    )


def supervisors() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.platform_role == PlatformRole.SUPERVISOR, User.active.is_(True))
        ).all()
    )


def whistle_path(problem: Problem) -> str:
    """The whistle's page as a local path (also from the command line): what a
    notification stores, since the notification list follows local paths only."""
    return path_for("tracker.whistles.detail", problem_id=problem.id)


def _locale(user: User) -> str:
    return user.locale or current_app.config.get("BABEL_DEFAULT_LOCALE", "zh_Hans")


def tell(
    users: Iterable[User | int],
    kind: str,
    problem: Problem,
    *,
    department: Department | None = None,
    from_department: Department | None = None,
    **params,
) -> int:
    """Notify each distinct user once, in-app and by mail; returns how many were told."""
    path = whistle_path(problem)
    url = current_app.config["ENGAGE_BASE_URL"] + path
    ids = sorted({getattr(u, "id", u) for u in users if u})
    if not ids:
        return 0
    people = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    for user in people:
        locale = _locale(user)
        values = {"number": problem.number, **{k: str(v) for k, v in params.items()}}
        named = {
            key: value
            for key, value in (("department", department), ("from_department", from_department))
            if value is not None
        }
        notify(user, kind, url=path, **values, **named)
        values |= {k: v.display_name(locale) for k, v in named.items()}
        with force_locale(locale):
            message = str(MESSAGES[kind]) % values
            subject = _("Engage: whistle %(number)s", number=problem.number)
            body = _("%(message)s\n\nOpen it: %(url)s", message=message, url=url)
        queue_mail(user.email, subject, body, user_id=user.id)
    return len(people)
