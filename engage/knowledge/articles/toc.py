"""The table of contents of an article: its headings, with the ids core.markdown gives them."""

from __future__ import annotations

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
    md = _markdown.Markdown(extensions=list(core_markdown.EXTENSIONS))
    md.convert(text.replace("\x00", ""))
    out: list[dict] = []

    def walk(tokens):
        for token in tokens:
            anchor = _rendered_id(token["id"])
            if token["level"] <= max_level and anchor:
                out.append(
                    {"id": anchor, "name": html.unescape(token["name"]), "level": token["level"]}
                )
            walk(token.get("children", []))

    walk(getattr(md, "toc_tokens", []))
    return out
