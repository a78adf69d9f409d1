"""Markdown to safe HTML: Markdown renders, nh3 keeps only an allow-list."""

from __future__ import annotations

import html as _html

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "nl2br", "toc"]


def render(text: str | None) -> Markup:
    """Render Markdown `text` to HTML that is safe to put in a page."""
    if not text:
        return Markup("")
    html = _markdown.markdown(text.replace("\x00", ""), extensions=EXTENSIONS,
                              output_format="html")
    return Markup(clean(html))  # noqa: S704 - sanitised by nh3 just now


def clean(html: str) -> str:
    """Sanitise HTML to the allow-list; links get rel=noopener noreferrer."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def to_text(text: str | None) -> str:
    """Plain text of Markdown, for snippets and search."""
    if not text:
        return ""
    stripped = nh3.clean(_markdown.markdown(text.replace("\x00", ""), extensions=["tables"]),
                         tags=set())
    return _html.unescape(stripped).strip()
