"""What the problem pages share: loading a problem for its reader, the problem page's
context with its forms, and the labels templates show."""

from __future__ import annotations

from datetime import datetime, time
from functools import lru_cache

from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from engage.accounts import all_departments
from engage.accounts.models import User
from engage.core import markdown
from engage.core.i18n import current_language
from engage.core.permissions import require_visible
from engage.core.timeutil import reader_zone
from engage.extensions import db
from engage.tracker.problems import links as problem_links
from engage.tracker.problems import loop, queries, services
from engage.tracker.problems.forms import CommentForm, DueForm, LinkForm, MoveForm, ReassignForm
from engage.tracker.problems.models import (
    Problem,
    ProblemEvent,
    ProblemLink,
    ProblemPhoto,
    ProblemWatcher,
)
from engage.tracker.problems.moves import MOVE_LABELS, Move
from engage.tracker.problems.permissions import can_change_problem_due, can_reassign_problem
from engage.tracker.vocab import (
    CATEGORY_LABELS,
    SEVERITY_LABELS,
    SEVERITY_TONES,
    SOURCE_LABELS,
    STATUS_LABELS,
    STATUS_TONES,
)


def end_of_local_day(day) -> datetime:
    """A due date picked as a day means the end of that day where the reader is."""
    return datetime.combine(day, time(23, 59), tzinfo=reader_zone())


class Said(dict):
    """A table of lazy labels whose labels are said in the reader's language once, the
    first time a page shows each: a lazy label is translated again wherever it is shown
    (twice in every row of a list). Made per request, as the language is the reader's."""

    def __init__(self, table: dict) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, key):
        said = self[key] = str(self.table[key])
        return said

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


def labels() -> dict:
    """The labels and tones of the problem pages' enumerations."""
    return {
        "status_labels": Said(STATUS_LABELS),
        "status_tones": STATUS_TONES,
        "severity_labels": Said(SEVERITY_LABELS),
        "severity_tones": SEVERITY_TONES,
        "source_labels": Said(SOURCE_LABELS),
        "category_labels": Said(CATEGORY_LABELS),
        "move_labels": Said(MOVE_LABELS),
    }


def departments_by_name() -> list:
    """Every department, by name (as the pickers of the problem pages list them)."""
    return sorted(all_departments(), key=lambda d: d.name)


def load_problem(number: str) -> Problem:
    """The problem, or 404 when it does not exist or the reader may not see it."""
    return require_visible(current_user, queries.get_by_number(number))


@lru_cache(maxsize=256)
def _description_html(text: str, language: str) -> Markup:
    return markdown.render(text)


def description_html(text: str) -> Markup:
    """A problem's description as HTML. Rendering Markdown costs a millisecond or more;
    with no stored files to show, the result depends on the text and the language
    alone (a table's name is translated), so each is rendered once per process."""
    return _description_html(text, current_language()) if text else Markup("")


def detail_context(problem: Problem, forms: dict | None = None) -> dict:
    events = db.session.scalars(
        select(ProblemEvent)
        .where(ProblemEvent.problem_id == problem.id)
        .order_by(ProblemEvent.created_at, ProblemEvent.id)
        .options(joinedload(ProblemEvent.actor))
    ).all()
    photos = db.session.scalars(
        select(ProblemPhoto).where(ProblemPhoto.problem_id == problem.id).order_by(ProblemPhoto.id)
    ).all()
    # The timeline's photos are among the problem's: grouped by the line that added them.
    event_photos: dict[int, list[ProblemPhoto]] = {}
    for photo in photos:
        if photo.event_id is not None:
            event_photos.setdefault(photo.event_id, []).append(photo)
    links = db.session.scalars(
        select(ProblemLink).where(ProblemLink.problem_id == problem.id).order_by(ProblemLink.id)
    ).all()
    # Only the linked problems the reader may see are named (and linked).
    linked = problem_links.visible_targets(
        current_user, [link.target_id for link in links if link.target_kind == "problem"]
    )
    watchers, watching = db.session.execute(
        select(
            func.count(ProblemWatcher.id),
            func.max(case((ProblemWatcher.user_id == current_user.id, 1), else_=0)),
        ).where(ProblemWatcher.problem_id == problem.id)
    ).one()
    moves = loop.allowed_moves(current_user, problem)
    forms = dict(forms or {})
    people = None
    for move in moves:
        if move not in forms:
            forms[move] = MoveForm(
                prefix=move.value, formdata=None, data={"version": problem.version}
            )
        if move is Move.ASSIGN:
            people = fill_assign_choices(forms[move], problem)
    can_reassign = can_reassign_problem(current_user, problem)
    if can_reassign and "reassign" not in forms:
        forms["reassign"] = ReassignForm(
            prefix="reassign",
            formdata=None,
            data={"version": problem.version, "assignee": problem.assignee_id},
        )
    if can_reassign:
        people = people or services.people_of(problem.company_id, problem.department_id)
        forms["reassign"].assignee.choices = assignee_choices(people, _("— nobody —"))
    if can_change_problem_due(current_user, problem) and "due" not in forms:
        forms["due"] = DueForm(prefix="due", formdata=None, data={"version": problem.version})
    forms.setdefault("comment", CommentForm(prefix="comment", formdata=None))
    forms.setdefault("link", LinkForm(prefix="link", formdata=None))
    return {
        "problem": problem,
        "description": description_html(problem.description),
        "events": events,
        "event_photos": event_photos,
        "before_photos": [p for p in photos if p.stage.value == "before"],
        "after_photos": [p for p in photos if p.stage.value == "after"],
        "links": links,
        "linked": linked,
        "linked_numbers": {number for number, _title in linked.values()},
        "watching": bool(watching),
        "watchers": watchers,
        "moves": moves,
        "forms": forms,
        "Move": Move,
        **labels(),
    }


def fill_assign_choices(form: MoveForm, problem: Problem) -> list[User]:
    staff = current_user.is_admin or current_user.is_supervisor
    companies = services.company_choices(current_user) if staff else []
    form.company.choices = [
        (
            None,
            _("— keep: %(name)s —", name=problem.company.display_name())
            if problem.company
            else _("— none —"),
        )
    ] + companies
    form.department.choices = [(None, _("— keep —"))] + [
        (d.id, d.display_name()) for d in departments_by_name()
    ]
    people = services.people_of(problem.company_id, problem.department_id)
    form.assignee.choices = assignee_choices(people, _("— no one yet —"))
    return people


def assignee_choices(people: list[User], empty_label: str) -> list[SelectChoice]:
    """The assignee picker: each person with their role, grouped under their company or
    department, so two people of the same name can be told apart."""
    lang = current_language()
    choices = [SelectChoice(None, empty_label)]
    grouped: dict[str, list[SelectChoice]] = {}
    for user in people:
        if user.company is not None:
            group = user.company.display_name(lang)
            role = user.company_role_label
        elif user.department is not None:
            group = user.department.display_name(lang)
            role = _("Department lead") if user.is_department_lead else _("Department member")
        else:
            group, role = _("Others"), ""
        label = _("%(name)s · %(role)s", name=user.name, role=role) if role else user.name
        grouped.setdefault(group, []).append(SelectChoice(user.id, label, optgroup=group))
    for group in sorted(grouped):
        choices += grouped[group]
    return choices
