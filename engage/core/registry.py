"""Where domains add themselves to the shared pages: the navbar, the admin menu,
the user menu and the home page. Each domain registers its entries from its own
package at import time; templates draw them with `nav_entries(section)`.

Sections: "navbar" (top-level links; entries with a `group` become one dropdown),
"admin" (the administration menu), "user" (the account menu), "home.actions"
(big buttons on the home page), "home.sections" (templates included on the home page;
an entry's `context` gives its template the reader's figures as `section`),
"point.links" (buttons on a point's page, the page its QR code opens: `url_values`
receives the user and `point=`).

Questions (`answer` / `ask`): figures one domain computes for another's page, by name,
so the page's domain imports nothing of the one that answers and shows nothing when
that domain is not installed. "inspections.commonly_failed": `(limit)` -> a list of
CommonlyFailed, the inspection items most often found failed across the park (the
knowledge home shows them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for
from flask_login import current_user

from engage.core.i18n import current_language

SECTIONS = ("navbar", "admin", "user", "home.actions", "home.sections", "point.links")
QUESTIONS = ("inspections.commonly_failed",)


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class Entry:
    section: str
    key: str
    label: Any = None  # a lazy string
    endpoint: str | None = None
    visible: Callable[[Any], bool] = _always
    order: int = 100
    group: Any = None  # navbar: the dropdown this entry belongs to (a lazy string)
    url_values: Callable[..., dict] | None = None
    template: str | None = None  # home.sections: the template to include
    style: str = ""  # home.actions: a button style ("danger", "outline-primary")
    active_prefix: str | None = None  # navbar: endpoints starting with this mark it active
    # home.sections: what the section's template needs, computed for the reader as `section`
    context: Callable[[Any], dict] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The label in the reader's language (label_text)."""
        return label_text(self.label)

    def context_for(self, user) -> dict:
        return self.context(user) if self.context else {}

    def url(self, user, **context) -> str:
        assert self.endpoint is not None  # only entries with an endpoint are links
        values = self.url_values(user, **context) if self.url_values else {}
        return url_for(self.endpoint, **values)

    def is_active(self) -> bool:
        endpoint = request.endpoint or ""
        prefix = self.active_prefix or self.endpoint or ""
        return bool(prefix) and endpoint.startswith(prefix)


# A label in each language, worked out once per process: (id, language) -> (label, text).
# The label itself is kept to check the id still names it (a replaced entry's may not).
_LABELS: dict[tuple[int, str], tuple[Any, str]] = {}


def label_text(label, language: str | None = None) -> str:
    """A registered label (a lazy string, or a plain one) in the reader's language
    (`language`: current_language(), when the caller has it already)."""
    if label is None or isinstance(label, str):
        return label or ""
    key = (id(label), language or current_language())
    kept = _LABELS.get(key)
    if kept is None or kept[0] is not label:
        kept = _LABELS[key] = (label, str(label))
    return kept[1]


_ENTRIES: dict[tuple[str, str], Entry] = {}
_ORDERED: dict[str, list[Entry]] = {}  # each section's entries in order, made again on register


def register(
    section: str,
    label=None,
    endpoint: str | None = None,
    *,
    visible: Callable[[Any], bool] | None = None,
    order: int = 100,
    group=None,
    url_values: Callable[..., dict] | None = None,
    template: str | None = None,
    style: str = "",
    active_prefix: str | None = None,
    key: str | None = None,
    context: Callable[[Any], dict] | None = None,
) -> Entry:
    """Add an entry to `section`. Registering the same key again replaces it, so
    importing a module twice (tests build several apps) adds nothing twice."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    if endpoint is None and template is None:
        raise ValueError("an entry needs an endpoint or a template")
    entry = Entry(
        section=section,
        key=key or endpoint or template or "",
        label=label,
        endpoint=endpoint,
        visible=visible or _always,
        order=order,
        group=group,
        url_values=url_values,
        template=template,
        style=style,
        active_prefix=active_prefix,
        context=context,
    )
    _ENTRIES[(section, entry.key)] = entry
    _ORDERED.clear()
    return entry


def _ordered(section: str) -> list[Entry]:
    found = _ORDERED.get(section)
    if found is None:
        found = sorted(
            (e for (s, _k), e in list(_ENTRIES.items()) if s == section),
            key=lambda e: (e.order, e.key),
        )
        _ORDERED[section] = found
    return found


def _person(user):
    """The signed-in user itself, not the proxy: each visible() reads several attributes."""
    user = current_user if user is None else user
    real = getattr(user, "_get_current_object", None)
    return real() if real is not None else user


def entries(section: str, user=None) -> list[Entry]:
    """The entries of `section` that `user` (default: the current user) may see, in order,
    leaving out those whose endpoint this app does not have."""
    from flask import current_app

    user = _person(user)
    known = current_app.view_functions
    return [
        e
        for e in _ordered(section)
        if (e.endpoint is None or e.endpoint in known) and e.visible(user)
    ]


def navbar(user=None, language: str | None = None) -> list[tuple[Any, Entry | list[Entry]]]:
    """The navbar as (label, entry) for links and (group label, [entries]) for dropdowns,
    in the order of each item's first entry."""
    items: list[tuple[Any, Entry | list[Entry]]] = []
    groups: dict[str, list[Entry]] = {}
    language = language or current_language()
    for entry in entries("navbar", user):
        if entry.group is None:
            items.append((entry.label, entry))
            continue
        key = label_text(entry.group, language)
        if key not in groups:
            groups[key] = []
            items.append((entry.group, groups[key]))
        groups[key].append(entry)
    return items


@dataclass(frozen=True)
class NavLink:
    """A navbar link as drawn: its label in the reader's language, address, whether current."""

    label: str
    href: str
    active: bool


@dataclass(frozen=True)
class NavMenu:
    """A navbar dropdown as drawn: its label, its links, whether one of them is current."""

    label: str
    links: list[NavLink]
    active: bool


def drawn_navbar(user=None) -> list[NavLink | NavMenu]:
    """navbar() with every label, address and active mark worked out once for this
    request, so the template only writes them out."""
    user = _person(user)
    endpoint = request.endpoint or ""
    language = current_language()

    def link(entry: Entry, label) -> NavLink:
        prefix = entry.active_prefix or entry.endpoint or ""
        active = bool(prefix) and endpoint.startswith(prefix)
        return NavLink(label_text(label, language), entry.url(user), active)

    drawn: list[NavLink | NavMenu] = []
    for label, item in navbar(user, language):
        if isinstance(item, Entry):
            drawn.append(link(item, label))
        else:
            links = [link(e, e.label) for e in item]
            drawn.append(NavMenu(label_text(label, language), links, any(x.active for x in links)))
    return drawn


@dataclass(frozen=True)
class CommonlyFailed:
    """One inspection item and how often it was found failed: its code, its requirement
    in both languages, its category's name (a lazy string) and its knowledge link."""

    code: str
    requirement: str
    requirement_en: str
    category: Any
    failed: int
    article_url: str = ""

    def text_in(self, language: str) -> str:
        return (
            self.requirement_en
            if language.startswith("en") and self.requirement_en
            else self.requirement
        )


_ANSWERS: dict[str, Callable[..., Any]] = {}


def answer(question: str, fn: Callable[..., Any]) -> None:
    """Let the registering domain answer `question` (one of QUESTIONS)."""
    if question not in QUESTIONS:
        raise ValueError(f"unknown question {question!r}")
    _ANSWERS[question] = fn


def ask(question: str, *args: Any, **kwargs: Any) -> Any:
    """The answer to `question`, or None when no installed domain answers it."""
    from flask import current_app

    fn = _ANSWERS.get(question)
    if fn is None:
        return None
    owner = (getattr(fn, "__module__", "") or "").split(".")
    domains = current_app.extensions.get("engage_domains")
    if len(owner) > 1 and domains is not None and owner[1] not in domains:
        return None
    return fn(*args, **kwargs)
