"""The events demo: last June's showcase with its programme, photos and results, and a full
drill with a waiting list; loaded once however often it runs."""

from sqlalchemy import func, select

from engage.accounts import demo as accounts_demo
from engage.events import demo
from engage.events.awards import services as awards
from engage.events.catalogue.models import Event, EventKind
from engage.events.media.models import Photo
from engage.events.performances import services as performances
from engage.events.registration import services as registration


def test_demo_park_events(db):
    accounts_demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    show = db.session.scalar(select(Event).where(Event.kind == EventKind.SHOWCASE))
    drill = db.session.scalar(select(Event).where(Event.kind == EventKind.DRILL))
    assert db.session.scalar(select(func.count(Event.id))) == 2
    assert show.starts_at.month == 6
    assert len(performances.programme(show).acts) == 12
    assert db.session.scalar(select(func.count(Photo.id))) == 18
    results = awards.published_results(show)
    assert len(results) == 3 and all(r.winners for r in results)
    assert drill.taken == drill.capacity == 20
    units = registration.waiting_list(drill)
    assert len(units) >= 2 and max(len(u) for u in units) >= 2  # a group waits as a group


def test_the_events_demo_has_a_recent_notification_of_every_events_kind_once(db):
    from engage.core import notifications
    from engage.core.notifications import Notification

    accounts_demo.load()
    db.session.commit()
    demo.load()
    db.session.commit()
    kinds = {k for k in notifications._KINDS if k.startswith("events.")}
    made = set(
        db.session.scalars(select(Notification.kind).where(Notification.kind.like("events.%")))
    )
    assert made == kinds
    count = db.session.scalar(select(func.count(Notification.id)))
    demo.load()
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == count
