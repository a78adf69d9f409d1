"""The audit log: append-only, written with the change, readable and filterable by admins."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update

from engage.core import audit
from engage.core.audit import AppendOnlyViolation, AuditEntry


def _count(db) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)))


def test_record_writes_who_what_which_and_details(db, make_user, make_company):
    admin = make_user("admin")
    company = make_company()
    audit.record(
        admin,
        "company.edit",
        company,
        summary="改名",
        old="甲",
        new="乙",
        when=datetime(2026, 1, 1, tzinfo=UTC),
    )
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id) == (
        admin.id,
        "company.edit",
        "Company",
        company.id,
    )
    assert entry.company_id == company.id
    assert entry.details["old"] == "甲" and entry.details["when"].startswith("2026-01-01")
    assert entry.created_at.tzinfo is not None


def test_an_entry_cannot_be_changed(db, make_user):
    audit.record(make_user("admin"), "x.y")
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    entry.summary = "rewritten history"
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.summary)) == ""


def test_an_entry_cannot_be_deleted(db, make_user):
    audit.record(make_user("admin"), "x.y")
    db.session.commit()
    db.session.delete(db.session.scalar(select(AuditEntry)))
    with pytest.raises(AppendOnlyViolation):
        db.session.commit()
    db.session.rollback()
    assert _count(db) == 1


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEntry).values(summary="rewritten"),
        delete(AuditEntry),
    ],
)
def test_bulk_statements_cannot_change_entries_either(db, make_user, statement):
    audit.record(make_user("admin"), "x.y")
    db.session.commit()
    with pytest.raises(AppendOnlyViolation):
        db.session.execute(statement)
    db.session.rollback()
    assert _count(db) == 1


def test_a_rolled_back_change_leaves_no_audit_row(db, make_user, make_company):
    admin = make_user("admin")
    company = make_company()
    company.name = "改过的名字"
    audit.record(admin, "company.edit", company)
    db.session.flush()
    db.session.rollback()
    assert _count(db) == 0


# The admin page


def _entry(db, actor, action="company.edit", object_type="Company", when=None, **kw):
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type,
        object_id=kw.pop("object_id", 1),
        **kw,
    )
    if when:
        entry.created_at = when
    db.session.add(entry)
    return entry


@pytest.mark.parametrize("role", ["grid_officer", "employee", "admin_of_company"])
@pytest.mark.parametrize("path", ["/admin/audit", "/admin/audit/export.csv"])
def test_the_audit_log_is_404_for_anyone_but_admins_and_supervisors(
    db, client, make_user, make_company, login_as, role, path
):
    company = make_company()
    user = {
        "grid_officer": lambda: make_user("grid_officer"),
        "employee": lambda: make_user("employee", company=company),
        "admin_of_company": lambda: make_user("company_admin", company=company),
    }[role]()
    login_as(user)
    assert client.get(path).status_code == 404
    assert client.get(f"{path}?company={company.id}").status_code == 404


def test_a_company_admin_sees_nothing_of_another_companys_log(
    db, client, make_user, make_company, login_as
):
    a, b = make_company("甲公司"), make_company("乙公司")
    _entry(db, None, summary="secret-of-b", company_id=b.id)
    db.session.commit()
    boss = make_user("company_admin", company=a)
    login_as(boss)
    for path in ("/admin/audit", f"/admin/audit?company={b.id}", "/admin/audit/export.csv"):
        response = client.get(path)
        assert response.status_code == 404 and "secret-of-b" not in response.text
    login_as(make_user("supervisor"))
    assert "secret-of-b" in client.get(f"/admin/audit?company={b.id}").text


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/audit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_admin_filters_by_action_type_and_actor(db, client, make_user, login_as):
    admin = make_user("admin", name="管理员甲")
    other = make_user("supervisor", name="监管员王芳", email="wangfang@example.com")
    _entry(db, admin, action="company.create", summary="first-entry")
    _entry(db, other, action="role.change", object_type="User", summary="second-entry")
    _entry(db, None, action="company.create", object_type="Department", summary="third-entry")
    db.session.commit()
    login_as(admin)

    def shown(query):
        body = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return {s for s in ("first-entry", "second-entry", "third-entry") if s in body}

    assert shown("") == {"first-entry", "second-entry", "third-entry"}
    assert shown("action=company.create") == {"first-entry", "third-entry"}
    assert shown("object_type=User") == {"second-entry"}
    assert shown("actor=王芳") == {"second-entry"}
    assert shown("actor=WANGFANG@example.com") == {"second-entry"}
    assert shown(f"actor_id={admin.id}") == {"first-entry"}
    assert shown("actor=%25") == set()  # a LIKE wildcard is matched literally
    assert shown("action=company.create&object_type=Department") == {"third-entry"}


def test_the_date_range_is_in_the_readers_timezone(db, client, make_user, login_as):
    # 16:30 UTC on 1 March is 00:30 on 2 March in Shanghai.
    _entry(db, None, summary="late-entry", when=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    db.session.commit()
    shanghai = make_user("admin", timezone="Asia/Shanghai")
    utc = make_user("admin", timezone="UTC")
    login_as(shanghai)
    assert "late-entry" in client.get("/admin/audit?since=2026-03-02&until=2026-03-02").text
    before = client.get("/admin/audit?until=2026-03-01")
    assert before.status_code == 200 and 'name="until" value="2026-03-01"' in before.text
    assert "late-entry" not in before.text
    body = client.get("/admin/audit").text
    assert "00:30" in body
    login_as(utc)
    after = client.get("/admin/audit?since=2026-03-02")
    assert after.status_code == 200 and 'name="since" value="2026-03-02"' in after.text
    assert "late-entry" not in after.text
    assert "late-entry" in client.get("/admin/audit?since=2026-03-01&until=2026-03-01").text
    assert "16:30" in client.get("/admin/audit").text


def test_the_audit_page_paginates(db, client, make_user, login_as):
    admin = make_user("admin")
    for n in range(55):
        _entry(db, admin, summary=f"entry-{n:03d}")
    db.session.commit()
    login_as(admin)
    first = client.get("/admin/audit").text
    assert "entry-054" in first and "entry-004" not in first
    second = client.get("/admin/audit?page=2").text
    assert "entry-004" in second and "entry-054" not in second
    assert "page=2" in first


def test_the_audit_page_runs_the_same_queries_for_2_and_50_entries(
    db, client, make_user, login_as, count_queries
):
    admin = make_user("admin")
    actors = [make_user("supervisor") for _ in range(5)]
    login_as(admin)

    def queries(n):
        for i in range(n):
            _entry(db, actors[i % 5], action=f"a.{i % 3}", summary=f"s{i}")
        db.session.commit()
        db.session.expire_all()
        with count_queries() as q:
            assert client.get("/admin/audit").status_code == 200
        return q.count

    small = queries(2)
    assert queries(48) == small


def test_the_empty_log_says_what_it_will_hold(client, make_user, login_as):
    login_as(make_user("admin"))
    response = client.get("/admin/audit", headers={"Accept-Language": "en"})
    assert "The audit log is empty." in response.text


def test_nul_bytes_in_what_is_logged_are_dropped(db, make_user):
    audit.record(
        make_user("admin"), "x.y", summary="a\x00b", name="c\x00d", nested={"k\x00": ["\x00"]}
    )
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    assert entry.summary == "ab" and entry.details == {"name": "cd", "nested": {"k": [""]}}


# In words, for the office


EN = {"Accept-Language": "en"}


def test_actions_read_as_phrases_in_both_languages_and_unknown_codes_as_themselves(
    db, client, make_user, login_as
):
    admin = make_user("admin")
    _entry(db, admin, action="company.updated", summary="甲公司")
    _entry(db, admin, action="brand.new_thing", summary="x")
    db.session.commit()
    login_as(admin)
    admin.locale = "en"
    db.session.commit()
    english = client.get("/admin/audit").text
    assert "updated a company" in english and "brand.new_thing" in english
    admin.locale = "zh_Hans"
    db.session.commit()
    chinese = client.get("/admin/audit").text
    assert "更新了企业" in chinese and "brand.new_thing" in chinese
    assert "updated a company" not in chinese


def test_editing_a_company_records_what_changed_and_the_log_shows_it(
    db, client, make_user, make_company, login_as
):
    admin = make_user("admin", locale="en")
    company = make_company("旧名称有限公司")
    login_as(admin)
    form = {
        "name": "新名称有限公司",
        "uscc": company.uscc,
        "area_id": company.area_id,
        "industry": "chemicals",
        "contact_name": "",
        "contact_phone": "",
        "address": "",
        "is_active": "y",
        "version": company.version,
    }
    assert client.post(f"/admin/companies/{company.id}", data=form).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "company.updated"))
    assert entry.details["changes"] == {
        "name": ["旧名称有限公司", "新名称有限公司"],
        "industry": ["manufacturing", "chemicals"],
    }
    page = client.get("/admin/audit").text
    assert "name:</span> <del" in page and "旧名称有限公司" in page and "新名称有限公司" in page
    assert f'href="/admin/companies/{company.id}"' in page
    # Saving again without a change adds no entry.
    form["version"] = db.session.get(type(company), company.id).version
    client.post(f"/admin/companies/{company.id}", data=form)
    assert (
        db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "company.updated")
        )
        == 1
    )


def test_a_role_change_shows_the_roles_by_name(db, client, make_user, login_as):
    from engage.accounts.admin import services

    admin = make_user("admin", locale="en")
    user = make_user(None, name="赵六")
    services.update_user_roles(
        user, platform_role="supervisor", department_id=None, is_department_lead=False, actor=admin
    )
    db.session.commit()
    login_as(admin)
    page = client.get("/admin/audit").text
    assert "platform role:" in page and "Supervisor" in page
    assert f'href="/admin/users/{user.id}"' in page


def test_signing_in_is_left_out_unless_asked_for(db, client, make_user, login_as):
    admin = make_user("admin")
    _entry(db, admin, action="account.sign_in", object_type="User", summary="signed-in-entry")
    _entry(db, admin, action="company.updated", summary="edit-entry")
    db.session.commit()
    login_as(admin)
    default = client.get("/admin/audit")
    assert default.status_code == 200 and "edit-entry" in default.text
    assert "signed-in-entry" not in default.text
    assert 'name="sign_ins"' in default.text
    included = client.get("/admin/audit?sign_ins=1").text
    assert "signed-in-entry" in included and "edit-entry" in included
    assert "signed-in-entry" in client.get("/admin/audit?action=account.sign_in").text


def test_the_log_filters_by_company(db, client, make_user, make_company, login_as):
    a, b = make_company("甲公司"), make_company("乙公司")
    _entry(db, None, summary="about-a", company_id=a.id)
    _entry(db, None, summary="about-b", company_id=b.id)
    db.session.commit()
    login_as(make_user("admin"))
    page = client.get(f"/admin/audit?company={a.id}").text
    assert "about-a" in page and "about-b" not in page
    assert f'<option value="{b.id}">乙公司</option>' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2026-13-45", "“From” is not a date"),
        ("until=yesterday", "“To” is not a date"),
        ("since=2026-03-05&until=2026-03-01", "comes after"),
    ],
)
def test_a_bad_date_is_named_not_a_500(db, client, make_user, login_as, query, message):
    _entry(db, None, summary="still-listed")
    db.session.commit()
    login_as(make_user("admin", locale="en"))
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200 and message in response.text
    assert client.get(f"/admin/audit/export.csv?{query}").status_code == 200


def test_the_export_is_the_filtered_view_as_formula_safe_csv(
    db, client, make_user, make_company, login_as
):
    admin = make_user("admin", locale="en", name="=HYPERLINK(1)")
    company = make_company()
    _entry(
        db,
        admin,
        action="company.updated",
        summary="=2+3",
        company_id=company.id,
        details={"changes": {"name": ["甲", "乙"]}},
        when=datetime(2026, 6, 2, 1, 0, tzinfo=UTC),
    )
    _entry(
        db,
        admin,
        action="account.sign_in",
        summary="sign-in-row",
        when=datetime(2026, 6, 2, 2, 0, tzinfo=UTC),
    )
    _entry(
        db,
        admin,
        action="company.updated",
        summary="too-early",
        when=datetime(2026, 5, 1, 2, 0, tzinfo=UTC),
    )
    db.session.commit()
    login_as(admin)
    response = client.get("/admin/audit/export.csv?since=2026-06-01")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert "updated a company" in text and "'=2+3" in text and "'=HYPERLINK(1)" in text
    assert "name: 甲 → 乙" in text
    assert "sign-in-row" not in text and "too-early" not in text
    assert "2026-06-02 09:00" in text  # in the reader's zone
