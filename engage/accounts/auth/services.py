"""Account rules: sign-up, sign-in, passwords, sessions, profiles. Flushes; the caller commits."""

from __future__ import annotations

import hashlib

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from engage.accounts.auth.passwords import password_problem
from engage.accounts.errors import AccountError, WrongPassword
from engage.accounts.models import User
from engage.core import audit
from engage.core.mail import queue_mail
from engage.core.timeutil import utcnow
from engage.extensions import db

# A hash to check against when the email is unknown, so that an unknown email
# and a wrong password take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")
_RESET_SALT = "engage-password-reset"
_WELCOME_SALT = "engage-welcome"  # the first password of an account someone else made


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same answer either way)."""
    user = get_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    audit.record(user, "account.sign_in", user)
    return user


def warn_of_failed_sign_ins(email: str) -> None:
    """Mail the owner of `email` (if it is an account) that someone keeps failing to sign
    in to it. Called once per window by the sign-in page; flushes nothing itself."""
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    link = current_app.config["ENGAGE_BASE_URL"] + url_for("accounts.auth.forgot_password")
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Engage: repeated failed sign-ins to your account")
        body = _(
            "Hello %(name)s,\n\nSomeone has tried several times to sign in to your Engage "
            "account with a wrong password. The addresses that failed have to wait before "
            "trying again; you can still sign in as usual.\n\nIf this was not you, choose a "
            "new password: %(link)s",
            name=user.name,
            link=link,
        )
    queue_mail(user.email, subject, body, user_id=user.id)
    audit.record(None, "account.sign_in_failures", user)


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: `id:token`; a rotated token makes the old cookie anonymous."""
    user_id, _sep, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token or len(user_id) > 10 or int(user_id) > 2**31 - 1:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def sign_out_everywhere(user: User) -> None:
    """End every session of the user (this one included)."""
    user.end_all_sessions()
    audit.record(user, "account.sign_out", user)


def sign_up(*, name: str, email: str, password: str, locale: str | None = None) -> User | None:
    """Create an ordinary account (no role yet) and mail its owner a welcome. Anyone.

    When the address has an account already, nothing is created: its owner is mailed
    that someone tried to sign up with it, and None is returned. The caller answers the
    same either way, so the sign-up form does not tell who has an account.
    Raises AccountError (a guessable password).
    """
    email = normalise_email(email)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    existing = get_user_by_email(email)
    if existing is not None:
        generate_password_hash(password, method="scrypt")  # the same time as a new account
        _mail_sign_up_attempt(existing)
        return None
    user = User(email=email, name=name, locale=locale or None)
    user.set_password(password)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # two sign-ups with one email at the same moment
        existing = get_user_by_email(email)
        if existing is not None:
            _mail_sign_up_attempt(existing)
        return None
    audit.record(user, "account.signed_up", user, summary=email)
    _mail(
        user,
        _l("Welcome to Engage"),
        _l(
            "Hello %(name)s,\n\nYour Engage account is ready. Sign in with this address "
            "and the password you chose:\n\n%(link)s"
        ),
        link=_absolute(url_for("accounts.auth.login")),
    )
    return user


def _absolute(path: str) -> str:
    # The configured address, never the request's Host header (which an attacker chooses).
    return current_app.config["ENGAGE_BASE_URL"] + path


def _mail(user: User, subject, body, **values) -> None:
    """Queue a mail to `user` in their language (subject and body lazy strings)."""
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = str(body) % {"name": user.name, **values}
        queue_mail(user.email, str(subject), text, user_id=user.id)


def _mail_sign_up_attempt(user: User) -> None:
    """Someone signed up with `user`'s address: tell them, and how to get in."""
    _mail(
        user,
        _l("Engage: someone tried to sign up with your address"),
        _l(
            "Hello %(name)s,\n\nSomeone tried to create a new Engage account with your "
            "address. You have an account already: sign in at %(login)s, or, if you have "
            "forgotten your password, choose a new one at %(reset)s.\n\nIf this was not "
            "you, you need not do anything."
        ),
        login=_absolute(url_for("accounts.auth.login")),
        reset=_absolute(url_for("accounts.auth.forgot_password")),
    )
    audit.record(None, "account.sign_up_with_taken_email", user)


def change_password(user: User, *, current: str, new: str) -> None:
    """Set a new password and end every session; the caller signs the current one in again.

    The user themself. Raises WrongPassword, AccountError.
    """
    if not user.check_password(current or ""):
        raise WrongPassword(_l("The current password is not right."), "current_password")
    _set_password(user, new)
    audit.record(user, "account.password_changed", user)


def _set_password(user: User, new: str) -> None:
    problem = password_problem(new)
    if problem:
        raise AccountError(problem, "password")
    user.set_password(new)
    user.end_all_sessions()


# Password reset: a signed, expiring token that also carries a fingerprint of
# the current password hash, so it stops working once the password changed.


def _serializer(salt: str = _RESET_SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def make_reset_token(user: User) -> str:
    """A link token to choose a new password, good for ENGAGE_PASSWORD_RESET_HOURS."""
    return _serializer().dumps([user.id, _fingerprint(user)])


def make_welcome_token(user: User) -> str:
    """A link token to choose the first password of an account made for its owner (an
    import), good for ENGAGE_WELCOME_LINK_DAYS: people read such mail days later."""
    return _serializer(_WELCOME_SALT).dumps([user.id, _fingerprint(user)])


def user_for_reset_token(token: str) -> User | None:
    """The user a still-valid reset or welcome token belongs to, else None (expired,
    used: the password changed since, or forged)."""
    if not token or len(token) > 500:
        return None
    config = current_app.config
    lifetimes = (
        (_RESET_SALT, config["ENGAGE_PASSWORD_RESET_HOURS"] * 3600),
        (_WELCOME_SALT, config["ENGAGE_WELCOME_LINK_DAYS"] * 86400),
    )
    for salt, max_age in lifetimes:
        try:
            user_id, fingerprint = _serializer(salt).loads(token, max_age=max_age)
            break
        except (BadSignature, SignatureExpired, ValueError, TypeError):
            continue
    else:
        return None
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or _fingerprint(user) != fingerprint:
        return None
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link when an active account has this email; nothing otherwise.

    Anyone. The caller answers the same whether or not the account exists.
    """
    user = get_user_by_email(email)
    if user is None or not user.active:
        return
    # The configured address, never the request's Host header (which an attacker chooses).
    link = current_app.config["ENGAGE_BASE_URL"] + url_for(
        "accounts.auth.reset_password", token=make_reset_token(user)
    )
    hours = current_app.config["ENGAGE_PASSWORD_RESET_HOURS"]
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Reset your Engage password")
        body = _(
            "Hello %(name)s,\n\nSomeone (we hope you) asked to reset the password of "
            "your Engage account. Open this link within %(hours)s hours to choose a new "
            "password:\n\n%(link)s\n\nIf you did not ask for this, ignore this mail; "
            "your password stays as it is.",
            name=user.name,
            hours=hours,
            link=link,
        )
    queue_mail(user.email, subject, body, user_id=user.id)
    audit.record(None, "account.password_reset_requested", user)


def reset_password(user: User, new: str) -> None:
    """Set the password from a reset link and end every session. Raises AccountError."""
    _set_password(user, new)
    audit.record(user, "account.password_reset", user)


def update_profile(user: User, *, name: str, phone: str, locale: str, timezone: str) -> None:
    """The user's own name, phone, language and time zone."""
    changed = {
        k: v
        for k, v in {
            "name": name,
            "phone": phone or "",
            "locale": locale,
            "timezone": timezone,
        }.items()
        if getattr(user, k) != v
    }
    for key, value in changed.items():
        setattr(user, key, value)
    if changed:
        audit.record(user, "account.profile_updated", user, fields=sorted(changed))


def create_admin(email: str, password: str, *, name: str | None = None) -> tuple[User, bool]:
    """Create a platform admin, or make an existing user one. CLI only."""
    from engage.accounts.models import PlatformRole

    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("That is not an email address.")
    user = get_user_by_email(email)
    if user is None:
        problem = password_problem(password)
        if problem:
            raise AccountError(problem, "password")
        user = User(email=email, name=name or email.split("@")[0])
        user.set_password(password)
        db.session.add(user)
        created = True
    else:
        created = False
    user.platform_role = PlatformRole.ADMIN
    db.session.flush()
    audit.record(None, "account.admin_created", user, summary=email)
    return user, created
