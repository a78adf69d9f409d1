"""Account rules: sign-in, passwords, sessions. Flushes; the caller commits."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from engage.accounts.models import User
from engage.core import audit
from engage.core.timeutil import utcnow
from engage.extensions import db

# A hash to check against when the email is unknown, so that an unknown email
# and a wrong password take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same answer either way)."""
    user = get_user_by_email(email)
    if user is None:
        from werkzeug.security import check_password_hash

        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    audit.record(user, "account.sign_in", user)
    return user


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: `id:token`; a rotated token makes the old cookie anonymous."""
    user_id, _sep, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def sign_out_everywhere(user: User) -> None:
    """End every session of the user (this one included)."""
    user.end_all_sessions()
    audit.record(user, "account.sign_out", user)


class AccountError(Exception):
    """An account change that the rules refuse; the message says why."""


def create_admin(email: str, password: str, *, name: str | None = None) -> tuple[User, bool]:
    """Create a platform admin, or make an existing user one. CLI only."""
    from engage.accounts.models import PlatformRole
    from engage.accounts.passwords import password_problem

    email = normalise_email(email)
    if "@" not in email:
        raise AccountError("That is not an email address.")
    user = get_user_by_email(email)
    if user is None:
        problem = password_problem(password)
        if problem:
            raise AccountError(str(problem))
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
