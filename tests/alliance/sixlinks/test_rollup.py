"""The monthly roll-ups always equal a recount of the link events: after recording,
recording again, forgetting, removing an activity, moving a source's date, a member
leaving, and many records at once from their own threads."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from engage.alliance.alliances import services as alliances
from engage.alliance.sixlinks import dashboard, rollup, services
from engage.alliance.sixlinks.models import (
    AllianceLinkMonth,
    CompanyLinkMonth,
    Link,
    MemberLinkMonth,
    SourceKind,
)
from engage.extensions import db as _db

NOW = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


def _member_cells(db) -> dict:
    return {
        (r.alliance_id, r.company_id, r.month, r.link.value): r.total
        for r in db.session.scalars(select(MemberLinkMonth))
    }


def test_record_and_forget_keep_every_rollup_equal_to_a_recount(db, cast, alliance):
    a, b = cast.company_a.id, cast.company_b.id
    services.record(alliance, Link.SHARE, [a, b], SourceKind.POST, 1, "p1", date(2026, 3, 2))
    services.record(alliance, Link.SHARE, [a], SourceKind.POST, 2, "p2", date(2026, 3, 9))
    services.record(alliance, Link.SHARE, [a], SourceKind.POST, 2, "p2", date(2026, 3, 9))  # again
    services.record(alliance, Link.MANAGE, [b], SourceKind.PROBLEM, 7, "P-7", date(2026, 4, 1))
    db.session.commit()
    assert rollup.differences() == {}
    assert _member_cells(db) == {
        (alliance.id, a, 202603, "share"): 2,
        (alliance.id, b, 202603, "share"): 1,
        (alliance.id, b, 202604, "manage"): 1,
    }
    totals = {
        (r.month, r.link.value): r.total for r in db.session.scalars(select(AllianceLinkMonth))
    }
    assert totals == {(202603, "share"): 3, (202604, "manage"): 1}

    services.forget(SourceKind.POST, 2)
    services.forget(SourceKind.PROBLEM, 7)
    db.session.commit()
    assert rollup.differences() == {}
    assert _member_cells(db) == {
        (alliance.id, a, 202603, "share"): 1,
        (alliance.id, b, 202603, "share"): 1,
    }
    # an emptied cell is gone, not left at zero
    assert (
        db.session.scalar(select(AllianceLinkMonth.total).where(AllianceLinkMonth.month == 202604))
        is None
    )


def test_a_source_in_two_alliances_counts_once_for_the_company(db, cast, alliance):
    second = alliances.create_alliance(
        alliances.AllianceData(
            name="第二联盟", charter="", lead_company_id=cast.company_a.id, area_id=None
        ),
        actor=cast.admin,
    )
    db.session.commit()
    a = cast.company_a.id
    assert services.record(None, Link.SHARE, [a], SourceKind.POST, 3, "x", date(2026, 5, 1)) == 2
    db.session.commit()
    assert rollup.differences() == {}
    company = db.session.scalars(
        select(CompanyLinkMonth).where(CompanyLinkMonth.company_id == a)
    ).all()
    assert [(c.month, c.link.value, c.total) for c in company] == [(202605, "share", 1)]
    period = dashboard.Period(202601, 202612)
    assert dashboard.company_matrix(a, period).get(202605, Link.SHARE) == 1
    assert dashboard.company_matrix(a, period, second.id).get(202605, Link.SHARE) == 1
    assert dashboard.alliance_matrix(alliance, period).get(202605, Link.SHARE) == 1


@time_machine.travel(NOW, tick=False)
def test_removing_an_activity_and_moving_a_source_keep_the_rollups_right(db, cast, alliance):
    activity = services.record_activity(
        alliance,
        services.ActivityData(
            title="联合演练",
            occurred_on=date(2026, 5, 20),
            links=["study", "handle"],
            company_ids=[cast.company_a.id, cast.company_b.id],
        ),
        actor=cast.a_manager,
    )
    db.session.commit()
    services.redate(SourceKind.ACTIVITY, activity.id, date(2026, 2, 3))
    db.session.commit()
    assert rollup.differences() == {}
    assert {k[2] for k in _member_cells(db)} == {202602}
    services.delete_activity(activity, actor=cast.a_manager)
    db.session.commit()
    assert rollup.differences() == {}
    assert _member_cells(db) == {}


@time_machine.travel(NOW, tick=False)
def test_a_member_leaving_keeps_its_counted_links_and_the_rollups_right(db, cast, alliance):
    b = cast.company_b.id
    services.record(alliance, Link.PROMOTE, [b], SourceKind.REVIEW, 5, "r", date(2026, 6, 1))
    db.session.commit()
    alliances.leave_alliance(alliance, "搬迁", actor=cast.b_manager)
    db.session.commit()
    assert rollup.differences() == {}
    assert dashboard.member_totals(alliance)[b] == {"promote": 1}
    # a company that left is no longer listed among the quiet members
    assert b not in dashboard.silent_members(alliance)["study"]
    assert cast.company_a.id in dashboard.silent_members(alliance)["study"]


def test_rebuild_recounts_what_was_loaded_in_bulk(db, cast, alliance):
    services.record(
        alliance, Link.BUILD, [cast.company_a.id], SourceKind.TASKFORCE, 1, "t", date(2026, 1, 5)
    )
    db.session.commit()
    db.session.execute(MemberLinkMonth.__table__.delete())
    db.session.commit()
    assert rollup.differences() != {}
    rollup.rebuild()
    db.session.commit()
    assert rollup.differences() == {}


def test_records_at_once_from_many_threads_never_lose_or_double_a_count(app, db, cast, alliance):
    """Twelve people record at the same moment: eight different sources in one cell, and
    four who record the same source twice over."""
    a, b = cast.company_a.id, cast.company_b.id
    alliance_id = alliance.id
    db.session.commit()
    jobs = [(100 + n, [a, b]) for n in range(8)] + [
        (200, [a]),
        (200, [a, b]),
        (200, [b]),
        (200, [a]),
    ]
    barrier = threading.Barrier(len(jobs))
    errors: list[str] = []

    def worker(source_id: int, companies: list[int]) -> None:
        barrier.wait()
        for tries in range(5):
            with app.app_context():
                try:
                    services.record(
                        alliance_id,
                        Link.STUDY,
                        companies,
                        SourceKind.EVENT,
                        source_id,
                        "e",
                        date(2026, 6, 10),
                    )
                    _db.session.commit()
                    return
                except OperationalError as exc:  # SQLite's busy timeout on a loaded machine
                    _db.session.rollback()
                    if "locked" not in str(exc) or tries == 4:
                        errors.append(repr(exc))
                        return
                except Exception as exc:  # noqa: BLE001 - asserted empty below
                    _db.session.rollback()
                    errors.append(repr(exc))
                    return
                finally:
                    _db.session.remove()

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    assert rollup.differences() == {}
    assert _member_cells(db) == {
        (alliance_id, a, 202606, "study"): 9,
        (alliance_id, b, 202606, "study"): 9,
    }
    assert db.session.scalar(select(AllianceLinkMonth.total)) == 18


def test_totals_per_member_add_whole_years_and_the_months_around_them(db, cast, alliance):
    a = cast.company_a.id
    days = [
        date(2023, 11, 5),
        date(2024, 2, 1),
        date(2024, 12, 30),
        date(2025, 7, 1),
        date(2026, 1, 3),
    ]
    for n, day in enumerate(days):
        services.record(alliance, Link.STUDY, [a], SourceKind.EVENT, n + 1, "e", day)
    db.session.commit()
    assert rollup.differences() == {}

    def total(start: int, end: int) -> int:
        return dashboard.member_totals(alliance, period=dashboard.Period(start, end))[a]["study"]

    assert total(202311, 202601) == 5  # two months, two whole years, one month
    assert total(202312, 202512) == 3  # one month, then whole years
    assert total(202401, 202412) == 2  # one whole year
    assert total(202402, 202412) == 2
    assert total(202403, 202506) == 1
    assert total(202511, 202601) == 1


def test_the_command_finds_and_repairs_a_wrong_rollup(app, db, cast, alliance):
    services.record(
        alliance, Link.SHARE, [cast.company_a.id], SourceKind.POST, 9, "p", date(2026, 2, 2)
    )
    db.session.execute(AllianceLinkMonth.__table__.update().values(total=5))
    db.session.commit()
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["alliance", "sixlinks-rollup"])
    assert checked.exit_code == 1
    assert "alliance_link_month_totals: 1 cells differ" in checked.output
    repaired = runner.invoke(args=["alliance", "sixlinks-rollup", "--rebuild"])
    assert repaired.exit_code == 0, repaired.output
    assert "equal a recount" in repaired.output
    db.session.expire_all()
    assert db.session.scalar(select(AllianceLinkMonth.total)) == 1
