"""Validators every accounts form shares: plain-text names, phones, codes, emails."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length, Regexp, ValidationError

from engage.core.forms import strip_filter

_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]")
PHONE = Regexp(r"^[0-9+\-() ]{3,40}$", message=_l("Use digits, spaces and + - ( ) only."))
CODE = Regexp(
    r"^[A-Za-z0-9_-]{1,32}$", message=_l("Use letters, digits, - and _ only, at most 32.")
)


def no_markup(form, field) -> None:
    """Names and titles are plain text: refuse anything that looks like an HTML tag."""
    if field.data and _MARKUP.search(field.data):
        raise ValidationError(_l("Use plain text here, without < and > tags."))


def required():
    return DataRequired(message=_l("This field is required."))


def email_field(label=None):
    return EmailField(
        label or _l("Email"),
        filters=[strip_filter],
        validators=[required(), Length(max=254), Email(message=_l("Enter a valid email address."))],
    )
