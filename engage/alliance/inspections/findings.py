"""What the park's peer inspections found, for other domains' pages: the items most
often failed (the knowledge base lists them, through core's registry)."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.alliance.inspections.models import (
    CATEGORY_LABELS,
    Answer,
    AnswerResult,
    Inspection,
    InspectionStatus,
    Item,
)
from engage.core.registry import CommonlyFailed, answer
from engage.extensions import db


def commonly_failed(limit: int = 8) -> list[CommonlyFailed]:
    """The items found failed (a hazard) most often in inspections not cancelled, counted
    per item code across its versions, most often first, ties by code; each described
    by its current version. Names no company: a count across the park."""
    counted = db.session.execute(
        select(Item.code, func.count(Answer.id).label("failed"))
        .join(Answer, Answer.item_id == Item.id)
        .join(Inspection, Inspection.id == Answer.inspection_id)
        .where(
            Answer.result == AnswerResult.HAZARD,
            Inspection.status != InspectionStatus.CANCELLED,
        )
        .group_by(Item.code)
        .order_by(func.count(Answer.id).desc(), Item.code)
        .limit(max(1, min(limit, 50)))
    ).all()
    if not counted:
        return []
    current = {
        item.code: item
        for item in db.session.scalars(
            select(Item).where(Item.code.in_([c for c, _n in counted]), Item.is_current)
        )
    }
    found = []
    for code, failed in counted:
        item = current.get(code)
        if item is None:  # retired from the library: its last version still names it
            item = db.session.scalar(
                select(Item).where(Item.code == code).order_by(Item.version.desc()).limit(1)
            )
        assert item is not None  # the code came from an item
        found.append(
            CommonlyFailed(
                code=code,
                requirement=item.requirement,
                requirement_en=item.requirement_en,
                category=CATEGORY_LABELS.get(item.category, item.category.value),
                failed=int(failed),
                article_url=item.article_url,
            )
        )
    return found


answer("inspections.commonly_failed", commonly_failed)
