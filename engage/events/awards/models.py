"""Award categories with voting windows, audience votes and jury scores."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engage.core.models import UTCDateTime, enum_column
from engage.core.timeutil import utcnow
from engage.extensions import db


class AwardMethod(enum.StrEnum):
    AUDIENCE = "audience"  # one vote per person
    JURY = "jury"  # jurors score each performance 1-10; the best mean wins


METHOD_LABELS = {AwardMethod.AUDIENCE: _l("Audience vote"), AwardMethod.JURY: _l("Jury scores")}


class AwardCategory(db.Model):
    __tablename__ = "award_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    method: Mapped[AwardMethod] = mapped_column(enum_column(AwardMethod, "award_method"))
    voting_opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    voting_closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[self.method])


class AudienceVote(db.Model):
    __tablename__ = "award_votes"
    __table_args__ = (UniqueConstraint("category_id", "user_id", name="uq_award_votes_one_each"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"))
    performance_id: Mapped[int] = mapped_column(
        ForeignKey("performances.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JuryScore(db.Model):
    __tablename__ = "award_jury_scores"
    __table_args__ = (
        UniqueConstraint(
            "category_id", "performance_id", "juror_id", name="uq_award_jury_scores_one_each"
        ),
        CheckConstraint("score BETWEEN 1 AND 10", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"))
    performance_id: Mapped[int] = mapped_column(
        ForeignKey("performances.id", ondelete="CASCADE"), index=True
    )
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
