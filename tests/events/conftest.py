"""Factories for the events tests: make_event, register_many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engage.core.timeutil import utcnow
from engage.events.catalogue.models import Audience, Event, EventKind, EventOrganiser, EventStatus


@pytest.fixture
def make_event(db, make_user):
    """make_event(organiser=None, capacity=10, kind="showcase", status="published", ...)."""

    def make(
        organiser=None,
        *,
        capacity: int = 10,
        kind: str = "showcase",
        status: str = "published",
        starts_in: timedelta = timedelta(days=10),
        audience: str = "park",
        company=None,
        **kw,
    ) -> Event:
        organiser = organiser or make_user("supervisor")
        starts = kw.pop("starts_at", None) or (utcnow() + starts_in).replace(microsecond=0)
        event = Event(
            title=kw.pop("title", "安全文化月汇演"),
            kind=EventKind(kind),
            description=kw.pop("description", "**人人讲安全**"),
            venue=kw.pop("venue", "园区礼堂"),
            starts_at=starts,
            ends_at=kw.pop("ends_at", starts + timedelta(hours=3)),
            capacity=capacity,
            taken=0,
            status=EventStatus(status),
            audience=Audience(audience),
            audience_company_id=company.id if company else None,
            registration_closes_at=kw.pop("registration_closes_at", starts - timedelta(hours=1)),
            created_by_id=organiser.id,
            **kw,
        )
        event.organisers.append(EventOrganiser(user_id=organiser.id))
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def people(db, make_company, make_user):
    """people(n, company=None) -> n employees (of one new company unless given)."""

    def make(n: int, company=None):
        company = company or make_company()
        return [make_user("employee", company=company) for _ in range(n)]

    return make


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
