"""Nobody finds a document they may not read."""

from __future__ import annotations

import pytest

from engage.core import search


@pytest.fixture
def company_only(add_doc, make_company):
    company = make_company()
    add_doc(
        1, "本企业危化品仓库应急预案", "仅限本企业查看。", access=(f"company:{company.id}", "staff")
    )
    add_doc(2, "公开的灭火器使用方法", "应急预案的一般要求。")
    return company


def _found(user) -> set[int]:
    return {hit.object_id for hit in search.query("应急预案", user=user).items}


def test_anonymous_reader_finds_only_public_documents(company_only):
    assert _found(None) == {2}


def test_another_companys_employee_does_not_find_a_company_only_document(
    company_only, make_company, make_user
):
    other = make_user("employee", company=make_company())
    assert _found(other) == {2}
    assert search.query("危化品仓库", user=other).total == 0


def test_the_companys_own_employee_finds_it(company_only, make_user):
    assert _found(make_user("employee", company=company_only)) == {1, 2}


@pytest.mark.parametrize("role", ["admin", "supervisor", "grid_officer"])
def test_park_staff_find_it(company_only, make_user, role):
    assert _found(make_user(role)) == {1, 2}


def test_members_only_documents_need_a_signed_in_reader(add_doc, make_user):
    add_doc(1, "会员通知：消防演练", access=("members",))
    assert search.query("消防演练", user=None).total == 0
    assert search.query("消防演练", user=make_user()).total == 1


def test_the_count_respects_visibility_too(company_only, make_company, make_user):
    other = make_user("employee", company=make_company())
    page = search.query("应急预案", user=other)
    assert page.total == len(page.items) == 1
