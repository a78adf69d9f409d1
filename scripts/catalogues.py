"""Keep the translation catalogues complete.

python scripts/catalogues.py update            extract strings, update both catalogues,
                                               fill English from the source strings
python scripts/catalogues.py missing           list strings without a Chinese translation
python scripts/catalogues.py apply FILE.json   add translations {msgid: 中文} to zh_Hans;
                                               a plural (ngettext) is keyed by its singular
                                               msgid, a string with a context (pgettext) by
                                               "context\u0004msgid", as `missing` prints them
python scripts/catalogues.py merge OTHER.po    take zh_Hans translations from another
                                               copy of the catalogue (after a merge)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "engage" / "translations"
POT = TRANSLATIONS / "messages.pot"
BIN = Path(sys.executable).parent


def _po(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def _read(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _write(path: Path, catalog) -> None:
    with path.open("wb") as f:
        write_po(
            f,
            catalog,
            width=0,
            omit_header=False,
            sort_output=True,
            ignore_obsolete=True,
            include_previous=False,
            no_location=True,
        )


def update() -> None:
    subprocess.run(  # noqa: S603 - our own pybabel, fixed arguments
        [
            str(BIN / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "_lp:1c,2",
            "-k",
            "lazy_pgettext:1c,2",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(POT),
            "--no-location",
            "--sort-output",
            "--omit-header",
            ".",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        cwd=ROOT,
    )
    template = _read(POT)
    for lang in ("zh_Hans", "en"):
        catalog = _read(_po(lang))
        catalog.update(template, no_fuzzy_matching=True)
        if lang == "en":
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        for message in catalog:
            if message.id and "fuzzy" in message.flags:
                # A guess (e.g. a new context of a known word: "Answer" of a join
                # request is not the quiz's "Answer") is no translation: it is asked for.
                message.flags.discard("fuzzy")
                if lang == "zh_Hans":
                    plural = isinstance(message.string, tuple | list)
                    message.string = ("",) if plural else ""
        _write(_po(lang), catalog)
    missing()


def _translated(message) -> bool:
    """Every form has a translation (a plural has one string per form)."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _key(message) -> str:
    """How `missing` names a message and `apply` finds it."""
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return f"{message.context}\u0004{msgid}" if message.context else msgid


def missing() -> int:
    catalog = _read(_po("zh_Hans"))
    gaps = [_key(m) for m in catalog if m.id and not _translated(m)]
    for gap in gaps:
        print(json.dumps(gap, ensure_ascii=False))
    print(f"{len(gaps)} without a Chinese translation", file=sys.stderr)
    return len(gaps)


def apply(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalog = _read(_po("zh_Hans"))
    unknown = []
    for key, text in translations.items():
        context, _, msgid = key.rpartition("\u0004")
        message = catalog.get(msgid, context=context or None)
        if message is None:
            unknown.append(key)
            continue
        if isinstance(message.id, tuple | list):
            # Chinese has one plural form; a list gives each form in order.
            message.string = tuple(text) if isinstance(text, list) else (text,)
        else:
            message.string = text
    _write(_po("zh_Hans"), catalog)
    for msgid in unknown:
        print("not in the catalogue:", msgid, file=sys.stderr)


def merge(other: str) -> None:
    theirs = _read(Path(other))
    catalog = _read(_po("zh_Hans"))
    for message in catalog:
        if message.id and not _translated(message):
            found = theirs.get(message.id, context=message.context)
            if found is not None and _translated(found):
                message.string = found.string
                message.flags.discard("fuzzy")
    _write(_po("zh_Hans"), catalog)


def _translated(message) -> bool:
    """A message has its translation: every plural form of it, when it has plurals."""
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["update"]
    {"update": update, "missing": missing, "apply": apply, "merge": merge}[command](*args)
