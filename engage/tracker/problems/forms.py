"""Forms of the problem pages: report, move, comment, reassign, due date, link, due rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.core.forms import VersionField, bounded_date, strip_filter
from engage.tracker.problems.models import ProblemSource, Severity
from engage.tracker.vocab import CATEGORY_LABELS, SEVERITY_LABELS, SOURCE_LABELS


def _optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class ProblemCreateForm(FlaskForm):
    title = StringField(
        _l("Title"), filters=[strip_filter], validators=[DataRequired(), Length(max=200)]
    )
    category = SelectField(_l("Category"), validators=[DataRequired()])
    severity = SelectField(_l("Severity"), validators=[DataRequired()])
    source = SelectField(_l("Source"), validators=[DataRequired()])
    point = SelectField(
        _l("Point"),
        coerce=_optional_int,
        validate_choice=True,
        description=_l("Where the hazard is. The responsible company is the point's company."),
    )
    company = SelectField(
        _l("Responsible company"),
        coerce=_optional_int,
        description=_l("Only needed when no point is chosen."),
    )
    department = SelectField(_l("Department (optional)"), coerce=_optional_int)
    assignee = SelectField(_l("Assignee (optional)"), coerce=_optional_int)
    location_text = StringField(
        _l("Exact place (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=300)],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=20000)],
        description=_l("What you saw, where exactly, why it is dangerous. Markdown is allowed."),
        render_kw={"rows": 6},
    )
    due = DateField(
        _l("Due date"),
        validators=[Optional(), bounded_date()],
        description=_l("Leave empty to use the default for the severity."),
    )
    photos = MultipleFileField(
        _l("Photos before rectification"), render_kw={"accept": "image/*", "multiple": True}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [(c.value, str(label)) for c, label in CATEGORY_LABELS.items()]
        self.severity.choices = [(s.value, str(SEVERITY_LABELS[s])) for s in Severity]
        self.source.choices = [
            (s.value, str(SOURCE_LABELS[s]))
            for s in ProblemSource
            if s is not ProblemSource.WHISTLE
        ]


class MoveForm(FlaskForm):
    """One form for every move; the service says which fields a move needs."""

    version = VersionField()
    note = TextAreaField(
        _l("Note"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 3},
    )
    photos = MultipleFileField(_l("Photos"), render_kw={"accept": "image/*", "multiple": True})
    company = SelectField(_l("Responsible company"), coerce=_optional_int, validate_choice=False)
    department = SelectField(
        _l("Department (optional)"), coerce=_optional_int, validate_choice=False
    )
    assignee = SelectField(_l("Assignee (optional)"), coerce=_optional_int, validate_choice=False)
    duplicate_of = StringField(
        _l("Duplicate of (problem number, optional)"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=20)],
    )


class CommentForm(FlaskForm):
    note = TextAreaField(
        _l("Comment"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 3},
    )
    photos = MultipleFileField(_l("Photos"), render_kw={"accept": "image/*", "multiple": True})


class ReassignForm(FlaskForm):
    version = VersionField()
    assignee = SelectField(_l("Assignee"), coerce=_optional_int, validate_choice=False)
    note = StringField(_l("Note"), filters=[strip_filter], validators=[Optional(), Length(max=500)])


class DueForm(FlaskForm):
    version = VersionField()
    due = DateField(_l("New due date"), validators=[DataRequired(), bounded_date()])
    note = StringField(
        _l("Reason"), filters=[strip_filter], validators=[DataRequired(), Length(max=500)]
    )


class LinkForm(FlaskForm):
    number = StringField(
        _l("Related problem number"),
        filters=[strip_filter],
        validators=[DataRequired(), Length(max=20)],
        render_kw={"placeholder": "P-2026-00042"},
    )


class DueRulesForm(FlaskForm):
    minor = IntegerField(
        _l("Minor: days to rectify"), validators=[DataRequired(), NumberRange(min=1, max=365)]
    )
    major = IntegerField(
        _l("Major: days to rectify"), validators=[DataRequired(), NumberRange(min=1, max=365)]
    )
    critical = IntegerField(
        _l("Critical: days to rectify"), validators=[DataRequired(), NumberRange(min=1, max=365)]
    )
