"""What the tracker announces to other domains (the payloads of core.signals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engage.core import signals
from engage.tracker.problems.models import Problem


@dataclass(frozen=True)
class ProblemOpened:
    problem_id: int
    number: str
    source: str  # a ProblemSource value
    company_id: int | None  # the responsible company
    reporter_id: int | None
    reporter_company_id: int | None
    point_id: int | None
    opened_at: datetime


@dataclass(frozen=True)
class ProblemClosed:
    """A problem closed after verification. `peer_verified` when the verifier belongs to a
    company other than the responsible one (a peer's verification: the manage link)."""

    problem_id: int
    number: str
    source: str
    company_id: int | None  # the company that was responsible (and rectified)
    rectified_by_id: int | None
    verified_by_id: int
    verifier_company_id: int | None
    closed_at: datetime

    @property
    def peer_verified(self) -> bool:
        return (
            self.verifier_company_id is not None
            and self.company_id is not None
            and self.verifier_company_id != self.company_id
        )


@dataclass(frozen=True)
class WhistleAcknowledged:
    problem_id: int
    number: str
    department_id: int
    acknowledged_by_id: int
    late: bool
    acknowledged_at: datetime


def announce_opened(problem: Problem) -> None:
    signals.send(
        signals.problem_opened,
        problem.id,
        ProblemOpened(
            problem_id=problem.id,
            number=problem.number,
            source=problem.source.value,
            company_id=problem.company_id,
            reporter_id=problem.reporter_id,
            reporter_company_id=problem.reporter_company_id,
            point_id=problem.point_id,
            opened_at=problem.created_at,
        ),
    )


def announce_closed(problem: Problem, verifier) -> None:
    assert problem.closed_at is not None  # announced once closed
    signals.send(
        signals.problem_closed,
        problem.id,
        ProblemClosed(
            problem_id=problem.id,
            number=problem.number,
            source=problem.source.value,
            company_id=problem.company_id,
            rectified_by_id=problem.rectified_by_id,
            verified_by_id=verifier.id,
            verifier_company_id=verifier.company_id,
            closed_at=problem.closed_at,
        ),
    )


def announce_acknowledged(problem: Problem, *, late: bool) -> None:
    # Announced once its department has reported in.
    assert problem.department_id is not None and problem.acknowledged_by_id is not None
    assert problem.acknowledged_at is not None
    signals.send(
        signals.whistle_acknowledged,
        problem.id,
        WhistleAcknowledged(
            problem_id=problem.id,
            number=problem.number,
            department_id=problem.department_id,
            acknowledged_by_id=problem.acknowledged_by_id,
            late=late,
            acknowledged_at=problem.acknowledged_at,
        ),
    )
