"""Form helpers the knowledge parts share: select choices and integer coercion."""

from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from engage.core.forms import strip_filter

F = [strip_filter]


def choices(pairs) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice_values(field) -> set:
    return {c.value for c in field.choices}


def coerce_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
