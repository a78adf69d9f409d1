"""The whistle routing table: category x functional area -> department."""

from __future__ import annotations

from sqlalchemy import (
    ForeignKey,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.accounts.models import Department, FunctionalArea
from engage.core.models import enum_column
from engage.extensions import db
from engage.tracker.problems.models import ProblemCategory


class RoutingRule(db.Model):
    """Which department a whistle goes to, by category and (optionally) functional area."""

    __tablename__ = "routing_rules"
    __table_args__ = (UniqueConstraint("category", "area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[ProblemCategory] = mapped_column(
        enum_column(ProblemCategory, "problem_category")
    )
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("functional_areas.id", ondelete="CASCADE")
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"))

    department: Mapped[Department] = relationship(lazy="joined", innerjoin=True)
    area: Mapped[FunctionalArea | None] = relationship(lazy="joined")
