"""The demo park has recent notifications of every tracker kind, each opening its object."""

from flask import g
from sqlalchemy import select

from engage.accounts.models import User
from engage.core.notifications import Notification
from engage.tracker import demo


def test_the_demo_park_has_a_notification_of_every_kind_that_opens_its_problem(
    db, client, login_as, monkeypatch
):
    monkeypatch.setattr(demo, "DEMO_PROBLEMS", 60)
    demo.load()
    db.session.commit()
    kinds = {kind for kind, *_ in demo.DEMO_NOTICES}
    made = set(db.session.scalars(select(Notification.kind).distinct()))
    assert kinds <= made, kinds - made
    assert {k for k in made if k.startswith("tracker.")} == kinds
    for kind in sorted(kinds):
        note = db.session.scalars(select(Notification).where(Notification.kind == kind)).first()
        g.pop("_login_user", None)
        login_as(db.session.get(User, note.user_id))
        response = client.post(f"/notifications/{note.id}/open")
        assert response.headers["Location"] == note.url != "/notifications", kind
        assert client.get(note.url).status_code == 200, (kind, note.url)
    count = db.session.scalar(select(db.func.count(Notification.id)))
    demo.load()
    db.session.commit()
    assert db.session.scalar(select(db.func.count(Notification.id))) == count
