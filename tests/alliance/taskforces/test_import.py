"""Roster import (all or nothing, naming the row) and export (no formulas run)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from engage.alliance.taskforces import roster
from engage.alliance.taskforces.models import TaskForceMember

HEAD = "姓名,单位,角色,党员,电话,加入日期\n"


def _upload(client, force, body: bytes, name="roster.csv"):
    return client.post(
        f"/alliance/taskforces/{force.id}/roster/import",
        data={"file": (io.BytesIO(body), name)},
        content_type="multipart/form-data",
    )


def _rows(cast, bad_phone="1380013"):
    return (
        HEAD
        + f"李卫东,{cast.company_a.name},企业安全管理员,是,13800131234,2026-03-01\n"
        + f"王红梅,{cast.department.name},网格员,否,{bad_phone},2026/3/2\n"
        + f"陈建华,{cast.company_b.name},其他,是,0512-66881234,\n"
    )


def test_one_bad_row_imports_nothing_and_names_the_row(db, client, login_as, cast, force):
    login_as(cast.supervisor)
    response = _upload(client, force, _rows(cast).encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Row 3" in page or "第 3 行" in page
    assert db.session.query(TaskForceMember).count() == 0
    fixed = _upload(client, force, _rows(cast, "13900001111").encode())
    assert fixed.status_code == 302
    members = roster.current_members(force)
    assert sorted(m.name for m in members) == ["李卫东", "王红梅", "陈建华"]
    assert {m.name: m.phone for m in members}["陈建华"] == "0512-66881234"
    assert {m.name: m.is_party_member for m in members} == {
        "李卫东": True,
        "王红梅": False,
        "陈建华": True,
    }


def test_a_gbk_csv_from_excel_is_read(db, client, login_as, cast, force):
    login_as(cast.a_manager)  # the force's leader
    response = _upload(client, force, _rows(cast, "13900001111").encode("gb18030"))
    assert response.status_code == 302
    assert len(roster.current_members(force)) == 3


def test_an_xlsx_roster_with_real_dates_and_numbers(db, client, login_as, cast, force):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Company or department", "Role", "Party member", "Phone", "Joined"])
    sheet.append(
        [
            "Anna Schmidt",
            cast.company_b.name,
            "safety manager",
            "yes",
            13912345678,
            datetime(2026, 4, 1),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    login_as(cast.supervisor)
    response = _upload(client, force, out.getvalue(), "roster.xlsx")
    assert response.status_code == 302
    [member] = roster.current_members(force)
    assert member.phone == "13912345678" and member.joined_on.isoformat() == "2026-04-01"


def test_duplicates_within_the_file_and_unknown_units_are_named(db, client, login_as, cast, force):
    body = (
        HEAD
        + f"李卫东,{cast.company_a.name},其他,是,,2026-03-01\n"
        + f"李卫东,{cast.company_a.name},其他,是,,2026-04-01\n"
        + "周某,不存在的单位,其他,否,,\n"
        + f"吴某,{cast.company_a.name},厨师,否,,\n"
        + f"郑某,{cast.company_a.name},其他,也许,,\n"
        + f"孙某,{cast.company_a.name},其他,否,,2026-02-30\n"
    )
    login_as(cast.supervisor)
    page = _upload(client, force, body.encode()).get_data(as_text=True)
    for row in (3, 4, 5, 6, 7):
        assert f"Row {row}:" in page or f"第 {row} 行" in page
    assert db.session.query(TaskForceMember).count() == 0


def test_files_that_are_not_rosters_are_refused(db, client, login_as, cast, force):
    login_as(cast.supervisor)
    for body, name in (
        (b"\x00\x01binary", "x.csv"),
        (b"PK\x03\x04broken", "x.xlsx"),
        (b"name\n", "x.txt"),
        (b"", "x.csv"),
        (b"foo,bar\n1,2\n", "x.csv"),
    ):
        response = _upload(client, force, body, name)
        assert response.status_code == 200
        assert db.session.query(TaskForceMember).count() == 0


def test_too_many_rows_are_refused(db, client, login_as, cast, force):
    body = HEAD + "".join(f"人{i},{cast.company_a.name},其他,否,,\n" for i in range(600))
    login_as(cast.supervisor)
    page = _upload(client, force, body.encode()).get_data(as_text=True)
    assert "500" in page
    assert db.session.query(TaskForceMember).count() == 0


def test_the_export_neutralises_formulas_and_keeps_the_history(db, client, login_as, cast, force):
    roster.add_member(
        force,
        roster.MemberData(
            name='=HYPERLINK("x")',
            company_id=cast.company_a.id,
            role="other",
            joined_on=force.starts_on,
        ),
        actor=cast.admin,
    )
    db.session.commit()
    login_as(cast.a_manager)
    response = client.get(f"/alliance/taskforces/{force.id}/roster/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][0] == '\'=HYPERLINK("x")'
    xlsx = client.get(f"/alliance/taskforces/{force.id}/roster/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"


def test_an_employee_cannot_export_or_import(db, client, login_as, cast, force):
    login_as(cast.a_employee)
    assert client.get(f"/alliance/taskforces/{force.id}/roster/export.csv").status_code == 403
    assert _upload(client, force, _rows(cast).encode()).status_code == 403


def test_an_exported_roster_imports_into_another_force(
    db, client, login_as, cast, force, stranger_member
):
    from engage.alliance.taskforces import services

    other = services.create_taskforce(
        services.ForceData(
            name="第二支",
            area_id=cast.area.id,
            focus_target="other",
            leader_id=None,
            starts_on=force.starts_on,
        ),
        actor=cast.admin,
    )
    db.session.commit()
    login_as(cast.supervisor)
    exported = client.get(f"/alliance/taskforces/{force.id}/roster/export.xlsx").data
    assert _upload(client, other, exported, "r.xlsx").status_code == 302
    [copy] = roster.current_members(other)
    assert (copy.name, copy.phone, copy.is_party_member) == ("赵志刚", "13800131234", True)


def _bomb() -> bytes:
    """An .xlsx-shaped zip whose sheet unpacks a thousand times its packed size."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    return out.getvalue()


def test_a_zip_bomb_is_refused_by_the_shared_spreadsheet_guard(db, client, login_as, cast, force):
    login_as(cast.supervisor)
    page = _upload(client, force, _bomb(), "roster.xlsx")
    assert page.status_code == 200
    assert "压缩" in page.text or "compressed far more" in page.text
    assert db.session.query(TaskForceMember).count() == 0


def test_a_roster_exported_in_english_imports_again_by_the_english_unit_names(
    db, client, login_as, cast, force, stranger_member
):
    from engage.alliance.taskforces import services

    cast.department.name_en = "Fire and Rescue Brigade"
    cast.supervisor.locale = "en"
    other = services.create_taskforce(
        services.ForceData(
            name="第二支",
            area_id=cast.area.id,
            focus_target="other",
            leader_id=None,
            starts_on=force.starts_on,
        ),
        actor=cast.admin,
    )
    db.session.commit()
    login_as(cast.supervisor)
    exported = client.get(f"/alliance/taskforces/{force.id}/roster/export.xlsx").data
    cells = {c.value for row in load_workbook(io.BytesIO(exported)).active.iter_rows() for c in row}
    assert "Fire and Rescue Brigade" in cells and "消防救援大队" not in cells
    assert _upload(client, other, exported, "r.xlsx").status_code == 302
    [copy] = roster.current_members(other)
    assert copy.department_id == cast.department.id
