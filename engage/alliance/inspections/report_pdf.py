"""The peer-inspection report as a PDF (fpdf2), with Chinese in an embedded CJK font.

The font is ENGAGE_PDF_FONT (a TrueType/OpenType file, `path` or `path#index` for a
collection) or else the first CJK font found among the system's (Debian's
fonts-noto-cjk, fonts-wqy-*); only the glyphs used are embedded, so the file needs no
font on the reader's side and nothing from the network. Photos are read from the media
store, already verified and re-encoded when they were uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from fpdf import FPDF

from engage.core.uploads import storage

#: (file, index in a collection): where Debian's CJK font packages put a Simplified face.
SYSTEM_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # fonts-noto-cjk: SC
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
)


class NoCJKFont(RuntimeError):
    """No font that can write Chinese was found."""


def cjk_font() -> tuple[Path, int]:
    """The CJK font file and its index in a collection; NoCJKFont when there is none."""
    given = (current_app.config.get("ENGAGE_PDF_FONT") or "").strip()
    if given:
        path, _sep, index = given.partition("#")
        if Path(path).is_file():
            return Path(path), int(index) if index.isdigit() else 0
        raise NoCJKFont(path)
    for path, index in SYSTEM_FONTS:
        if Path(path).is_file():
            return Path(path), index
    raise NoCJKFont("")


@dataclass
class Finding:
    code: str
    category: str
    severity: str
    requirement: str
    reference: str
    note: str
    problem_number: str
    photo_keys: list[str]


@dataclass
class ReportData:
    title: str
    host: str
    inspecting: str
    checklist: str
    planned_on: str
    points: str
    checked: int
    rate: int | None
    hazards_by_severity: list[tuple[str, int]]
    findings: list[Finding]
    submitted_by: str
    submitted_at: datetime | None
    acknowledged_by: str
    acknowledged_at: datetime | None


class _Report(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}/{{nb}}", align="C")


def _when(moment: datetime | None) -> str:
    return format_datetime(moment, "short") if moment else "—"


def build(data: ReportData) -> bytes:
    """The report's PDF. Raises NoCJKFont when no CJK font is available."""
    font, index = cjk_font()
    pdf = _Report(data.title)
    pdf.set_title(data.title)
    pdf.set_creator("Engage")
    pdf.add_font("cjk", "", str(font), collection_font_number=index)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(16, 16, 16)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("cjk", size=12)
        pdf.set_text_color(20, 60, 120)
        pdf.multi_cell(width, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.set_font("cjk", size=10)

    def line(text: str, size: int = 10, gray: int = 0) -> None:
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(gray)
        pdf.multi_cell(width, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)

    pdf.set_font("cjk", size=16)
    pdf.multi_cell(width, 9, data.title, new_x="LMARGIN", new_y="NEXT")
    line(
        " · ".join(
            (
                data.planned_on,
                data.checklist,
                _("Inspecting company") + ": " + data.inspecting,
            )
        ),
        size=9,
        gray=80,
    )
    line(_("Points") + ": " + (data.points or "—"), size=9, gray=80)

    heading(_("Summary"))
    line(_("Items checked: %(n)s", n=data.checked))
    rate = f"{data.rate}%" if data.rate is not None else "—"
    line(_("Conformity rate: %(rate)s", rate=rate))
    hazards = sum(n for _label, n in data.hazards_by_severity)
    by_severity = " · ".join(f"{label} {n}" for label, n in data.hazards_by_severity)
    line(_("Hazards: %(n)s", n=hazards) + (f" ({by_severity})" if by_severity else ""))

    heading(_("Findings"))
    if not data.findings:
        line(_("No hazard found."))
    media = storage()
    for number, finding in enumerate(data.findings, start=1):
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_draw_color(200)
        pdf.set_font("cjk", size=9)
        pdf.set_text_color(90)
        meta = " · ".join(
            x
            for x in (
                f"{number}. {finding.code}",
                finding.category,
                finding.severity,
                finding.reference,
                finding.problem_number,
            )
            if x
        )
        pdf.multi_cell(width, 5, meta, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        line(finding.requirement, size=10)
        if finding.note:
            line(finding.note, size=10, gray=40)
        shown = 0
        for key in finding.photo_keys[:6]:
            try:
                path = media.path(key)
            except ValueError:
                continue
            if not path.is_file():
                continue
            if shown % 3 == 0:
                if shown:
                    pdf.ln(52)
                if pdf.will_page_break(52):
                    pdf.add_page()
                row_y = pdf.get_y() + 1
            x = pdf.l_margin + (shown % 3) * (width / 3)
            pdf.image(str(path), x=x, y=row_y, w=width / 3 - 3, h=50, keep_aspect_ratio=True)
            shown += 1
        if shown:
            pdf.ln(52)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
        pdf.ln(3)

    heading(_("Confirmations"))
    line(
        _(
            "Submitted by the team: %(name)s, %(time)s",
            name=data.submitted_by or "—",
            time=_when(data.submitted_at),
        )
    )
    line(
        _(
            "Acknowledged by the host: %(name)s, %(time)s",
            name=data.acknowledged_by or "—",
            time=_when(data.acknowledged_at),
        )
    )
    return bytes(pdf.output())
