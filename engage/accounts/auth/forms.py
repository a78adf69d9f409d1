"""Sign-up, sign-in, password and profile forms: validate input, never write."""

from __future__ import annotations

from babel.dates import get_timezone_location
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from engage.accounts.auth.passwords import MAX_LENGTH, password_problem
from engage.accounts.forms import PHONE, email_field, no_markup, required
from engage.core.forms import strip_filter
from engage.core.i18n import LANGUAGE_NAMES
from engage.core.timeutil import common_timezones


def strong_password(form, field) -> None:
    problem = password_problem(field.data)
    if problem:
        raise ValidationError(problem)


def _language_choices():
    return list(LANGUAGE_NAMES.items())


def _timezone_choices():
    """Each zone named in the reader's language, e.g. 中国（上海）时间 for Asia/Shanghai."""
    locale = get_locale() or "zh_Hans"
    return [
        (tz, tz if tz == "UTC" else get_timezone_location(tz, locale=locale))
        for tz in common_timezones()
    ]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), filters=[strip_filter], validators=[DataRequired(), Length(max=254), Email()]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class SignupForm(FlaskForm):
    name = StringField(
        _l("Your name"), filters=[strip_filter], validators=[required(), Length(max=100), no_markup]
    )
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[required(), strong_password],
        description=_l("At least 8 characters; not a common password."),
    )
    password_again = PasswordField(
        _l("Password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    locale = SelectField(_l("Language"), choices=_language_choices, validate_choice=True)


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[required(), Length(max=MAX_LENGTH)]
    )
    password = PasswordField(
        _l("New password"),
        validators=[required(), strong_password],
        description=_l("At least 8 characters; not a common password."),
    )
    password_again = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[required(), strong_password],
        description=_l("At least 8 characters; not a common password."),
    )
    password_again = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Your name"), filters=[strip_filter], validators=[required(), Length(max=100), no_markup]
    )
    phone = StringField(
        _l("Phone"), filters=[strip_filter], validators=[Optional(), Length(max=40), PHONE]
    )
    locale = SelectField(_l("Language"), choices=_language_choices, validate_choice=True)
    # Only the listed zones (each a valid one) are accepted: validate_choice checks it.
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices, validate_choice=True)
