"""Sign-up, sign-in, sign-out, passwords and the profile page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from engage.accounts.auth import services, throttle
from engage.accounts.auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    ResetPasswordForm,
    SignupForm,
)
from engage.accounts.errors import AccountError
from engage.core.errors import refuse
from engage.core.i18n import current_language
from engage.core.urls import safe_next
from engage.extensions import client_address, db, limiter, login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "accounts.auth.login"
login_manager.login_message = None
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(session_id: str):
    return services.load_session_user(session_id)


def _login_limit() -> str:
    return current_app.config["ENGAGE_LOGIN_LIMIT"]


def _sign_in_failed(_response) -> bool:
    """Only failed sign-ins count against the per-address limit."""
    return bool(g.get("sign_in_failed"))


def _next_or_home() -> str:
    return safe_next(request.args.get("next")) or url_for("core.home")


@bp.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_sign_in_failed)
def login():
    if current_user.is_authenticated:
        return redirect(_next_or_home())
    form = LoginForm()
    if form.validate_on_submit():
        email = services.normalise_email(form.email.data)[:254]
        address = client_address()
        wait = throttle.wait_seconds(email, address)
        if wait:
            # This address failed too often for this account: it waits, the owner does not.
            flash(
                _(
                    "Too many wrong passwords for this account from here. "
                    "Try again in %(seconds)s seconds, or reset your password.",
                    seconds=wait,
                ),
                "danger",
            )
            return render_template("accounts/auth/login.html", form=form), 429
        user = services.authenticate(email, form.password.data)
        if user is None:
            g.sign_in_failed = True
            if throttle.record_failure(email, address):
                services.warn_of_failed_sign_ins(email)
                db.session.commit()
            flash(_("The email or password is not right."), "danger")
        else:
            throttle.record_success(email, address)
            db.session.commit()
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(_next_or_home())
    return render_template("accounts/auth/login.html", form=form)


@bp.route("/auth/logout", methods=["POST"])
@login_required
def logout():
    services.sign_out_everywhere(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/auth/signup", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignupForm()
    if request.method == "GET":
        form.locale.data = current_language()
    if form.validate_on_submit():
        try:
            services.sign_up(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                locale=form.locale.data,
            )
        except AccountError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            # The same answer whether or not the address had an account (its owner is
            # mailed instead): the form does not tell who has an account.
            flash(
                _(
                    "Thank you. We have sent a mail to %(email)s. Sign in with this "
                    "address and your password; if the address had an account already, "
                    "the mail says what to do.",
                    email=services.normalise_email(form.email.data),
                ),
                "success",
            )
            return redirect(
                url_for("accounts.auth.login", next=url_for("accounts.companies.join", welcome=1))
            )
    return render_template("accounts/auth/signup.html", form=form)


@bp.route("/auth/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, current=form.current_password.data, new=form.password.data
            )
        except AccountError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            # The token changed: every other session ends, this one goes on with the new one.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.auth.profile"))
    return render_template("accounts/auth/password_change.html", form=form)


@bp.route("/auth/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account uses this address, we have sent it a link to choose a new "
                "password. Check your mail."
            ),
            "info",
        )
        return redirect(url_for("accounts.auth.login"))
    return render_template("accounts/auth/forgot.html", form=form)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("This link has expired or was used already. Ask for a new one."), "warning")
        return redirect(url_for("accounts.auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user, form.password.data)
        except AccountError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            logout_user()
            flash(_("Your password is changed. Sign in with it now."), "success")
            return redirect(url_for("accounts.auth.login"))
    return render_template("accounts/auth/reset.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or current_language()
        form.timezone.data = current_user.timezone or current_app.config["ENGAGE_TIMEZONE"]
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name=form.name.data,
            phone=form.phone.data or "",
            locale=form.locale.data,
            timezone=form.timezone.data,
        )
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.auth.profile"))
    return render_template("accounts/auth/profile.html", form=form)
