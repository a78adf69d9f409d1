"""Form helpers shared by every domain: clean text, stale-edit check, dates in range."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from engage.core.errors import StaleVersion

# Dates people enter (due dates, event days, validity): a range no real plan leaves,
# and one every time zone can show (9999-12-31 has no local time east of UTC).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Characters that change how text reads without showing: bidi overrides and
# isolates. Kept out of names and titles so nobody can disguise one as another.
_BIDI = {
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
}


def clean_text(value: str | None) -> str | None:
    """Strip NUL and other control characters (but newlines and tabs) and bidi controls."""
    if value is None:
        return None
    return "".join(
        ch for ch in value if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    ).strip()


def strip_filter(value):
    return clean_text(value) if isinstance(value, str) else value


class StaleEdit(StaleVersion):
    """Someone else saved the record after this form was loaded (`current` is it)."""

    def __init__(self, current) -> None:
        super().__init__(
            _l(
                "Someone else saved this while you were editing; look at it "
                "again and make your change."
            ),
            current=current,
        )


def check_version(obj, submitted) -> None:
    """Raise StaleEdit when the form's version is not the record's, or is missing: a form
    that does not say which version it edits is never taken as the current one."""
    try:
        version = int(submitted)
    except (TypeError, ValueError):
        version = -1
    if version != obj.version:
        raise StaleEdit(obj)


class VersionField(HiddenField):
    """The record version a form was loaded with. A form submitted without the field at
    all carries "" (not None, which services read as "no form, no check"), so
    check_version refuses it as stale instead of taking it as current."""

    def process_formdata(self, valuelist) -> None:
        self.data = valuelist[0] if valuelist else ""


class BoundedDate:
    """Validator: a date (or date and time) between `earliest` and `latest`; the message
    names the range."""

    def __init__(self, earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE) -> None:
        self.earliest = earliest
        self.latest = latest

    def __call__(self, form, field) -> None:
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not self.earliest <= day <= self.latest:
            raise ValidationError(
                _(
                    "Enter a date from %(earliest)s to %(latest)s.",
                    earliest=format_date(self.earliest, "medium"),
                    latest=format_date(self.latest, "medium"),
                )
            )


def bounded_date(earliest: date = EARLIEST_DATE, latest: date = LATEST_DATE) -> BoundedDate:
    """The validator every date field carries: `validators=[Optional(), bounded_date()]`."""
    return BoundedDate(earliest, latest)


def no_control_chars(form, field) -> None:
    if field.data and any(
        unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in field.data
    ):
        raise ValidationError(_l("Remove the control characters from this field."))
