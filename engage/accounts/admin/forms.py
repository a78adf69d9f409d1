"""The admin forms for areas, companies, departments and users: validate, never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from engage.accounts import uscc
from engage.accounts.forms import CODE, PHONE, no_markup, required
from engage.accounts.models import INDUSTRIES, PLATFORM_ROLE_LABELS
from engage.core.forms import VersionField, strip_filter


class AreaForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip_filter], validators=[required(), CODE])
    name = StringField(
        _l("Name (Chinese)"),
        filters=[strip_filter],
        validators=[required(), Length(max=120), no_markup],
    )
    name_en = StringField(
        _l("Name (English)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=2000), no_markup],
    )


class CompanyForm(FlaskForm):
    version = VersionField()
    name = StringField(
        _l("Name (Chinese)"),
        filters=[strip_filter],
        validators=[required(), Length(max=200), no_markup],
    )
    name_en = StringField(
        _l("Name (English)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=200), no_markup],
    )
    uscc = StringField(
        _l("Unified social credit code"),
        filters=[strip_filter],
        validators=[required(), Length(max=40)],
        description=_l("18 characters, as printed on the business licence."),
    )
    area_id = SelectField(_l("Functional area"), coerce=int, validate_choice=True)
    industry = SelectField(
        _l("Industry"),
        validate_choice=True,
        choices=lambda: [(k, str(v)) for k, v in INDUSTRIES.items()],
    )
    address = StringField(
        _l("Address"), filters=[strip_filter], validators=[Optional(), Length(max=300), no_markup]
    )
    contact_name = StringField(
        _l("Contact person"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=100), no_markup],
    )
    contact_phone = StringField(
        _l("Contact phone"), filters=[strip_filter], validators=[Optional(), Length(max=40), PHONE]
    )
    is_active = BooleanField(_l("Active"), default=True)

    def validate_uscc(self, field) -> None:
        if not uscc.is_valid(field.data):
            raise ValidationError(
                _l(
                    "This is not a valid unified social credit code; "
                    "check the 18 characters and the last one."
                )
            )


class DepartmentForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip_filter], validators=[required(), CODE])
    name = StringField(
        _l("Name (Chinese)"),
        filters=[strip_filter],
        validators=[required(), Length(max=120), no_markup],
    )
    name_en = StringField(
        _l("Name (English)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=120), no_markup],
    )
    phone = StringField(
        _l("Duty phone"), filters=[strip_filter], validators=[Optional(), Length(max=40), PHONE]
    )


class UserAdminForm(FlaskForm):
    platform_role = SelectField(
        _l("Platform role"),
        validate_choice=True,
        choices=lambda: (
            [("", str(_l("None")))] + [(k.value, str(v)) for k, v in PLATFORM_ROLE_LABELS.items()]
        ),
    )
    department_id = SelectField(_l("Department"), coerce=str, validate_choice=True)
    is_department_lead = BooleanField(_l("Leads the department"))


class UserImportForm(FlaskForm):
    file = FileField(_l("People (.xlsx)"))
