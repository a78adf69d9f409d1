"""Alliances: creating, asking to join, deciding, leaving, and the history of it."""

from __future__ import annotations

import pytest

from engage.alliance.alliances import services
from engage.alliance.alliances.models import JoinStatus
from engage.alliance.alliances.permissions import can_lead, is_member
from engage.core.errors import DomainError, NotAllowed
from engage.core.notifications import Notification


def test_only_office_and_supervisors_create_alliances(db, cast):
    data = services.AllianceData(
        name="新联盟", charter="", lead_company_id=cast.company_a.id, area_id=None
    )
    with pytest.raises(NotAllowed):
        services.create_alliance(data, actor=cast.a_manager)
    made = services.create_alliance(data, actor=cast.supervisor)
    assert made.is_park_wide
    assert services.member_company_ids(made) == {cast.company_a.id}


def test_alliance_names_are_unique_whatever_the_case(db, cast, alliance):
    data = services.AllianceData(
        name="安全互助联盟", charter="", lead_company_id=cast.company_b.id, area_id=None
    )
    with pytest.raises(DomainError) as exc:
        services.create_alliance(data, actor=cast.admin)
    assert exc.value.field == "name"


def test_safety_manager_asks_and_lead_approves(db, cast, alliance, outsider):
    request = services.request_join(alliance, "我们希望一起提升安全管理水平。", actor=outsider)
    db.session.commit()
    assert request.status == JoinStatus.PENDING
    # the lead company's safety manager is told
    assert (
        db.session.query(Notification)
        .filter_by(user_id=cast.a_manager.id, kind="alliance.join_requested")
        .count()
        == 1
    )
    assert can_lead(cast.a_manager, alliance) and not can_lead(cast.b_manager, alliance)
    with pytest.raises(NotAllowed):
        services.decide_join(request, approve=True, reason="", actor=cast.b_manager)
    services.decide_join(request, approve=True, reason="", actor=cast.a_manager)
    db.session.commit()
    assert outsider.company_id in services.member_company_ids(alliance)
    assert is_member(outsider, alliance)
    assert (
        db.session.query(Notification)
        .filter_by(user_id=outsider.id, kind="alliance.join_approved")
        .count()
        == 1
    )


def test_refusal_needs_a_reason_and_changes_nothing(db, cast, alliance, outsider):
    request = services.request_join(alliance, "我们希望一起提升安全管理水平。", actor=outsider)
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        services.decide_join(request, approve=False, reason="  ", actor=cast.a_manager)
    assert exc.value.field == "reason"
    db.session.rollback()
    assert request.status == JoinStatus.PENDING
    services.decide_join(request, approve=False, reason="请先完成整改", actor=cast.a_manager)
    db.session.commit()
    assert request.status == JoinStatus.REFUSED
    assert outsider.company_id not in services.member_company_ids(alliance)


def test_member_cannot_ask_to_join_again_nor_ask_twice(db, cast, alliance, outsider):
    with pytest.raises(DomainError) as member:
        services.request_join(alliance, "我们希望一起提升安全管理水平。", actor=cast.b_manager)
    assert "已是此联盟成员" in str(member.value.message)
    services.request_join(alliance, "我们希望一起提升安全管理水平。", actor=outsider)
    db.session.commit()
    with pytest.raises(DomainError) as twice:
        services.request_join(alliance, "再次申请加入联盟，谢谢。", actor=outsider)
    assert "已申请加入" in str(twice.value.message)


def test_employee_cannot_ask_to_join(db, cast, alliance, make_company, make_user):
    employee = make_user("employee", company=make_company())
    with pytest.raises(NotAllowed):
        services.request_join(alliance, "我们希望一起提升安全管理水平。", actor=employee)


def test_leaving_keeps_the_history_and_rejoining_opens_a_new_stint(db, cast, alliance):
    services.leave_alliance(alliance, "业务调整", actor=cast.b_manager)
    db.session.commit()
    assert cast.company_b.id not in services.member_company_ids(alliance)
    request = services.request_join(alliance, "业务恢复后希望重新加入联盟。", actor=cast.b_manager)
    services.decide_join(request, approve=True, reason="", actor=cast.admin)
    db.session.commit()
    stints = [s for s in services.membership_history(alliance) if s.company_id == cast.company_b.id]
    assert len(stints) == 2
    assert sum(1 for s in stints if s.is_current) == 1


def test_lead_company_cannot_leave(db, cast, alliance):
    with pytest.raises(NotAllowed):
        services.leave_alliance(alliance, "", actor=cast.a_manager)


def test_shared_alliances(db, cast, alliance, outsider):
    assert services.shared_alliance_ids([cast.company_a.id, cast.company_b.id]) == [alliance.id]
    assert services.shared_alliance_ids([cast.company_a.id, outsider.company_id]) == []


def test_editing_an_alliance_records_what_changed(db, cast, alliance):
    from sqlalchemy import select

    from engage.core.audit import AuditEntry

    data = services.AllianceData(
        name="安全互助联盟",
        charter="## 章程\n互帮互助，共同进步。",
        lead_company_id=cast.company_b.id,
        area_id=cast.area.id,
    )
    services.update_alliance(alliance, data, actor=cast.admin, version=alliance.version)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "alliance.updated"))
    changes = entry.details["changes"]
    assert changes["lead_company"] == [cast.company_a.name, cast.company_b.name]
    assert changes["charter"][1].endswith("共同进步。")
    assert "name" not in changes and "area" not in changes
