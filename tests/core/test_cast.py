"""The shared cast of people that every access grid uses."""

from engage.core.permissions import can_see_company_private, is_admin, is_park_staff


def test_the_cast_has_every_party_in_its_place(cast):
    assert cast.who("anonymous") is None
    assert is_admin(cast.admin) and not is_admin(cast.a_admin)
    assert cast.a_admin.is_company_admin and cast.a_admin.company_id == cast.company_a.id
    assert cast.b_manager.is_safety_manager and cast.b_manager.company_id == cast.company_b.id
    assert is_park_staff(cast.supervisor) and is_park_staff(cast.grid)
    assert cast.dept_lead.is_department_lead and not cast.dept_member.is_department_lead
    assert cast.newcomer.company_id is None
    assert can_see_company_private(cast.a_employee, cast.company_a.id)
    assert not can_see_company_private(cast.b_employee, cast.company_a.id)
    assert {cast.who(r) is None for r in cast.ROLES} == {True, False}
