"""The alliance demo: a newcomer finds a peer inspection under way (some items answered,
some left) and one finished with its report; loading twice adds nothing twice."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.accounts import demo as accounts_demo
from engage.alliance import demo
from engage.alliance.inspections import services
from engage.alliance.inspections.models import Answer, Inspection, InspectionStatus
from engage.alliance.sixlinks import rollup


def test_the_demo_park_has_an_inspection_in_progress_and_a_finished_one(db):
    accounts_demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    found = {i.status: i for i in db.session.scalars(select(Inspection))}
    assert set(found) == {InspectionStatus.IN_PROGRESS, InspectionStatus.ACKNOWLEDGED}
    going = found[InspectionStatus.IN_PROGRESS]
    done, total = services.progress(going)
    assert 0 < done < total
    results = {a.result.value for a in services.answers_of(going).values()}
    assert results == {"conforms", "hazard", "not_applicable"}
    finished = found[InspectionStatus.ACKNOWLEDGED]
    done, total = services.progress(finished)
    assert done == total > 0
    hazards = db.session.scalar(
        select(func.count(Answer.id)).where(
            Answer.inspection_id == finished.id, Answer.problem_id.is_not(None)
        )
    )
    assert hazards == 2
    assert rollup.differences() == {}
