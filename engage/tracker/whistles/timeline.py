"""The part of a whistle's timeline its reporter and the departments read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from engage.core.uploads import MediaFile
from engage.extensions import db
from engage.tracker.models import (
    PhotoStage,
    Point,
    Problem,
    ProblemEvent,
    ProblemPhoto,
)
from engage.tracker.whistles.vocab import PUBLIC_EVENT_KINDS


def department_details(department, prefix: str = "") -> dict[str, Any]:
    """What a timeline line keeps of a department: its id and both its names, so the
    line reads in either language even after the department is renamed."""
    return {
        f"{prefix}department_id": department.id,
        f"{prefix}department": department.name,
        f"{prefix}department_en": department.name_en or "",
    }


def public_events(problem: Problem) -> list[ProblemEvent]:
    """Where it went, who took it, re-routes with their reasons, status changes; oldest first.

    Comments and other company-private lines are not in it.
    """
    return list(
        db.session.scalars(
            select(ProblemEvent)
            .where(ProblemEvent.problem_id == problem.id, ProblemEvent.kind.in_(PUBLIC_EVENT_KINDS))
            .options(selectinload(ProblemEvent.actor))
            .order_by(ProblemEvent.created_at, ProblemEvent.id)
        ).all()
    )


def reported_photos(problem: Problem) -> list[MediaFile]:
    """The photos sent with the whistle (what the reporter themselves reported)."""
    return list(
        db.session.scalars(
            select(MediaFile)
            .join(ProblemPhoto, ProblemPhoto.media_id == MediaFile.id)
            .where(ProblemPhoto.problem_id == problem.id, ProblemPhoto.stage == PhotoStage.BEFORE)
            .order_by(ProblemPhoto.id)
        ).all()
    )


def after_photos(problem: Problem) -> list[MediaFile]:
    """The photos after rectification, so the reporter sees what was done."""
    return list(
        db.session.scalars(
            select(MediaFile)
            .join(ProblemPhoto, ProblemPhoto.media_id == MediaFile.id)
            .where(ProblemPhoto.problem_id == problem.id, ProblemPhoto.stage == PhotoStage.AFTER)
            .order_by(ProblemPhoto.id)
        ).all()
    )


def list_options() -> tuple:
    """Eager loads for whistle lists."""
    return (
        joinedload(Problem.point).joinedload(Point.company),
        joinedload(Problem.company),
        joinedload(Problem.area),
    )
