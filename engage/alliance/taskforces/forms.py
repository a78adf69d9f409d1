"""Forms of task forces: the force, a goal, a member, leaving, an import, work and the log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from engage.alliance.taskforces.models import (
    ACTIVITY_LABELS,
    MEASURE_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
)
from engage.core.forms import VersionField, no_control_chars, strip_filter
from engage.core.vocab import FOCUS_TARGET_LABELS

F = [strip_filter]


def coerce_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class TaskForceForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=F,
        validators=[
            DataRequired(_l("Give the task force a name.")),
            Length(max=120),
            no_control_chars,
        ],
    )
    area_id = SelectField(_l("Functional area"), coerce=coerce_int)
    focus_target = SelectField(
        _l("Focus target"),
        choices=[SelectChoice(k.value, v) for k, v in FOCUS_TARGET_LABELS.items()],
    )
    leader_id = SelectField(_l("Leader"), coerce=coerce_int)
    starts_on = DateField(
        _l("Starts on"), validators=[DataRequired(_l("Give the day the force starts."))]
    )
    ends_on = DateField(_l("Ends on (optional)"), validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=[SelectChoice(k.value, v) for k, v in STATUS_LABELS.items()]
    )
    alliance_ids = SelectMultipleField(
        _l("Linked alliances (optional)"),
        coerce=coerce_int,
        description=_l("The force's work also counts in these alliances' six links."),
    )
    goals_text = TextAreaField(
        _l("Goals and plan (Markdown)"),
        filters=F,
        validators=[Length(max=20_000)],
        description=_l(
            "Measurable targets are added below as goals, each with its own progress bar."
        ),
    )
    version = VersionField()


class GoalForm(FlaskForm):
    title = StringField(
        _l("Goal"),
        filters=F,
        validators=[DataRequired(_l("Say what the goal is.")), Length(max=200), no_control_chars],
        description=_l("For example: rectify 40 old-equipment hazards by September."),
    )
    measure = SelectField(
        _l("Counted as"), choices=[SelectChoice(k.value, v) for k, v in MEASURE_LABELS.items()]
    )
    target = IntegerField(
        _l("Target"),
        validators=[
            DataRequired(_l("The target is a whole number from 1 to 100000.")),
            NumberRange(1, 100_000, _l("The target is a whole number from 1 to 100000.")),
        ],
    )
    unit = StringField(
        _l("Unit (optional)"), filters=F, validators=[Length(max=30), no_control_chars]
    )
    due_on = DateField(_l("By (optional)"), validators=[Optional()])


class MemberForm(FlaskForm):
    user_id = SelectField(
        _l("Person with an account"),
        coerce=coerce_int,
        description=_l("Or leave this empty and give a name with a company or department."),
    )
    name = StringField(
        _l("Name (without an account)"), filters=F, validators=[Length(max=100), no_control_chars]
    )
    unit = SelectField(
        _l("Company or department"),
        description=_l("For a person with an account, their own is used when none is chosen."),
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(k.value, v) for k, v in ROLE_LABELS.items()]
    )
    is_party_member = BooleanField(_l("Party member (wears the badge on the roster)"))
    phone = StringField(
        _l("Phone"),
        filters=F,
        validators=[Length(max=40), no_control_chars],
        description=_l("A mobile (13812345678) or a landline with its area code (0512-66881234)."),
    )
    joined_on = DateField(
        _l("Joined on"), validators=[DataRequired(_l("Give the day the member joined."))]
    )


class LeaveForm(FlaskForm):
    left_on = DateField(_l("Left on"), validators=[Optional()])
    note = StringField(
        _l("Note (optional)"), filters=F, validators=[Length(max=300), no_control_chars]
    )


class ImportForm(FlaskForm):
    file = FileField(_l("Roster file (XLSX or CSV)"))


class AssignProblemForm(FlaskForm):
    number = StringField(
        _l("Problem number"),
        filters=F,
        validators=[
            DataRequired(_l("Give a problem's number, such as P-2026-00042.")),
            Length(max=20),
        ],
    )


class AssignPointForm(FlaskForm):
    code = StringField(
        _l("Point code"),
        filters=F,
        validators=[DataRequired(_l("Give the code on the point's label.")), Length(max=20)],
    )


class ActivityForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k.value, v) for k, v in ACTIVITY_LABELS.items()]
    )
    occurred_on = DateField(_l("Day"), validators=[DataRequired(_l("Give the day it took place."))])
    title = StringField(
        _l("What was done"),
        filters=F,
        validators=[
            DataRequired(_l("Say in a few words what was done.")),
            Length(max=200),
            no_control_chars,
        ],
    )
    company_id = SelectField(_l("Company concerned (optional)"), coerce=coerce_int)
    problem_number = StringField(
        _l("Problem number (optional)"), filters=F, validators=[Length(max=20), no_control_chars]
    )
    notes = TextAreaField(
        _l("Notes (optional)"), filters=F, validators=[Length(max=5000), no_control_chars]
    )
