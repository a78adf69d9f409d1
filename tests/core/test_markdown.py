"""Markdown renders tables, code, images and links, and never lets script through."""

import re

import pytest
from flask import render_template_string
from markupsafe import Markup

from engage.core.markdown import render, to_text

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)" />',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<body onload=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="#" onmouseover="alert(1)">x</a>',
    "`<script>` is code, <script>alert(1)</script>",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
]


def _dangerous(html: str) -> list[str]:
    found = []
    lowered = html.lower()
    for tag in (
        "<script",
        "<iframe",
        "<style",
        "<svg",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<meta",
        "<base",
        "<link",
        "<math",
        "<body",
        "<details",
    ):
        if tag in lowered:
            found.append(tag)
    if re.search(r"\son\w+\s*=", lowered):
        found.append("on*=")
    for scheme in ("javascript:", "vbscript:", "data:"):
        if re.search(r"(href|src|action|data)\s*=\s*[\"']?\s*" + scheme, lowered):
            found.append(scheme)
    if "style=" in lowered:
        found.append("style=")
    return found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_markdown_never_keeps_script(payload):
    html = str(render(payload))
    assert _dangerous(html) == [], html


def test_tables_survive():
    html = str(render("| 隐患 | 状态 |\n|---|:-:|\n| 消防通道堵塞 | 整改中 |"))
    assert "<table>" in html and "<th>隐患</th>" in html
    assert "<td" in html and "消防通道堵塞" in html


def test_fenced_code_keeps_its_language_and_escapes_its_content():
    html = str(render("```python\nprint('<b>hi</b>')\n```"))
    assert '<pre><code class="language-python">' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_images_and_links_survive_with_rel():
    html = str(render('![消防栓](/media/abc.png "位置") [规范](https://example.com/gb?x=1)'))
    assert 'src="/media/abc.png"' in html and 'alt="消防栓"' in html and 'title="位置"' in html
    assert 'href="https://example.com/gb?x=1"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_mail_and_phone_links_survive():
    html = str(render("[mail](mailto:safety@example.com) [call](tel:+8651200000000)"))
    assert 'href="mailto:safety@example.com"' in html
    assert 'href="tel:+8651200000000"' in html


def test_layout_classes_are_dropped():
    html = str(render('<div class="position-fixed top-0 w-100 h-100">fake form</div>'))
    assert "class" not in html and "fake form" in html


def test_heading_ids_cannot_reuse_page_ids():
    html = str(render('## Main\n\n<h2 id="main">x</h2>\n\n[jump](#main)'))
    assert 'id="main"' not in html
    assert 'id="md-main"' in html and 'href="#md-main"' in html


def test_nul_bytes_and_empty_input():
    assert render(None) == Markup("")
    assert render("") == Markup("")
    assert "\x00" not in str(render("a\x00b"))


def test_render_returns_markup_that_jinja_does_not_escape_again(app):
    with app.test_request_context():
        out = render_template_string("{{ text|markdown }}", text="**粗体** <script>x</script>")
    assert "<strong>粗体</strong>" in out
    assert "<script" not in out and "&lt;strong" not in out


def test_to_text_gives_plain_text_without_script():
    text = to_text("# 标题\n\n**重点** & <script>alert(1)</script>")
    assert text.startswith("标题")
    assert "重点 &" in text
    assert "alert" not in text and "<" not in text
