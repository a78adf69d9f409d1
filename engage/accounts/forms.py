"""Account and company forms: validate input, never write."""

from __future__ import annotations

import re

from babel.dates import get_timezone_location
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from engage.accounts import uscc
from engage.accounts.models import (
    COMPANY_ROLE_LABELS,
    INDUSTRIES,
    PLATFORM_ROLE_LABELS,
    CompanyRole,
)
from engage.accounts.passwords import MAX_LENGTH, password_problem
from engage.core.forms import VersionField, strip_filter
from engage.core.i18n import LANGUAGE_NAMES
from engage.core.timeutil import common_timezones

_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")
PHONE = Regexp(r"^[0-9+\-() ]{3,40}$", message=_l("Use digits, spaces and + - ( ) only."))
CODE = Regexp(r"^[A-Za-z0-9_-]{1,32}$",
              message=_l("Use letters, digits, - and _ only, at most 32."))


def no_markup(form, field) -> None:
    """Names and titles are plain text: refuse anything that looks like an HTML tag."""
    if field.data and _MARKUP.search(field.data):
        raise ValidationError(_l("Use plain text here, without < and > tags."))


def strong_password(form, field) -> None:
    problem = password_problem(field.data)
    if problem:
        raise ValidationError(problem)


def _language_choices():
    return list(LANGUAGE_NAMES.items())


def _timezone_choices():
    """Each zone named in the reader's language, e.g. 中国（上海）时间 for Asia/Shanghai."""
    locale = get_locale() or "zh_Hans"
    return [(tz, tz if tz == "UTC" else get_timezone_location(tz, locale=locale))
            for tz in common_timezones()]


def _required():
    return DataRequired(message=_l("This field is required."))


def _email_field(label=None):
    return EmailField(label or _l("Email"), filters=[strip_filter],
                      validators=[_required(), Length(max=254),
                                  Email(message=_l("Enter a valid email address."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), filters=[strip_filter],
                       validators=[DataRequired(), Length(max=254), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class SignupForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[strip_filter],
                       validators=[_required(), Length(max=100), no_markup])
    email = _email_field()
    password = PasswordField(_l("Password"), validators=[_required(), strong_password],
                             description=_l("At least 8 characters; not a common password."))
    password_again = PasswordField(
        _l("Password again"),
        validators=[_required(), EqualTo("password", message=_l("The two passwords differ."))])
    locale = SelectField(_l("Language"), choices=_language_choices, validate_choice=True)


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[_required(), Length(max=MAX_LENGTH)])
    password = PasswordField(_l("New password"), validators=[_required(), strong_password],
                             description=_l("At least 8 characters; not a common password."))
    password_again = PasswordField(
        _l("New password again"),
        validators=[_required(), EqualTo("password", message=_l("The two passwords differ."))])


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[_required(), strong_password],
                             description=_l("At least 8 characters; not a common password."))
    password_again = PasswordField(
        _l("New password again"),
        validators=[_required(), EqualTo("password", message=_l("The two passwords differ."))])


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name"), filters=[strip_filter],
                       validators=[_required(), Length(max=100), no_markup])
    phone = StringField(_l("Phone"), filters=[strip_filter],
                        validators=[Optional(), Length(max=40), PHONE])
    locale = SelectField(_l("Language"), choices=_language_choices, validate_choice=True)
    # Only the listed zones (each a valid one) are accepted: validate_choice checks it.
    timezone = SelectField(_l("Time zone"), choices=_timezone_choices, validate_choice=True)


class AreaForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip_filter], validators=[_required(), CODE])
    name = StringField(_l("Name (Chinese)"), filters=[strip_filter],
                       validators=[_required(), Length(max=120), no_markup])
    name_en = StringField(_l("Name (English)"), filters=[strip_filter],
                          validators=[Optional(), Length(max=120), no_markup])
    description = TextAreaField(_l("Description"), filters=[strip_filter],
                                validators=[Optional(), Length(max=2000), no_markup])


class CompanyForm(FlaskForm):
    version = VersionField()
    name = StringField(_l("Name (Chinese)"), filters=[strip_filter],
                       validators=[_required(), Length(max=200), no_markup])
    name_en = StringField(_l("Name (English)"), filters=[strip_filter],
                          validators=[Optional(), Length(max=200), no_markup])
    uscc = StringField(_l("Unified social credit code"), filters=[strip_filter],
                       validators=[_required(), Length(max=40)],
                       description=_l("18 characters, as printed on the business licence."))
    area_id = SelectField(_l("Functional area"), coerce=int, validate_choice=True)
    industry = SelectField(_l("Industry"), validate_choice=True,
                           choices=lambda: [(k, str(v)) for k, v in INDUSTRIES.items()])
    address = StringField(_l("Address"), filters=[strip_filter],
                          validators=[Optional(), Length(max=300), no_markup])
    contact_name = StringField(_l("Contact person"), filters=[strip_filter],
                               validators=[Optional(), Length(max=100), no_markup])
    contact_phone = StringField(_l("Contact phone"), filters=[strip_filter],
                                validators=[Optional(), Length(max=40), PHONE])
    is_active = BooleanField(_l("Active"), default=True)

    def validate_uscc(self, field) -> None:
        if not uscc.is_valid(field.data):
            raise ValidationError(_l("This is not a valid unified social credit code; "
                                     "check the 18 characters and the last one."))


class DepartmentForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip_filter], validators=[_required(), CODE])
    name = StringField(_l("Name (Chinese)"), filters=[strip_filter],
                       validators=[_required(), Length(max=120), no_markup])
    name_en = StringField(_l("Name (English)"), filters=[strip_filter],
                          validators=[Optional(), Length(max=120), no_markup])
    phone = StringField(_l("Duty phone"), filters=[strip_filter],
                        validators=[Optional(), Length(max=40), PHONE])


class UserAdminForm(FlaskForm):
    platform_role = SelectField(
        _l("Platform role"), validate_choice=True,
        choices=lambda: [("", str(_l("None")))]
        + [(k.value, str(v)) for k, v in PLATFORM_ROLE_LABELS.items()])
    department_id = SelectField(_l("Department"), coerce=str, validate_choice=True)
    is_department_lead = BooleanField(_l("Leads the department"))


def _member_role_choices():
    return [(k.value, str(v)) for k, v in COMPANY_ROLE_LABELS.items()]


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_member_role_choices, validate_choice=True)


class JoinRequestForm(FlaskForm):
    message = TextAreaField(_l("Message to the company (optional)"), filters=[strip_filter],
                            validators=[Optional(), Length(max=500), no_markup],
                            description=_l("Say who you are, e.g. your department or job."))


class JoinDecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), validate_choice=True, choices=lambda: [
        ("approve", str(_l("Approve"))), ("refuse", str(_l("Refuse")))])
    role = SelectField(_l("Role"), validate_choice=True, choices=lambda: [
        (CompanyRole.EMPLOYEE.value, str(COMPANY_ROLE_LABELS[CompanyRole.EMPLOYEE])),
        (CompanyRole.SAFETY_MANAGER.value, str(COMPANY_ROLE_LABELS[CompanyRole.SAFETY_MANAGER])),
    ])
    note = StringField(_l("Note to the person (optional)"), filters=[strip_filter],
                       validators=[Optional(), Length(max=500), no_markup])
