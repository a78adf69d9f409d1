"""The demo park's problems: every state, and loading twice adds nothing twice."""

from sqlalchemy import func, select

from engage.tracker import demo
from engage.tracker.models import Problem, ProblemEvent, ProblemStatus


def test_demo_loads_problems_in_every_state_once(db, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_PROBLEMS", 60)
    demo.load()
    db.session.commit()
    statuses = set(db.session.scalars(select(Problem.status).distinct()))
    assert statuses == set(ProblemStatus)
    counts = (
        db.session.scalar(select(func.count(Problem.id))),
        db.session.scalar(select(func.count(ProblemEvent.id))),
    )
    demo.load()
    db.session.commit()
    assert (
        db.session.scalar(select(func.count(Problem.id))),
        db.session.scalar(select(func.count(ProblemEvent.id))),
    ) == counts
