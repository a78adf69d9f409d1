"""Markdown to safe HTML: Markdown renders, nh3 keeps only an allow-list."""

from __future__ import annotations

import functools
import html as _html
import re
from collections.abc import Iterable
from contextvars import ContextVar

import markdown as _markdown
import nh3
from markupsafe import Markup

from engage.core import uploads

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "code": {"class"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Where uploaded files are linked from Markdown (`![alt](/media/<key>)`).
MEDIA_PREFIX = "/media/"
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "nl2br", "toc"]
# Heading ids are prefixed so that an author cannot reuse one of the page's own
# ids (DOM clobbering, hijacking the skip link or the navbar).
HEADING_ID_PREFIX = "md-"
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+-]{1,30}")
_SIZE = re.compile(r"\d{1,4}")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Narrow what the allow-list lets through to harmless values."""
    if attribute == "class":
        # Only a fenced block's language; never layout classes (a page-covering
        # `position-fixed` box would make a convincing fake form).
        kept = [c for c in value.split() if _LANGUAGE_CLASS.fullmatch(c)]
        return " ".join(kept) or None
    if attribute == "id":
        slug = re.sub(r"[^\w-]", "", value)[:80]
        if not slug:
            return None
        return slug if slug.startswith(HEADING_ID_PREFIX) else HEADING_ID_PREFIX + slug
    if attribute in {"width", "height", "colspan", "rowspan", "start"}:
        return value if _SIZE.fullmatch(value.strip()) else None
    if (
        attribute == "href"
        and value.startswith("#")
        and not value.startswith("#" + HEADING_ID_PREFIX)
    ):
        return "#" + HEADING_ID_PREFIX + value[1:]
    if attribute == "align":
        return value if value in {"left", "right", "center"} else None
    if attribute in {"src", "href"} and value.startswith(MEDIA_PREFIX):
        return _signed_media(value)
    return value


def _signed_media(value: str) -> str:
    """The address of a stored file that this rendering may show, signed (see
    core.uploads); any other file's address is left unsigned, so it does not
    open. Anything after the key (an old signature) is dropped."""
    key = re.split(r"[?#]", value[len(MEDIA_PREFIX) :], maxsplit=1)[0]
    if key not in _shown_media.get():
        return value
    return uploads.media_url(key)


# The stored files the Markdown being rendered may show (see render).
_shown_media: ContextVar[frozenset[str]] = ContextVar("engage_markdown_media", default=frozenset())


def media_keys(text: str | None) -> set[str]:
    """The keys of the stored files that Markdown `text` links to."""
    linked = re.escape(MEDIA_PREFIX) + f"({uploads.KEY_PATTERN.pattern})"
    return {m.group(1) for m in re.finditer(linked, text or "")}


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def render(text: str | None, media: Iterable[str] = ()) -> Markup:
    """Render Markdown `text` to HTML that is safe to put in a page.

    `media`: keys of stored files the text may show; their addresses are signed
    for the reader. The caller decides which (a knowledge article: the files
    its own writers uploaded), so that a key learnt elsewhere and typed into a
    text never opens a file.
    """
    if not text:
        return Markup("")
    html = _converted(str(text))
    # The page has its own <h1>; a text's top headings sit below it.
    html = _H1.sub(r"<\1h2", html)
    shown = _shown_media.set(frozenset(media))
    try:
        return Markup(_scrollable_tables(clean(html)))  # noqa: S704 - sanitised by nh3 just now
    finally:
        _shown_media.reset(shown)


_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _converted(text: str) -> str:
    """Markdown to HTML, before sanitising: the same text always gives the same HTML,
    so the texts read most (articles, guides) are converted once per process. What
    depends on the reader (signed media addresses, table names) is done after."""
    return _markdown.markdown(text.replace("\x00", ""), extensions=EXTENSIONS, output_format="html")


def _scrollable_tables(html: str) -> str:
    """Wrap each table in a region that scrolls sideways on a phone and that a
    keyboard can reach and scroll (focusable, named)."""
    if "<table>" not in html:
        return html
    from flask import has_app_context
    from flask_babel import gettext

    count = 0

    def wrap(_match: re.Match) -> str:
        nonlocal count
        count += 1
        text = gettext("Table %(num)d", num=count) if has_app_context() else f"Table {count}"
        label = _html.escape(text, quote=True)
        return f'<div class="md-table" role="region" tabindex="0" aria-label="{label}"><table>'

    return re.sub(r"<table>", wrap, html).replace("</table>", "</table></div>")


def clean(html: str) -> str:
    """Sanitise HTML to the allow-list; links get rel=noopener noreferrer nofollow."""
    return _CLEANER.clean(html)


def to_text(text: str | None) -> str:
    """Plain text of Markdown, for snippets and search."""
    if not text:
        return ""
    stripped = nh3.clean(
        _markdown.markdown(str(text).replace("\x00", ""), extensions=["tables"]),
        tags=set(),
        clean_content_tags={"script", "style"},
    )
    return _html.unescape(stripped).strip()
