"""The six-links dashboard over one alliance of 200 member companies and five years of
link events (about 96,000), on the engine bench.support gives (SQLite, or PostgreSQL with
ENGAGE_BENCH_DATABASE_URL). Target: each page under 150 ms median."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from sqlalchemy import insert, text

from bench.support import bench_app, report, timed

MEMBERS = 200
YEARS = 5
PER_COMPANY_MONTH = 8  # link events per member per month, on average
TARGET_MS = 150


def fill(db) -> dict:
    from engage.accounts import uscc
    from engage.accounts.models import Company, FunctionalArea, PlatformRole, User
    from engage.alliance.alliances.models import Alliance, Membership
    from engage.alliance.sixlinks import rollup
    from engage.alliance.sixlinks.models import Link, LinkEvent, SourceKind

    rng = random.Random(42)
    now = datetime.now(UTC)
    session = db.session
    session.execute(
        insert(FunctionalArea),
        [{"id": 1, "code": "BA1", "name": "功能区1", "created_at": now, "updated_at": now}],
    )
    session.execute(
        insert(Company),
        [
            {
                "id": i,
                "name": f"压测企业{i:03d}有限公司",
                "uscc": uscc.complete(f"91320594MC{i:07d}"),
                "area_id": 1,
                "industry": "manufacturing",
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "is_active": True,
            }
            for i in range(1, MEMBERS + 1)
        ],
    )
    session.execute(
        insert(User),
        [
            {
                "id": 1,
                "email": "supervisor@bench.invalid",
                "name": "监管员",
                "password_hash": "x",
                "platform_role": PlatformRole.SUPERVISOR,
                "created_at": now,
                "updated_at": now,
                "session_token": "s1",
                "active": True,
                "is_department_lead": False,
            },
            {
                "id": 2,
                "email": "manager@bench.invalid",
                "name": "安全员",
                "password_hash": "x",
                "company_id": 1,
                "company_role": "safety_manager",
                "created_at": now,
                "updated_at": now,
                "session_token": "s2",
                "active": True,
                "is_department_lead": False,
            },
        ],
    )
    session.execute(
        insert(Alliance),
        [
            {
                "id": 1,
                "name": "压测联盟",
                "charter": "章程",
                "lead_company_id": 1,
                "area_id": None,
                "is_active": True,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        ],
    )
    session.execute(
        insert(Membership),
        [
            {"alliance_id": 1, "company_id": i, "joined_at": now, "left_note": ""}
            for i in range(1, MEMBERS + 1)
        ],
    )
    links = list(Link)
    rows = []
    source = 0
    today = now.date()
    for back in range(YEARS * 12):
        index = today.year * 12 + today.month - 1 - back
        year, month = divmod(index, 12)
        month += 1
        for company in range(1, MEMBERS + 1):
            for _ in range(rng.randint(0, 2 * PER_COMPANY_MONTH)):
                source += 1
                day = date(year, month, rng.randint(1, 28))
                rows.append(
                    {
                        "alliance_id": 1,
                        "company_id": company,
                        "link": rng.choice(links).value,
                        "source_kind": SourceKind.ACTIVITY.value,
                        "source_id": source,
                        "title": "联合活动",
                        "occurred_on": day,
                        "month": year * 100 + month,
                        "created_at": now,
                    }
                )
        if len(rows) > 20_000:
            session.execute(insert(LinkEvent), rows)
            rows = []
    if rows:
        session.execute(insert(LinkEvent), rows)
    rollup.rebuild()  # what record() keeps up to date one event at a time
    session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in (
                "alliance_link_events",
                "alliance_link_months",
                "alliance_link_month_totals",
                "alliance_company_link_months",
            ):
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()
    return {"events": source}


def _from_events(period) -> None:
    """The dashboard's three figures counted from the events, as before the roll-ups."""
    from sqlalchemy import func, select

    from engage.alliance.sixlinks.dashboard import quarter_start
    from engage.alliance.sixlinks.models import LinkEvent as E
    from engage.extensions import db

    in_period = (E.alliance_id == 1, E.month.between(period.start, period.end))
    db.session.execute(
        select(E.month, E.link, func.count()).where(*in_period).group_by(E.month, E.link)
    ).all()
    db.session.execute(
        select(E.company_id, E.link, func.count()).where(*in_period).group_by(E.company_id, E.link)
    ).all()
    db.session.execute(
        select(E.link, E.company_id)
        .distinct()
        .where(E.alliance_id == 1, E.month >= quarter_start())
    ).all()


def _from_rollups(period) -> None:
    from engage.alliance.sixlinks import dashboard

    dashboard.alliance_matrix(1, period)
    dashboard.member_totals(1, period=period)
    dashboard.silent_members(dashboard.db.session.get(dashboard.Alliance, 1))


def _login(client, user_id: int) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:s{user_id}"
        session["_fresh"] = True


def main() -> None:
    with bench_app() as app:
        from engage.extensions import db

        sizes = fill(db)
        today = date.today()
        five_years = (
            f"?start={today.year - YEARS}-{today.month:02d}&end={today.year}-{today.month:02d}"
        )
        pages = [
            ("alliance: dashboard, last 12 months", 1, "/alliance/1/dashboard"),
            ("alliance: dashboard, five years", 1, "/alliance/1/dashboard" + five_years),
            (
                "alliance: dashboard, 12 months across two years",
                1,
                f"/alliance/1/dashboard?start={today.year - 1}-07&end={today.year}-06",
            ),
            ("alliance: annual summary", 1, f"/alliance/1/summary/{today.year - 1}"),
            (
                "alliance: CSV export, five years",
                1,
                "/alliance/1/dashboard/export.csv" + five_years,
            ),
            ("alliance: company dashboard (member)", 2, "/alliance/companies/1/sixlinks"),
            ("alliance: alliance page", 2, "/alliance/1"),
            ("reference: /notifications (3 ms when quiet)", 2, "/notifications"),
        ]
        from engage.alliance.sixlinks.dashboard import Period

        # The figures alone, old way and new, side by side at the same moment.
        for name, period in (
            ("12 months", Period.last_months(12)),
            ("five years", Period.last_months(60)),
        ):
            report(
                f"figures, {name}: from the events",
                timed(lambda p=period: _from_events(p), repeat=15),
            )
            report(
                f"figures, {name}: from the roll-ups",
                timed(lambda p=period: _from_rollups(p), repeat=15),
            )
        client = app.test_client()
        for label, user_id, url in pages:
            _login(client, user_id)

            def fetch(url=url):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            timing = timed(fetch, repeat=15, warmup=2)
            flag = "" if timing.median < TARGET_MS else "OVER-TARGET"
            report(label, timing, members=MEMBERS, events=sizes["events"], note=flag)


if __name__ == "__main__":
    main()
