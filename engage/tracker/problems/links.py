"""Links between problems as a reader may read them: a linked problem the reader may not
see is named only as "a linked problem you cannot open", never by its number or title."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from engage.extensions import db
from engage.tracker.problems.models import Problem, ProblemLink
from engage.tracker.problems.permissions import visible_problems

CHUNK = 500


def hidden_label() -> str:
    return _("a linked problem you cannot open")


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def visible_targets(user, target_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """{problem id: (number, title)} for the problems among `target_ids` `user` may see."""
    ids = sorted(set(target_ids))
    found: dict[int, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(Problem.id, Problem.number, Problem.title).where(
                Problem.id.in_(chunk), visible_problems(user)
            )
        )
        found.update({pid: (number, title) for pid, number, title in rows})
    return found


def linked_labels(user, problem_ids: Iterable[int]) -> dict[int, list[str]]:
    """{problem id: what each of its linked problems reads as} for a list or an export:
    "number title" for those `user` may see, the hidden label for the others."""
    ids = sorted(set(problem_ids))
    pairs: list[tuple[int, int]] = []
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(ProblemLink.problem_id, ProblemLink.target_id)
            .where(ProblemLink.problem_id.in_(chunk), ProblemLink.target_kind == "problem")
            .order_by(ProblemLink.id)
        )
        pairs += [(pid, target) for pid, target in rows]
    if not pairs:
        return {}
    seen = visible_targets(user, (target for _pid, target in pairs))
    labels: dict[int, list[str]] = {}
    for pid, target in pairs:
        shown = seen.get(target)
        labels.setdefault(pid, []).append(f"{shown[0]} {shown[1]}" if shown else hidden_label())
    return labels
