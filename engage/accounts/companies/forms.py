"""Joining a company and managing its members: forms that validate input, never write."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from engage.accounts.forms import no_markup
from engage.accounts.models import COMPANY_ROLE_LABELS, CompanyRole
from engage.core.forms import strip_filter


def _member_role_choices():
    return [(k.value, str(v)) for k, v in COMPANY_ROLE_LABELS.items()]


class MemberRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_member_role_choices, validate_choice=True)


class JoinRequestForm(FlaskForm):
    message = TextAreaField(
        _l("Message to the company (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=500), no_markup],
        description=_l("Say who you are, e.g. your department or job."),
    )


class JoinDecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        validate_choice=True,
        choices=lambda: [("approve", str(_l("Approve"))), ("refuse", str(_l("Refuse")))],
    )
    role = SelectField(
        _l("Role"),
        validate_choice=True,
        choices=lambda: [
            (CompanyRole.EMPLOYEE.value, str(COMPANY_ROLE_LABELS[CompanyRole.EMPLOYEE])),
            (
                CompanyRole.SAFETY_MANAGER.value,
                str(COMPANY_ROLE_LABELS[CompanyRole.SAFETY_MANAGER]),
            ),
        ],
    )
    note = StringField(
        _l("Note to the person (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=500), no_markup],
    )
