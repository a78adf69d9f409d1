"""What the search service knows of problems: one document per problem, found by
its number, title, description, place and company, by those who may see it.

Who may find a problem mirrors `visible_problems`: park staff, the responsible
and the reporting company, the routed department, the reporter and the assignee.
The index follows every change without each service calling it: the problems a
flush wrote are noted, and indexed again just before the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from engage.core import search
from engage.extensions import db
from engage.tracker.problems.models import Problem, ProblemSource

KIND = "problem"
_PENDING = "tracker.problems.to_index"


def access_tags(problem: Problem) -> list[str]:
    """The search twin of can_view_problem."""
    tags = {"staff"}
    companies = [problem.company_id]
    if problem.source != ProblemSource.WHISTLE:  # a whistleblower's employer is no party
        companies.append(problem.reporter_company_id)
    for company_id in companies:
        if company_id is not None:
            tags.add(f"company:{company_id}")
    if problem.department_id is not None:
        tags.add(f"department:{problem.department_id}")
    for user_id in (problem.reporter_id, problem.assignee_id):
        if user_id is not None:
            tags.add(f"user:{user_id}")
    return sorted(tags)


def document_for(problem: Problem) -> search.Document:
    body = "\n".join(
        part
        for part in (
            problem.number,
            problem.description,
            problem.point.name if problem.point is not None else "",
            problem.location_text,
            problem.company.name if problem.company is not None else "",
        )
        if part
    )
    return search.Document(
        kind=KIND,
        object_id=problem.id,
        title=f"{problem.number} {problem.title}",
        body=body,
        url=f"/problems/{problem.number}",
        access=access_tags(problem),
        facet=f"status:{problem.status.value}",
        updated_at=problem.updated_at or problem.created_at,
    )


def _loaded():
    return select(Problem).options(selectinload(Problem.point), selectinload(Problem.company))


def sync_ids(ids: set[int]) -> None:
    """Index these problems again (or drop the ones that are gone). Flushes."""
    if not ids:
        return
    found = {p.id: p for p in db.session.scalars(_loaded().where(Problem.id.in_(sorted(ids))))}
    for problem_id in sorted(ids):
        problem = found.get(problem_id)
        if problem is None:
            search.remove(KIND, problem_id)
        else:
            search.index(document_for(problem))


def iter_documents() -> Iterator[search.Document]:
    stmt = _loaded().order_by(Problem.id).execution_options(yield_per=200)
    for problem in db.session.scalars(stmt):
        yield document_for(problem)


def status_facets() -> Iterator[tuple[str, str]]:
    from engage.tracker.vocab import STATUS_LABELS

    for status, label in STATUS_LABELS.items():
        yield f"status:{status.value}", str(label)


def _note_flushed(session, _context) -> None:
    """After each flush: which problems were written (their text, status or who may
    see them may have changed)."""
    touched = session.info.get(_PENDING)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Problem) and obj.id is not None:
            if touched is None:
                touched = session.info[_PENDING] = set()
            touched.add(obj.id)


def _index_before_commit(session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # so that what is still unflushed is noted too
    ids = session.info.pop(_PENDING, None)
    if ids:
        sync_ids(ids)


def _forget(session, *_args) -> None:
    session.info.pop(_PENDING, None)


event.listen(db.session, "after_flush", _note_flushed)
event.listen(db.session, "before_commit", _index_before_commit)
event.listen(db.session, "after_rollback", _forget)

search.register_kind(
    KIND,
    label=_l("Problems"),
    reindex=iter_documents,
    facets=status_facets,
    facet_label=_l("Status"),
)
