"""The table of contents of an article: its headings, with the ids core.markdown gives them."""

from __future__ import annotations

import functools
import html
import re

import markdown as _markdown

from engage.core import markdown as core_markdown


def _rendered_id(raw: str) -> str | None:
    """The id core.markdown's sanitiser leaves on a heading (it prefixes them)."""
    prefix = getattr(core_markdown, "HEADING_ID_PREFIX", "")
    slug = re.sub(r"[^\w-]", "", raw)[:80]
    if not slug:
        return None
    return slug if slug.startswith(prefix) else prefix + slug


def headings(text: str | None, max_level: int = 3) -> list[dict]:
    """[{"id", "name", "level"}] for h1..h{max_level}, flattened in reading order.

    Uses the same Markdown `toc` extension as core.markdown.render, so the ids match
    the ones in the rendered page.
    """
    if not text:
        return []
    return [{"id": i, "name": n, "level": lv} for i, n, lv in _headings(text, max_level)]


@functools.lru_cache(maxsize=256)
def _headings(text: str, max_level: int) -> tuple[tuple[str, str, int], ...]:
    """(id, name, level) of the headings: the same text always has the same ones, so
    the articles read most are parsed once per process."""
    md = _markdown.Markdown(extensions=list(core_markdown.EXTENSIONS))
    md.convert(text.replace("\x00", ""))
    out: list[tuple[str, str, int]] = []

    def walk(tokens):
        for token in tokens:
            anchor = _rendered_id(token["id"])
            if token["level"] <= max_level and anchor:
                out.append((anchor, html.unescape(token["name"]), token["level"]))
            walk(token.get("children", []))

    walk(getattr(md, "toc_tokens", []))
    return tuple(out)
