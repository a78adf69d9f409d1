"""Publishing announces event_held; calendars; lists by time; exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from engage.core import signals
from engage.core.errors import DomainError, NotAllowed
from engage.core.timeutil import utcnow
from engage.events import EventHeld
from engage.events.catalogue import services
from engage.events.registration import services as registration


def _values(**kw):
    starts = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    values = {
        "title": "应急救援培训",
        "kind": "training",
        "description": "",
        "venue": "一号楼",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "capacity": 30,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "submissions_close_at": None,
        "confirm_hours": 24,
        "audience": "park",
        "audience_company_id": None,
    }
    values.update(kw)
    return values


def test_publishing_announces_the_event_with_its_organisers_companies(db, cast):
    heard = []

    def receiver(sender, payload):
        heard.append(payload)

    signals.event_held.connect(receiver)
    try:
        event = services.create_event(
            _values(), actor=cast.a_manager, organisers=[cast.b_manager, cast.supervisor]
        )
        services.publish_event(event, actor=cast.a_manager)
        db.session.commit()
    finally:
        signals.event_held.disconnect(receiver)
    assert len(heard) == 1 and isinstance(heard[0], EventHeld)
    assert heard[0].organiser_company_ids == tuple(sorted((cast.company_a.id, cast.company_b.id)))
    assert heard[0].kind == "training" and heard[0].audience_alliance_id is None


def test_bad_event_input_is_refused(db, cast):
    with pytest.raises(DomainError):
        services.create_event(_values(ends_at=utcnow()), actor=cast.supervisor)
    with pytest.raises(DomainError):
        services.create_event(_values(audience="company"), actor=cast.supervisor)
    with pytest.raises(NotAllowed):
        services.create_event(_values(), actor=cast.a_employee)
    with pytest.raises(DomainError):
        services.find_organisers("nobody@example.com")


def test_calendars_and_lists(app, db, cast, make_event):
    soon = make_event(cast.supervisor, title="即将举行的演练", kind="drill")
    past = make_event(cast.supervisor, title="去年的汇演", starts_in=timedelta(days=-30))
    client = app.test_client()
    feed = Calendar.from_ical(client.get("/events/calendar.ics").data)
    titles = {str(e["summary"]) for e in feed.walk("VEVENT")}
    assert {"即将举行的演练", "去年的汇演"} <= titles
    one = client.get(f"/events/{soon.id}/event.ics")
    assert one.status_code == 200 and one.mimetype == "text/calendar"
    upcoming = client.get("/events/")
    assert "即将举行的演练" in upcoming.text and "去年的汇演" not in upcoming.text
    earlier = client.get("/events/?when=past")
    assert "去年的汇演" in earlier.text and "即将举行的演练" not in earlier.text
    local = past.starts_at + timedelta(hours=8)
    month = client.get(f"/events/?year={local.year}&month={local.month}")
    assert month.status_code == 200 and "去年的汇演" in month.text
    assert client.get("/events/?year=abc&month=99").status_code == 200


def test_exports_are_spreadsheets_without_formulas(app, db, cast, make_event, make_user, login_as):
    event = make_event(cast.supervisor, capacity=5)
    sly = make_user("employee", company=cast.company_a, name='=HYPERLINK("x")')
    registration.register(event, actor=sly)
    db.session.commit()
    client = app.test_client()
    login_as(cast.supervisor, client)
    csv = client.get(f"/events/{event.id}/export/registrations.csv")
    assert csv.status_code == 200 and "'=HYPERLINK" in csv.data.decode("utf-8-sig")
    xlsx = client.get(f"/events/{event.id}/export/registrations.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(2, 1).value.startswith("'=")
    assert client.get(f"/events/{event.id}/export/secrets.csv").status_code == 404
