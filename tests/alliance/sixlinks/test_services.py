"""Six links: recording is idempotent; activities count for each company; the dashboard."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from engage.alliance.sixlinks import dashboard, services
from engage.alliance.sixlinks.models import Link, LinkEvent, SourceKind
from engage.core.errors import DomainError, NotAllowed

NOW = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


def _count(db) -> int:
    return db.session.query(LinkEvent).count()


def test_record_is_idempotent_per_source_link_and_company(db, cast, alliance):
    companies = [cast.company_a.id, cast.company_b.id]
    assert services.record(alliance, Link.MANAGE, companies, SourceKind.PROBLEM, 7, "P-7", NOW) == 2
    assert services.record(alliance, Link.MANAGE, companies, SourceKind.PROBLEM, 7, "P-7", NOW) == 0
    assert services.record(alliance, "promote", companies, "problem", 7, "P-7", NOW) == 2
    db.session.commit()
    assert _count(db) == 4


def test_record_skips_companies_outside_the_alliance(db, cast, alliance, outsider):
    added = services.record(
        alliance,
        Link.SHARE,
        [cast.company_a.id, outsider.company_id],
        SourceKind.POST,
        1,
        "post",
        NOW,
    )
    assert added == 1


def test_record_without_alliance_counts_in_each_alliance_of_the_company(db, cast, alliance):
    from engage.alliance.alliances import services as alliances

    second = alliances.create_alliance(
        alliances.AllianceData(
            name="第二联盟", charter="", lead_company_id=cast.company_a.id, area_id=None
        ),
        actor=cast.admin,
    )
    db.session.commit()
    assert services.record(None, Link.SHARE, [cast.company_a.id], SourceKind.POST, 3, "x", NOW) == 2
    assert {e.alliance_id for e in services.events_of_source("post", 3)} == {alliance.id, second.id}


@time_machine.travel(NOW, tick=False)
def test_activity_counts_each_link_for_each_company(db, cast, alliance):
    data = services.ActivityData(
        title="联合消防演练",
        occurred_on=date(2026, 5, 20),
        links=["handle", "study", "nonsense"],
        company_ids=[cast.company_a.id, cast.company_b.id],
        person_ids=[cast.a_manager.id, cast.b_employee.id],
    )
    activity = services.record_activity(alliance, data, actor=cast.b_manager)
    db.session.commit()
    assert activity.link_list == [Link.HANDLE, Link.STUDY]
    assert _count(db) == 4
    matrix = dashboard.alliance_matrix(alliance, dashboard.Period.year(2026))
    assert matrix.get(202605, Link.HANDLE) == 2 and matrix.get(202605, Link.STUDY) == 2
    assert matrix.total == 4


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "change, field",
    [
        ({"links": []}, "links"),
        ({"company_ids": []}, "company_ids"),
        ({"occurred_on": date(2026, 7, 1)}, "occurred_on"),
        ({"company_ids": [999999]}, "company_ids"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_activity_is_refused_beside_its_field(db, cast, alliance, change, field):
    values = {
        "title": "学习会",
        "occurred_on": date(2026, 6, 1),
        "links": ["study"],
        "company_ids": [cast.company_b.id],
    } | change
    with pytest.raises(DomainError) as exc:
        services.record_activity(alliance, services.ActivityData(**values), actor=cast.b_manager)
    assert exc.value.field == field
    db.session.rollback()
    assert _count(db) == 0


@time_machine.travel(NOW, tick=False)
def test_outsider_and_employee_cannot_record(db, cast, alliance, outsider):
    data = services.ActivityData(
        title="学习会",
        occurred_on=date(2026, 6, 1),
        links=["study"],
        company_ids=[cast.company_a.id],
    )
    for who in (outsider, cast.b_employee):
        with pytest.raises(NotAllowed):
            services.record_activity(alliance, data, actor=who)


@time_machine.travel(NOW, tick=False)
def test_dashboard_totals_and_quiet_members(db, cast, alliance):
    services.record(
        alliance, Link.SHARE, [cast.company_a.id], SourceKind.POST, 1, "a", date(2026, 5, 2)
    )
    services.record(
        alliance, Link.SHARE, [cast.company_b.id], SourceKind.POST, 2, "b", date(2025, 12, 1)
    )  # before the last quarter
    db.session.commit()
    totals = dashboard.member_totals(alliance, period=dashboard.Period.year(2026))
    assert totals == {cast.company_a.id: {"share": 1}}
    quiet = dashboard.silent_members(alliance)
    assert quiet["share"] == [cast.company_b.id]
    assert sorted(quiet["study"]) == sorted([cast.company_a.id, cast.company_b.id])


def test_company_matrix_counts_a_source_once_across_alliances(db, cast, alliance):
    from engage.alliance.alliances import services as alliances

    alliances.create_alliance(
        alliances.AllianceData(
            name="第二联盟", charter="", lead_company_id=cast.company_a.id, area_id=None
        ),
        actor=cast.admin,
    )
    services.record(
        None, Link.SHARE, [cast.company_a.id], SourceKind.POST, 3, "x", date(2026, 3, 3)
    )
    db.session.commit()
    matrix = dashboard.company_matrix(cast.company_a.id, dashboard.Period.year(2026))
    assert matrix.get(202603, Link.SHARE) == 1


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2026-01", "2026-03", (202601, 202603)),
        ("2026-13", None, None),
        ("abc", "2026-02", (202503, 202602)),
        ("2026-05", "2026-01", None),
        ("2010-01", "2026-12", (202201, 202612)),
    ],
)
def test_period_from_args(app, start, end, expected):
    with time_machine.travel(NOW, tick=False):
        period = dashboard.Period.from_args(start, end)
        default = dashboard.Period.last_months(12)
    assert (period.start, period.end) == (expected or (default.start, default.end))
