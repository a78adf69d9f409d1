"""An event for one alliance: the people of its member companies see it and register;
a company outside gets 404 and no place in any list; park staff and organisers see it."""

from __future__ import annotations

import pytest

from engage.alliance.alliances import services as alliances
from engage.core.errors import DomainError, NotAllowed
from engage.events.catalogue import services
from engage.events.catalogue.models import Audience
from engage.events.registration import services as registration
from engage.events.registration.models import Registration
from tests.events.catalogue.test_catalogue import _values


@pytest.fixture
def alliance(db, cast):
    """'安全互助联盟': company A leads, company B is a member; any other company is outside."""
    made = alliances.create_alliance(
        alliances.AllianceData(
            name="安全互助联盟", charter="", lead_company_id=cast.company_a.id, area_id=None
        ),
        actor=cast.admin,
    )
    alliances._add_member(made, cast.company_b.id, cast.admin)
    db.session.commit()
    return made


@pytest.fixture
def outsider(make_company, make_user, cast):
    company = make_company("丙企业", area=cast.area)
    return make_user("employee", company=company)


@pytest.fixture
def alliance_event(db, cast, alliance):
    event = services.create_event(
        _values(title="联盟应急演练", audience="alliance", audience_alliance_id=alliance.id),
        actor=cast.supervisor,
    )
    services.publish_event(event, actor=cast.supervisor)
    db.session.commit()
    return event


def test_organisers_choose_an_alliance_and_must_name_one(app, db, cast, alliance, login_as):
    client = login_as(cast.supervisor)
    page = client.get("/events/new")
    assert page.status_code == 200
    assert "安全互助联盟" in page.text and 'name="audience_alliance_id"' in page.text
    with pytest.raises(DomainError) as refused:
        services.create_event(_values(audience="alliance"), actor=cast.supervisor)
    assert refused.value.field == "audience_alliance_id"
    db.session.rollback()
    with pytest.raises(DomainError):
        services.create_event(
            _values(audience="alliance", audience_alliance_id=alliance.id + 99),
            actor=cast.supervisor,
        )
    db.session.rollback()
    event = services.create_event(
        _values(audience="alliance", audience_alliance_id=alliance.id, audience_company_id=7),
        actor=cast.supervisor,
    )
    assert event.audience == Audience.ALLIANCE
    assert event.audience_alliance_id == alliance.id and event.audience_company_id is None


def test_members_of_the_alliance_see_the_event_and_register(
    app, db, cast, alliance_event, login_as
):
    for member in (cast.a_employee, cast.b_employee):
        client = login_as(member)
        page = client.get(f"/events/{alliance_event.id}")
        assert page.status_code == 200
        assert "联盟应急演练" in page.text and "安全互助联盟" in page.text
        assert "联盟应急演练" in client.get("/events/").text
        answer = client.post(f"/events/{alliance_event.id}/register")
        assert answer.status_code == 302
    db.session.expire_all()
    assert {r.user_id for r in db.session.query(Registration)} == {
        cast.a_employee.id,
        cast.b_employee.id,
    }


def test_a_company_outside_the_alliance_gets_404_and_cannot_register(
    app, db, cast, alliance_event, outsider, login_as
):
    client = login_as(outsider)
    assert client.get(f"/events/{alliance_event.id}").status_code == 404
    assert client.post(f"/events/{alliance_event.id}/register").status_code == 404
    assert client.get(f"/events/{alliance_event.id}/event.ics").status_code == 404
    listed = client.get("/events/")
    assert listed.status_code == 200 and "联盟应急演练" not in listed.text
    feed = client.get("/events/calendar.ics")
    assert feed.status_code == 200 and "联盟应急演练" not in feed.text
    with pytest.raises(NotAllowed):
        registration.register(alliance_event, actor=outsider)
    db.session.rollback()
    assert db.session.query(Registration).count() == 0
    anonymous = app.test_client()
    assert anonymous.get(f"/events/{alliance_event.id}").status_code == 404
    assert "联盟应急演练" not in anonymous.get("/events/").text


def test_a_company_that_leaves_the_alliance_loses_the_event(
    app, db, cast, alliance, alliance_event, login_as
):
    alliances.leave_alliance(alliance, "不再参加", actor=cast.b_admin)
    db.session.commit()
    client = login_as(cast.b_employee)
    assert client.get(f"/events/{alliance_event.id}").status_code == 404
    assert login_as(cast.a_employee).get(f"/events/{alliance_event.id}").status_code == 200


def test_park_staff_and_organisers_see_an_alliance_event(
    app, db, cast, alliance_event, make_user, login_as
):
    for who in (cast.admin, cast.supervisor, cast.grid):
        page = login_as(who).get(f"/events/{alliance_event.id}")
        assert page.status_code == 200 and "联盟应急演练" in page.text
        assert "联盟应急演练" in login_as(who).get("/events/").text
