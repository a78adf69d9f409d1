"""Peer inspections on site: saving one answer of a 150-item checklist, and the on-site
page of that checklist.

    .venv/bin/python -m bench.bench_inspections

Two member companies, a checklist of 150 items, an accepted inspection. The answer is
posted as the phone does (fetch: a small multipart POST, JSON back) through Flask's
test client as a team member, alternating "conforms" and "not applicable" on one item
(each save after the first is an update with a revision check) and answering new items
(inserts). Target: saving one answer under 30 ms median on SQLite.
"""

from __future__ import annotations

from datetime import date, timedelta

from bench.support import bench_app, report, timed

ITEMS = 150


def _setup(db):
    from engage.accounts import uscc
    from engage.accounts.models import Company, CompanyRole, FunctionalArea, PlatformRole, User
    from engage.alliance.alliances import services as alliances
    from engage.alliance.inspections import items as library
    from engage.alliance.inspections import services

    area = FunctionalArea(code="B1", name="基准区")
    db.session.add(area)
    companies = [
        Company(
            name=f"企业{n}",
            uscc=uscc.complete(f"91320594MB{n:07d}"),
            area=area,
            industry="manufacturing",
        )
        for n in (1, 2)
    ]
    db.session.add_all(companies)
    db.session.flush()
    unusable = "!"  # no password hash matches it: these users never sign in by password
    admin = User(
        email="admin@bench", name="管理员", password_hash=unusable, platform_role=PlatformRole.ADMIN
    )
    managers = [
        User(
            email=f"m{c.id}@bench",
            name=f"经理{c.id}",
            password_hash=unusable,
            company_id=c.id,
            company_role=CompanyRole.SAFETY_MANAGER,
        )
        for c in companies
    ]
    db.session.add_all([admin, *managers])
    db.session.flush()
    alliance = alliances.create_alliance(
        alliances.AllianceData(
            name="基准联盟", charter="", lead_company_id=companies[0].id, area_id=area.id
        ),
        actor=admin,
    )
    alliances._add_member(alliance, companies[1].id, admin)
    codes = []
    for k in range(ITEMS):
        code = f"BN-{k:03d}"
        library.create_item(
            library.ItemData(
                code=code,
                category="fire_safety",
                requirement=f"检查要求第{k}条：灭火器在有效期内",
                reference="GB 50140",
            ),
            actor=admin,
        )
        codes.append(code)
    sections = "\n".join(
        f"# 第{s}部分\n" + "\n".join(codes[s * 15 : (s + 1) * 15]) for s in range(ITEMS // 15)
    )
    checklist = library.save_checklist(
        None, name="基准清单", focus_target="other", description="", layout=sections, actor=admin
    )
    inspection = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=companies[1].id,
            checklist_id=checklist.id,
            planned_on=date.today() + timedelta(days=3),
            team_ids=[managers[0].id],
        ),
        actor=managers[0],
    )
    services.accept(inspection, actor=managers[1])
    db.session.commit()
    return inspection, managers[0], services.entries_of(inspection)


def main() -> None:
    with bench_app() as app:
        from engage.extensions import db

        inspection, inspector, entries = _setup(db)
        inspection_id, user_key = inspection.id, inspector.get_id()
        entry_ids = [e.id for e in entries]
        # The requests share this app context's session: leave it empty, as a request's
        # own session starts, so each commit does not expire (and reload) the checklist.
        db.session.close()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user_key
            session["_fresh"] = True
        url = f"/alliance/inspections/{inspection_id}/answers/"
        state = {"rev": 0, "flip": 0, "next": 1}

        def update_one():
            state["flip"] ^= 1
            reply = client.post(
                url + str(entry_ids[0]),
                headers={"X-Requested-With": "fetch"},
                data={
                    "result": "conforms" if state["flip"] else "not_applicable",
                    "note": "现场查看",
                    "revision": str(state["rev"]),
                },
            )
            assert reply.status_code == 200, reply.get_data(as_text=True)
            state["rev"] = reply.json["revision"]

        def insert_one():
            entry_id = entry_ids[state["next"]]
            state["next"] += 1
            reply = client.post(
                url + str(entry_id),
                headers={"X-Requested-With": "fetch"},
                data={"result": "conforms", "revision": "0"},
            )
            assert reply.status_code == 200, reply.get_data(as_text=True)

        report(
            "inspections: save one answer (update, revision checked)",
            timed(update_one, repeat=60, warmup=3),
            items=ITEMS,
        )
        report(
            "inspections: save one answer (first answer of an item)",
            timed(insert_one, repeat=60, warmup=3),
            items=ITEMS,
        )

        def page():
            reply = client.get(f"/alliance/inspections/{inspection_id}/inspect")
            assert reply.status_code == 200

        report("inspections: on-site page of the checklist", timed(page, repeat=15), items=ITEMS)
        # A reference on the same machine at the same moment (bench_core: 3 ms when quiet).
        report(
            "reference: /notifications with none",
            timed(lambda: client.get("/notifications"), repeat=30),
        )


if __name__ == "__main__":
    main()
