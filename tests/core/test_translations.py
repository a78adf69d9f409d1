"""Both catalogues are complete: every string a user can see has its translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
METHODS = [("engage/**.py", "python"), ("engage/templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return {m for m in found if m}


def _catalogue(lang: str):
    with (ROOT / "engage" / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def test_every_string_has_a_chinese_and_an_english_translation():
    source = _source_messages()
    assert source, "no translatable strings found"
    for lang in ("zh_Hans", "en"):
        catalog = _catalogue(lang)
        missing = sorted(
            m
            for m in source
            if catalog.get(m) is None
            or not catalog.get(m).string
            or "fuzzy" in catalog.get(m).flags
        )
        assert not missing, (
            f"{lang} lacks {len(missing)}: {missing[:20]} (run scripts/catalogues.py)"
        )


def test_placeholders_survive_translation():
    catalog = _catalogue("zh_Hans")
    import re

    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        wanted = set(re.findall(r"%\(\w+\)s", message.id))
        assert wanted == set(re.findall(r"%\(\w+\)s", message.string)), message.id
