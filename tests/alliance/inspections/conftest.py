"""Inspection fixtures: a small library, a checklist, a point of company B and an
accepted inspection of B by company A's safety manager."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from engage.alliance.inspections import items as library
from engage.alliance.inspections import services

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)
DAY = date(2026, 6, 20)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def make_library(actor, n: int = 4, prefix: str = "FS") -> list[str]:
    codes = []
    for k in range(1, n + 1):
        code = f"{prefix}-{k:03d}"
        library.create_item(
            library.ItemData(
                code=code,
                category="fire_safety",
                requirement=f"要求{k}",
                requirement_en=f"Rule {k}",
                reference="GB 50140",
                severity="major",
            ),
            actor=actor,
        )
        codes.append(code)
    return codes


@pytest.fixture
def checklist(db, cast):
    codes = make_library(cast.admin)
    layout = "# 一\n" + "\n".join(codes[:2]) + "\n# 二\n" + "\n".join(codes[2:])
    made = library.save_checklist(
        None,
        name="消防检查表",
        focus_target="other",
        description="",
        layout=layout,
        actor=cast.admin,
    )
    db.session.commit()
    return made


@pytest.fixture
def point_b(db, cast):
    from engage.tracker.points.services import create_point

    point = create_point(cast.company_b, actor=cast.b_manager, name="乙企业一号厂房")
    db.session.commit()
    return point


@pytest.fixture
def inspection(db, cast, alliance, checklist, point_b):
    made = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=cast.company_b.id,
            checklist_id=checklist.id,
            planned_on=DAY,
            team_ids=[cast.a_manager.id, cast.a_employee.id],
            point_ids=[point_b.id],
        ),
        actor=cast.a_manager,
    )
    services.accept(made, actor=cast.b_manager)
    db.session.commit()
    return made


def entries(inspection):
    return services.entries_of(inspection)
