"""Peer inspections: versions, import, proposals, answers, submission, the closed loop."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from engage.alliance.inspections import items as library
from engage.alliance.inspections import pairing, services
from engage.alliance.inspections.models import Answer, InspectionStatus, Item
from engage.alliance.sixlinks.models import LinkEvent
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from tests.alliance.inspections.conftest import DAY, entries, make_library


def _answer_all(inspection, actor, hazards=()):
    for n, e in enumerate(entries(inspection)):
        result = "hazard" if n in hazards else "conforms"
        services.answer_item(
            inspection, e.id, result, "灭火器过期" if n in hazards else "", actor=actor
        )


def test_editing_a_used_item_makes_a_new_version_and_answers_keep_the_old(db, cast, inspection):
    first = entries(inspection)[0]
    services.answer_item(inspection, first.id, "conforms", "", actor=cast.a_manager)
    db.session.commit()
    old = first.item
    new = library.edit_item(
        old,
        library.ItemData(
            code=old.code, category="fire_safety", requirement="新要求", severity="minor"
        ),
        actor=cast.supervisor,
        version=old.version,
    )
    db.session.commit()
    assert new.version == 2 and new.id != old.id
    answer = db.session.query(Answer).one()
    assert answer.item.requirement == "要求1"
    assert db.session.get(type(first), first.id).item_id == new.id
    with pytest.raises(StaleVersion):
        library.edit_item(
            old,
            library.ItemData(code=old.code, category="fire_safety", requirement="x"),
            actor=cast.admin,
            version=1,
        )


def test_editing_an_unused_item_changes_it_in_place(db, cast):
    make_library(cast.admin, 1)
    item = library.get_current("FS-001")
    same = library.edit_item(
        item,
        library.ItemData(code="FS-001", category="electrical", requirement="改"),
        actor=cast.admin,
        version=item.version,
    )
    assert same.id == item.id and db.session.query(Item).count() == 1


def test_only_admins_and_supervisors_edit_the_library(db, cast):
    with pytest.raises(NotAllowed):
        library.create_item(
            library.ItemData(code="X-1", category="dust", requirement="r"), actor=cast.a_manager
        )


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "category", "requirement", "reference", "severity"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_row_rejects_the_whole_import_naming_the_row(db, cast):
    data = _xlsx(
        [
            ["EL-001", "electrical", "配电箱上锁", "GB 50054", "major"],
            ["EL-002", "nonsense", "x", "", "major"],
        ]
    )
    with pytest.raises(library.ImportRejected) as exc:
        library.import_xlsx(data, actor=cast.admin)
    assert exc.value.problems[0][0] == 3
    db.session.rollback()
    assert db.session.query(Item).count() == 0


def test_import_then_export_round_trip(db, cast):
    data = _xlsx([["EL-001", "electrical", "配电箱上锁", "GB 50054", "major"]])
    assert library.import_xlsx(data, actor=cast.admin)["added"] == 1
    assert library.import_xlsx(data, actor=cast.admin)["unchanged"] == 1
    assert library.import_xlsx(library.export_xlsx(), actor=cast.admin)["unchanged"] == 1


def test_not_a_workbook_is_refused(db, cast):
    with pytest.raises(library.ImportRejected):
        library.import_xlsx(b"not a zip", actor=cast.admin)


def test_checklist_refuses_an_unknown_code(db, cast):
    with pytest.raises(DomainError):
        library.save_checklist(
            None,
            name="x",
            focus_target="other",
            description="",
            layout="# a\nNOPE-1",
            actor=cast.admin,
        )


def test_a_company_cannot_inspect_itself(db, cast, alliance, checklist):
    with pytest.raises(DomainError):
        services.propose_inspection(
            alliance,
            services.Proposal(
                alliance_id=alliance.id,
                host_company_id=cast.company_b.id,
                checklist_id=checklist.id,
                planned_on=DAY,
                team_ids=[cast.b_manager.id],
            ),
            actor=cast.b_manager,
        )


def test_host_proposes_another_date_and_the_team_accepts_it(db, cast, alliance, checklist):
    made = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=cast.company_b.id,
            checklist_id=checklist.id,
            planned_on=DAY,
            team_ids=[cast.a_manager.id],
        ),
        actor=cast.a_manager,
    )
    with pytest.raises(NotAllowed):
        services.accept(made, actor=cast.a_manager)
    services.propose_date(made, DAY.replace(day=25), actor=cast.b_manager)
    with pytest.raises(NotAllowed):
        services.accept(made, actor=cast.b_manager)
    services.accept(made, actor=cast.a_manager)
    assert made.status == InspectionStatus.ACCEPTED and made.planned_on.day == 25


def test_answer_to_an_item_not_on_the_checklist_is_refused(db, cast, inspection):
    make_library(cast.admin, 1, prefix="EL")
    with pytest.raises(DomainError):
        services.answer_item(inspection, 99999, "conforms", "", actor=cast.a_manager)
    assert db.session.query(Answer).count() == 0


def test_submit_with_unanswered_items_is_refused(db, cast, inspection):
    services.answer_item(
        inspection, entries(inspection)[0].id, "conforms", "", actor=cast.a_manager
    )
    with pytest.raises(DomainError, match="3"):
        services.submit(inspection, actor=cast.a_manager)
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_two_inspectors_on_different_sections_lose_nothing(db, cast, inspection):
    first, *_middle, last = entries(inspection)
    services.answer_item(inspection, first.id, "conforms", "", actor=cast.a_manager, revision=0)
    services.answer_item(
        inspection, last.id, "not_applicable", "", actor=cast.a_employee, revision=0
    )
    db.session.commit()
    assert db.session.query(Answer).count() == 2
    with pytest.raises(StaleVersion):  # an answer changed by the other since it was shown
        services.answer_item(inspection, first.id, "hazard", "x", actor=cast.a_employee, revision=0)


def test_hazards_become_problems_and_the_inspector_verifies(db, cast, alliance, inspection):
    from engage.tracker.models import Problem, ProblemStatus
    from engage.tracker.problems import loop
    from engage.tracker.problems.permissions import can_verify_problem

    _answer_all(inspection, cast.a_manager, hazards=(0, 1, 3))
    hazards = services.submit(inspection, actor=cast.a_manager)
    db.session.commit()
    assert len(hazards) == 3 and inspection.status == InspectionStatus.SUBMITTED
    problems = db.session.query(Problem).all()
    assert {p.company_id for p in problems} == {cast.company_b.id}
    with pytest.raises(DomainError):
        services.submit(inspection, actor=cast.a_manager)
    problem = db.session.get(Problem, hazards[0].problem_id)
    S = ProblemStatus
    loop.transition(problem, S.ASSIGNED, actor=cast.a_manager, assignee=cast.b_employee)
    loop.transition(problem, S.RECTIFYING, actor=cast.b_employee)
    from engage.core.uploads import MediaFile

    photo = MediaFile(key="a" * 64 + ".jpg", content_type="image/jpeg", size=1)
    db.session.add(photo)
    db.session.flush()
    loop.transition(
        problem, S.AWAITING_VERIFICATION, actor=cast.b_employee, note="已更换", photos=[photo]
    )
    assert not can_verify_problem(cast.b_manager, problem)
    assert can_verify_problem(cast.a_manager, problem)
    loop.transition(problem, S.CLOSED, actor=cast.a_manager, note="复查合格")
    db.session.commit()
    answer = db.session.get(Answer, hazards[0].id)
    assert answer.problem_closed_at is not None and answer.peer_verified
    kinds = {
        (e.source_kind, e.company_id) for e in db.session.query(LinkEvent) if e.link == "manage"
    }
    assert ("inspection", cast.company_a.id) in kinds and ("problem", cast.company_b.id) in kinds
    services.acknowledge(inspection, actor=cast.b_manager)
    services.rate(inspection, 5, "很有帮助", actor=cast.b_manager)
    services.rate(inspection, 4, "配合", actor=cast.a_employee)
    assert inspection.host_rating == 5 and inspection.team_rating == 4


def test_pairing_every_member_inspects_one_other_avoiding_last_round(db):
    ids = [1, 2, 3, 4, 5]
    first = pairing.propose_pairs(ids)
    pairing.check_pairs(first.pairs, set(ids))
    second = pairing.propose_pairs(ids, previous=set(first.pairs))
    assert not set(second.pairs) & set(first.pairs) and second.avoided_last
    grouped = pairing.propose_pairs([1, 2, 3, 4], groups={1: "g", 2: "g"})
    assert (1, 2) not in grouped.pairs and (2, 1) not in grouped.pairs
    with pytest.raises(DomainError):
        pairing.check_pairs([(1, 1), (2, 2)], {1, 2})


def test_confirm_round_creates_every_inspection_at_once(db, cast, alliance, checklist):
    rnd = pairing.confirm_round(
        alliance,
        [(cast.company_a.id, cast.company_b.id), (cast.company_b.id, cast.company_a.id)],
        name="第一轮",
        planned_on=DAY,
        checklist_id=checklist.id,
        actor=cast.a_manager,
    )
    db.session.commit()
    from engage.alliance.inspections.models import Inspection

    made = db.session.query(Inspection).filter_by(round_id=rnd.id).all()
    assert len(made) == 2
    with pytest.raises(NotAllowed):
        pairing.confirm_round(
            alliance, [], name="x", planned_on=DAY, checklist_id=checklist.id, actor=cast.b_manager
        )


def test_reminders_are_sent_once_a_day(db, cast, inspection):
    assert services.send_reminders(DAY) == 1
    assert services.send_reminders(DAY) == 0


def test_the_item_import_refuses_a_zip_bomb_through_the_shared_guard(db, cast):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    with pytest.raises(library.ImportRejected) as exc:
        library.import_xlsx(out.getvalue(), actor=cast.admin)
    assert "compressed" in str(exc.value.message) or "压缩" in str(exc.value.message)
    db.session.rollback()
    assert db.session.query(Item).count() == 0


def test_the_item_import_refuses_too_many_rows(db, cast):
    rows = [[f"EL-{n:04d}", "electrical", "配电箱上锁", "", "major"] for n in range(2001)]
    with pytest.raises(library.ImportRejected) as exc:
        library.import_xlsx(_xlsx(rows), actor=cast.admin)
    assert "2000" in str(exc.value.message)
    db.session.rollback()
    assert db.session.query(Item).count() == 0
