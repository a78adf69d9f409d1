"""Forms of the catalogue: an event's details."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.core.forms import VersionField, no_control_chars, strip_filter
from engage.events.catalogue.models import AUDIENCE_LABELS, KIND_LABELS, Audience
from engage.events.fields import LocalDateTimeField


class EventForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            options.setdefault("filters", []).append(strip_filter)
            return unbound_field.bind(form=form, **options)

    version = VersionField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_chars])
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown: **bold**, lists, links."),
    )
    cover = FileField(_l("Cover image"), validators=[Optional()])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200), no_control_chars])
    starts_at = LocalDateTimeField(_l("Starts"), validators=[DataRequired()])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[DataRequired()])
    capacity = IntegerField(
        _l("Seats"), validators=[DataRequired(), NumberRange(min=1, max=100000)]
    )
    registration_opens_at = LocalDateTimeField(_l("Registration opens"), validators=[Optional()])
    registration_closes_at = LocalDateTimeField(_l("Registration closes"), validators=[Optional()])
    submissions_close_at = LocalDateTimeField(
        _l("Performance submissions close"),
        validators=[Optional()],
        description=_l("For a showcase: companies submit performances until then."),
    )
    confirm_hours = IntegerField(
        _l("Hours to confirm a seat offered from the waiting list"),
        default=24,
        validators=[DataRequired(), NumberRange(min=1, max=168)],
    )
    audience = SelectField(_l("Who may come"))
    audience_company_id = SelectField(_l("Company"), coerce=int, validate_choice=False, default=0)
    audience_alliance_id = SelectField(_l("Alliance"), coerce=int, validate_choice=False, default=0)
    organisers = StringField(
        _l("Other organisers (e-mail addresses, separated by commas)"),
        validators=[Optional(), Length(max=1000)],
    )

    def __init__(self, *args, companies=(), alliances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.audience.choices = [SelectChoice(a.value, AUDIENCE_LABELS[a]) for a in Audience]
        self.audience_company_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(c.id, c.display_name()) for c in companies
        ]
        self.audience_alliance_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(alliance_id, name) for alliance_id, name in alliances
        ]


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is it cancelled? Everyone registered is told."),
        validators=[DataRequired(), Length(max=500), no_control_chars],
    )
