"""Form helpers shared by every domain: clean text, stale-edit check."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from engage.core.errors import StaleVersion

# Characters that change how text reads without showing: bidi overrides and
# isolates. Kept out of names and titles so nobody can disguise one as another.
_BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
         "\u200e", "\u200f"}


def clean_text(value: str | None) -> str | None:
    """Strip NUL and other control characters (but newlines and tabs) and bidi controls."""
    if value is None:
        return None
    return "".join(
        ch for ch in value
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    ).strip()


def strip_filter(value):
    return clean_text(value) if isinstance(value, str) else value


class StaleEdit(StaleVersion):
    """Someone else saved the record after this form was loaded (`current` is it)."""

    def __init__(self, current) -> None:
        super().__init__(_l("Someone else saved this while you were editing; look at it "
                            "again and make your change."), current=current)


def check_version(obj, submitted) -> None:
    """Raise StaleEdit when the form's version is not the record's."""
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        version = -1
    if version != obj.version:
        raise StaleEdit(obj)


class VersionField(HiddenField):
    """The record version a form was loaded with."""


def no_control_chars(form, field) -> None:
    if field.data and any(unicodedata.category(ch) == "Cc" and ch not in "\n\t"
                          for ch in field.data):
        raise ValidationError(_l("Remove the control characters from this field."))
