"""Whistle forms: validate input, never write."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from engage.core.forms import VersionField, bounded_date, strip_filter
from engage.tracker.vocab import CATEGORY_LABELS

_PHONE = re.compile(r"^[0-9+\-() ]{5,40}$")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class _Hazard(FlaskForm):
    # No kind is chosen for the person: "Please choose" until they do.
    category = SelectField(
        _l("What kind of hazard?"),
        validators=[DataRequired(message=_l("Choose the kind of hazard."))],
        choices=[SelectChoice("", _l("Please choose"))]
        + [SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()],
    )
    title = StringField(
        _l("What is wrong, in a few words"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: fire exit blocked by boxes."),
    )
    description = TextAreaField(
        _l("Describe it"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=5000)],
        description=_l("Where exactly, since when, how dangerous."),
    )
    photos = MultipleFileField(
        _l("Photos"),
        render_kw={"accept": "image/*", "multiple": True},
        description=_l("Up to 6 photos; each at most 10 MB."),
    )

    def refused_fields(self) -> list:
        """The fields with a reason beside them, in the order the page shows them."""
        return [f for f in self if f.errors and f.name != "csrf_token"]


class WhistleForm(_Hazard):
    """Signed in: at a point (its code) or at a described place."""

    point_code = StringField(
        _l("Point code"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=20)],
        description=_l("The 8 characters under the QR code on the label."),
    )
    place = StringField(
        _l("Or describe the place"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=300)],
        description=_l("For example: the loading yard behind No. 3 Road."),
    )
    # Not on the page when the point is known (its area is): "I do not know" then.
    area_id = SelectField(_l("Functional area"), coerce=_int, validate_choice=True, default=0)

    def set_areas(self, areas, locale: str) -> None:
        self.area_id.choices = [SelectChoice(0, _l("I do not know"))] + [
            SelectChoice(a.id, a.display_name(locale)) for a in areas
        ]


class PublicWhistleForm(_Hazard):
    """No account, through a point's page: name and phone optional, a question against spam."""

    reporter_name = StringField(
        _l("Your name (optional)"), filters=[strip_filter], validators=[Optional(), Length(max=100)]
    )
    reporter_phone = StringField(
        _l("Your phone (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=40)],
        description=_l(
            "Only the park's safety office and the lead of the department handling it "
            "see it, to call you back."
        ),
    )
    answer = StringField(
        _l("Answer"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=10)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    challenge = HiddenField()
    # People never see this field; robots fill it in.
    website = StringField(
        _l("Leave this empty"), render_kw={"tabindex": "-1", "autocomplete": "off"}
    )

    def validate_reporter_phone(self, field) -> None:
        if field.data and not _PHONE.match(field.data):
            raise ValidationError(_l("Enter a phone number with digits only."))


class AcknowledgeForm(FlaskForm):
    note = StringField(
        _l("Note (optional)"), filters=[strip_filter], validators=[Optional(), Length(max=500)]
    )


# The "pass it on" choice that hands the whistle back to the park's supervisors.
TO_SUPERVISORS = -2


class RerouteForm(FlaskForm):
    department_id = SelectField(_l("Pass it to"), coerce=_int, validate_choice=True)
    reason = TextAreaField(
        _l("Why it is not ours"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=1000)],
        description=_l("The reporter sees this reason."),
    )

    def set_departments(self, departments, locale: str, exclude: int | None) -> None:
        self.department_id.choices = (
            [SelectChoice(0, _l("Choose a department"))]
            + [SelectChoice(d.id, d.display_name(locale)) for d in departments if d.id != exclude]
            + [SelectChoice(TO_SUPERVISORS, _l("The park's supervisors (we cannot place it)"))]
        )

    def validate_department_id(self, field) -> None:
        if field.data == TO_SUPERVISORS:
            return
        if not field.data or field.data <= 0:
            raise ValidationError(_l("Choose the department it belongs to."))


class HandToCompanyForm(FlaskForm):
    """After reporting in: the responsible company rectifies, by a due date."""

    version = VersionField()
    company_id = SelectField(_l("Responsible company"), coerce=_int, validate_choice=True)
    due = DateField(
        _l("Rectify by"), validators=[InputRequired(), bounded_date()], render_kw={"type": "date"}
    )
    note = TextAreaField(
        _l("What the company must do (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=1000)],
        render_kw={"rows": 2},
    )

    def set_companies(self, companies) -> None:
        self.company_id.choices = [SelectChoice(0, _l("Choose the company"))] + [
            SelectChoice(cid, name) for cid, name in companies
        ]

    def validate_company_id(self, field) -> None:
        if not field.data or field.data <= 0:
            raise ValidationError(_l("Choose the company that must rectify it."))


class TakeOnForm(FlaskForm):
    """After reporting in: the department rectifies it itself."""

    version = VersionField()
    due = DateField(
        _l("Rectify by"), validators=[InputRequired(), bounded_date()], render_kw={"type": "date"}
    )
    note = TextAreaField(
        _l("Note (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=1000)],
        render_kw={"rows": 2},
    )


class NotFixedForm(FlaskForm):
    """The reporter says the rectification did not remove the hazard."""

    note = TextAreaField(
        _l("What is still wrong"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 3},
    )
    photos = MultipleFileField(
        _l("A photo of how it is now (optional)"),
        render_kw={"accept": "image/*", "multiple": True},
    )


class RouteForm(FlaskForm):
    department_id = SelectField(_l("Department"), coerce=_int, validate_choice=True)
    note = StringField(
        _l("Note (optional)"), filters=[strip_filter], validators=[Optional(), Length(max=500)]
    )

    def set_departments(self, departments, locale: str) -> None:
        self.department_id.choices = [SelectChoice(0, _l("Choose a department"))] + [
            SelectChoice(d.id, d.display_name(locale)) for d in departments
        ]

    def validate_department_id(self, field) -> None:
        if not field.data or field.data <= 0:
            raise ValidationError(_l("Choose a department."))
