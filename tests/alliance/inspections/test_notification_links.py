"""Inspection notifications open the inspection, also when sent from the command line
(the daily reminders run from cron, where there is no request to build an address from)."""

from __future__ import annotations

import pytest
from flask import g, has_request_context
from sqlalchemy import select

from engage.accounts.models import User
from engage.alliance.inspections import services
from engage.core.notifications import Notification
from tests.alliance.inspections.conftest import DAY


@pytest.mark.parametrize(
    "kind", ["inspection.proposed", "inspection.accepted", "inspection.reminder"]
)
def test_an_inspection_notification_opens_the_inspection(db, client, login_as, inspection, kind):
    assert not has_request_context()  # as from `flask ... remind`
    if kind == "inspection.reminder":
        assert services.send_reminders(DAY) == 1
        db.session.commit()
    note = db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).first()
    assert note is not None
    assert note.url == f"/alliance/inspections/{inspection.id}"
    g.pop("_login_user", None)
    login_as(db.session.get(User, note.user_id))
    response = client.post(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == note.url
    assert client.get(note.url).status_code == 200


def test_every_inspection_kind_is_made_and_opens_the_inspection(
    db, client, login_as, cast, alliance, checklist, point_b, inspection
):
    """Besides the proposal, acceptance and reminder: another date from a host, the report
    and its acknowledgement, through the services the pages use; each opens its inspection."""
    from datetime import timedelta

    from engage.core import notifications
    from tests.alliance.inspections.test_services import _answer_all

    other = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=cast.company_b.id,
            checklist_id=checklist.id,
            planned_on=DAY,
            team_ids=[cast.a_manager.id],
            point_ids=[point_b.id],
        ),
        actor=cast.a_manager,
    )
    services.propose_date(other, DAY + timedelta(days=3), actor=cast.b_manager)
    _answer_all(inspection, cast.a_manager)
    services.submit(inspection, actor=cast.a_manager)
    services.acknowledge(inspection, actor=cast.b_manager)
    services.send_reminders(DAY)
    db.session.commit()
    kinds = {k for k in notifications._KINDS if k.startswith("inspection.")}
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert kinds <= made, kinds - made
    for kind in sorted(kinds):
        note = db.session.scalars(select(Notification).where(Notification.kind == kind)).first()
        expected = {f"/alliance/inspections/{inspection.id}", f"/alliance/inspections/{other.id}"}
        assert note.url in expected, (kind, note.url)
        g.pop("_login_user", None)
        login_as(db.session.get(User, note.user_id))
        response = client.post(f"/notifications/{note.id}/open")
        assert response.headers["Location"] == note.url, kind
        assert client.get(note.url).status_code == 200, kind
