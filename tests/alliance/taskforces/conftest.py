"""Task force fixtures: high-rise points with problems in the cast's area, and a force."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from engage.alliance.taskforces import roster, services
from engage.core.vocab import FocusTarget
from engage.tracker import ProblemCategory, ProblemSource, Severity, open_problem
from engage.tracker.models import Point, PointKind

START = date(2026, 3, 1)
NOW = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_clock():
    """Every task force test runs on 15 June 2026 (noon in the park), whatever today is."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def make_point(db):
    counter = iter(range(1, 10_000))

    def make(company, focus=FocusTarget.HIGH_RISE, name="主楼") -> Point:
        n = next(counter)
        point = Point(
            company_id=company.id,
            kind=PointKind.BUILDING,
            name=f"{name}{n}",
            focus_target=focus,
            code=f"TF{n:06d}",
        )
        db.session.add(point)
        db.session.commit()
        return point

    return make


@pytest.fixture
def make_problem(db, cast):
    def make(point, title="消防控制室无人值守", actor=None):
        problem = open_problem(
            title=title,
            category=ProblemCategory.FIRE,
            severity=Severity.MAJOR,
            source=ProblemSource.SUPERVISOR_VISIT,
            actor=actor or cast.supervisor,
            point=point,
        )
        db.session.commit()
        return problem

    return make


@pytest.fixture
def high_rise(cast, make_point, make_problem, make_area, make_company):
    """Open high-rise problems at company A and B (the cast's area), one old-equipment
    problem there, and one high-rise problem in another area."""
    a_point, b_point = make_point(cast.company_a), make_point(cast.company_b)
    old = make_point(cast.company_a, FocusTarget.OLD_EQUIPMENT, "锅炉房")
    elsewhere = make_point(make_company("远方企业", area=make_area("二号功能区")))
    return {
        "a": make_problem(a_point),
        "b": make_problem(b_point, "疏散楼梯堆物"),
        "old": make_problem(old, "锅炉超期未检"),
        "elsewhere": make_problem(elsewhere),
        "a_point": a_point,
        "b_point": b_point,
    }


@pytest.fixture
def force(db, cast):
    """'高层楼宇突击队' on high-rise in the cast's area, led by company A's safety manager."""
    made = services.create_taskforce(
        services.ForceData(
            name="高层楼宇突击队",
            area_id=cast.area.id,
            focus_target=FocusTarget.HIGH_RISE.value,
            leader_id=cast.a_manager.id,
            starts_on=START,
        ),
        actor=cast.supervisor,
    )
    db.session.commit()
    return made


@pytest.fixture
def stranger_member(db, cast, force):
    """A party member without an account, from the department, with a mobile."""
    member = roster.add_member(
        force,
        roster.MemberData(
            name="赵志刚",
            department_id=cast.department.id,
            role="grid_officer",
            is_party_member=True,
            phone="138 0013 1234",
            joined_on=START,
        ),
        actor=cast.supervisor,
    )
    db.session.commit()
    return member
