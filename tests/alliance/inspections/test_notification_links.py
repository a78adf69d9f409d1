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
