"""The report as a PDF: summary, findings with their photos, both confirmations, Chinese
written in an embedded CJK font; seen by whoever sees the report, 404 for outsiders."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from engage.alliance.inspections import report_pdf, services
from engage.core.uploads import save_image
from tests.alliance.inspections.conftest import entries


def _streams(pdf: bytes) -> list[bytes]:
    found = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return found


def _cmap_codes(pdf: bytes) -> set[str]:
    """The Unicode code points the PDF's ToUnicode maps name, as upper-case hex."""
    codes: set[str] = set()
    for stream in _streams(pdf):
        if b"beginbfchar" in stream or b"beginbfrange" in stream:
            codes |= {c.decode().upper() for c in re.findall(rb"<([0-9A-Fa-f]{4})>", stream)}
    return codes


def _photo(app) -> object:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(out, "JPEG")
    out.seek(0)
    return save_image(FileStorage(out, filename="现场.jpg", content_type="image/jpeg"))


@pytest.fixture
def finished(app, db, cast, inspection):
    photo = _photo(app)
    first, *rest = entries(inspection)
    services.answer_item(
        inspection,
        first.id,
        "hazard",
        "疏散通道堆放纸箱",
        actor=cast.a_manager,
        photos=[photo],
    )
    for entry in rest:
        services.answer_item(inspection, entry.id, "conforms", "", actor=cast.a_manager)
    services.submit(inspection, actor=cast.a_manager)
    services.acknowledge(inspection, actor=cast.b_manager)
    db.session.commit()
    return inspection


def test_the_report_downloads_as_a_pdf_with_chinese_in_an_embedded_font(
    client, login_as, cast, finished
):
    try:
        report_pdf.cjk_font()
    except report_pdf.NoCJKFont:
        pytest.skip("no CJK font on this machine (install fonts-noto-cjk)")
    login_as(cast.b_manager)
    page = client.get(f"/alliance/inspections/{finished.id}/report")
    assert (
        page.status_code == 200 and f"/alliance/inspections/{finished.id}/report.pdf" in page.text
    )
    reply = client.get(f"/alliance/inspections/{finished.id}/report.pdf")
    assert reply.status_code == 200
    assert reply.mimetype == "application/pdf"
    assert "attachment" in reply.headers["Content-Disposition"]
    pdf = reply.data
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile" in pdf  # the font is embedded, not expected on the reader's side
    codes = _cmap_codes(pdf)
    # 疏散通道 (the note), 互查 (the title), 甲 of 甲企业's people confirming
    for char in "疏散通道堆放纸箱互查报告":
        assert f"{ord(char):04X}" in codes, char
    assert pdf.count(b"/Subtype /Image") == 1  # the finding's photo
    assert b"/Count" in pdf


def test_an_outsider_gets_404_for_the_pdf(client, login_as, cast, finished, outsider):
    login_as(outsider)
    assert client.get(f"/alliance/inspections/{finished.id}/report.pdf").status_code == 404
    login_as(cast.dept_member)
    assert client.get(f"/alliance/inspections/{finished.id}/report.pdf").status_code == 404


def test_without_a_cjk_font_the_page_says_so_instead_of_failing(
    app, client, login_as, cast, finished, tmp_path
):
    app.config["ENGAGE_PDF_FONT"] = str(tmp_path / "missing.ttf")
    try:
        login_as(cast.a_manager)
        reply = client.get(f"/alliance/inspections/{finished.id}/report.pdf", follow_redirects=True)
    finally:
        app.config["ENGAGE_PDF_FONT"] = ""
    assert reply.status_code == 200
    assert reply.mimetype == "text/html"
    assert "中文字体" in reply.text or "Chinese font" in reply.text
