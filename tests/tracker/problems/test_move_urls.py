"""A move named in the address is made only as that move, whatever the form says."""

from __future__ import annotations

import pytest

from engage.tracker.models import ProblemEvent, ProblemStatus
from engage.tracker.problems import loop

S = ProblemStatus


@pytest.fixture
def awaiting(db, park, problem, photo):
    loop.transition(problem, S.ASSIGNED, actor=park.inspector_manager)
    loop.transition(problem, S.RECTIFYING, actor=park.owner_manager)
    loop.transition(
        problem, S.AWAITING_VERIFICATION, actor=park.owner_manager, note="已清理", photos=[photo()]
    )
    db.session.commit()
    return problem


@pytest.mark.parametrize("named", ["start", "assign", "submit"])
def test_a_move_in_the_address_is_not_turned_into_another_move(
    db, client, login_as, park, awaiting, named
):
    """The verifier may send the problem back; posting to .../move/start (whose usual
    target is also 'rectifying') must not send it back."""
    login_as(park.inspector_manager)
    events = db.session.query(ProblemEvent).count()
    response = client.post(
        f"/problems/{awaiting.number}/move/{named}",
        data={f"{named}-version": str(awaiting.version), f"{named}-note": "还有杂物"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 302
    page = client.get(response.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "cannot be done on a problem that is" in page
    db.session.refresh(awaiting)
    assert awaiting.status == S.AWAITING_VERIFICATION
    assert db.session.query(ProblemEvent).count() == events


def test_the_move_named_in_the_address_is_made(db, client, login_as, park, awaiting):
    login_as(park.inspector_manager)
    response = client.post(
        f"/problems/{awaiting.number}/move/send_back",
        data={"send_back-version": str(awaiting.version), "send_back-note": "还有杂物"},
    )
    assert response.status_code == 302
    db.session.refresh(awaiting)
    assert awaiting.status == S.RECTIFYING
