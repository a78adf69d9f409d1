"""The items most often failed across the park reach the knowledge home (through core's
registry): with how often, and a link to read about each."""

from __future__ import annotations

from sqlalchemy import select

from engage.alliance.inspections import findings, services
from engage.alliance.inspections.models import Item
from engage.core import registry
from tests.alliance.inspections.conftest import entries


def _inspect(db, cast, inspection, failed: set[str]) -> None:
    for entry in entries(inspection):
        hazard = entry.item.code in failed
        services.answer_item(
            inspection,
            entry.id,
            "hazard" if hazard else "conforms",
            "现场发现问题" if hazard else "",
            actor=cast.a_manager,
        )
    db.session.commit()


def test_the_knowledge_home_lists_the_items_most_often_failed_with_counts_and_links(
    client, db, cast, alliance, checklist, inspection
):
    second = services.propose_inspection(
        alliance,
        services.Proposal(
            alliance_id=alliance.id,
            host_company_id=cast.company_b.id,
            checklist_id=checklist.id,
            planned_on=inspection.planned_on,
            team_ids=[cast.a_manager.id],
        ),
        actor=cast.a_manager,
    )
    services.accept(second, actor=cast.b_manager)
    db.session.commit()
    _inspect(db, cast, inspection, {"FS-001", "FS-002"})
    _inspect(db, cast, second, {"FS-002"})
    item = db.session.scalar(select(Item).where(Item.code == "FS-002", Item.is_current))
    item.article_url = "/knowledge/articles/42"
    db.session.commit()

    found = findings.commonly_failed()
    assert [(f.code, f.failed) for f in found] == [("FS-002", 2), ("FS-001", 1)]
    assert registry.ask("inspections.commonly_failed", 6) == found

    home = client.get("/knowledge/")  # anyone, signed in or not
    assert home.status_code == 200
    section = home.text.split('id="commonly-failed"')[1].split("</ol>")[0]
    assert section.index("要求2") < section.index("要求1")  # most often first
    assert "2×" in section and "1×" in section
    assert 'href="/knowledge/articles/42"' in section  # the item's own article
    assert "/search/?q=" in section  # the other: articles on its category
    assert "乙企业" not in section  # counts across the park, no company named


def test_without_findings_the_knowledge_home_shows_no_empty_list(client, db, cast):
    home = client.get("/knowledge/")
    assert home.status_code == 200 and "Safety knowledge" in home.text or "安全知识" in home.text
    assert 'id="commonly-failed"' not in home.text
