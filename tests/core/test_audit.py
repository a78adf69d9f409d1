"""The audit log: append-only, written with the change, readable and filterable by admins."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select, update

from engage.accounts.models import CompanyRole
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


@pytest.mark.parametrize("role", ["supervisor", "grid_officer", "employee", "admin_of_company"])
def test_the_audit_page_is_404_for_anyone_but_a_platform_admin(
    db, client, make_user, make_company, login_as, role
):
    company = make_company()
    user = {
        "supervisor": lambda: make_user("supervisor"),
        "grid_officer": lambda: make_user("grid_officer"),
        "employee": lambda: make_user("employee", company=company),
        "admin_of_company": lambda: make_user("safety_manager", company=company),
    }[role]()
    if role == "admin_of_company":
        user.company_role = CompanyRole.ADMIN
        db.session.commit()
    login_as(user)
    assert client.get("/admin/audit").status_code == 404


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
