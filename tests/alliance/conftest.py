"""Alliance fixtures: an alliance led by company A with company B as a member (from `cast`)."""

from __future__ import annotations

import pytest

from engage.alliance.alliances import services


@pytest.fixture
def alliance(db, cast):
    """'安全互助联盟', led by company A, company B a member; company C outside."""
    made = services.create_alliance(
        services.AllianceData(
            name="安全互助联盟",
            charter="## 章程\n互帮互助。",
            lead_company_id=cast.company_a.id,
            area_id=cast.area.id,
        ),
        actor=cast.admin,
    )
    services._add_member(made, cast.company_b.id, cast.admin)
    db.session.commit()
    return made


@pytest.fixture
def outsider(make_company, make_user, cast):
    """Company C (same area, not a member) and its safety manager."""
    company = make_company("丙企业", area=cast.area)
    return make_user("safety_manager", company=company)
