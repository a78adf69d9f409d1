"""The table of contents of an article: its headings, with the ids core.markdown gives them."""

from __future__ import annotations

import html

import markdown as _markdown


def headings(text: str | None, max_level: int = 3) -> list[dict]:
    """[{"id", "name", "level"}] for h1..h{max_level}, flattened in reading order.

    Uses the same Markdown `toc` extension as core.markdown.render, so the ids match
    the ones in the rendered page.
    """
    if not text:
        return []
    md = _markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists", "nl2br", "toc"])
    md.convert(text.replace("\x00", ""))
    out: list[dict] = []

    def walk(tokens):
        for token in tokens:
            if token["level"] <= max_level:
                out.append({"id": token["id"], "name": html.unescape(token["name"]),
                            "level": token["level"]})
            walk(token.get("children", []))

    walk(getattr(md, "toc_tokens", []))
    return out
