"""Language and timezone per request: the user's setting, else the session, else the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flask_babel
from babel.support import NullTranslations
from flask import current_app, has_request_context, request, session
from flask.globals import _cv_app
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import String, func
from sqlalchemy.sql.elements import Label

LANGUAGE_NAMES = {"zh_Hans": "简体中文", "en": "English"}


def languages() -> list[str]:
    return current_app.config["ENGAGE_LANGUAGES"]


def normalise(code: str | None) -> str | None:
    """Map 'zh', 'zh-CN', 'zh_Hans' to zh_Hans and 'en-GB' to en; None for others."""
    if not code:
        return None
    code = code.replace("-", "_").lower()
    if code.startswith("zh"):
        return "zh_Hans"
    if code.startswith("en"):
        return "en"
    return None


def select_locale() -> str:
    """The user's setting, else the language chosen this session, else the browser's."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages():
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages():
        return chosen
    best = request.accept_languages.best_match(["zh-Hans", "zh-CN", "zh", "en"])
    return normalise(best) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """The user's timezone when it is a real one, else the park's."""
    from engage.core.timeutil import is_valid_timezone

    if (
        has_request_context()
        and getattr(current_user, "is_authenticated", False)
        and current_user.timezone
        and is_valid_timezone(current_user.timezone)
    ):
        return current_user.timezone
    return current_app.config["ENGAGE_TIMEZONE"]


def current_language() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "zh_Hans"


class LocalName:
    """For models with a Chinese `name` and an optional English `name_en`: companies,
    departments, functional areas, knowledge categories."""

    if TYPE_CHECKING:
        name: str
        name_en: str | None

    def display_name(self, locale: str | None = None) -> str:
        """The stored English name for an English reader (the current one by default),
        falling back to the Chinese name when no English one is stored."""
        locale = locale or current_language()
        return self.name_en if locale == "en" and self.name_en else self.name


def local_name(obj) -> str:
    """Template filter `local_name`: the object's name in the reader's language."""
    if obj is None:
        return ""
    return obj.display_name() if isinstance(obj, LocalName) else str(obj.name)


def local_name_column(model) -> Label[str]:
    """The SQL twin of `display_name` for queries that select columns, not rows:
    name_en for an English reader when one is stored, else name (labelled `name`)."""
    if current_language() == "en":
        return func.coalesce(func.nullif(model.name_en, ""), model.name, type_=String).label("name")
    return model.name.label("name")


# -- translations, looked up once per request -------------------------------------------
#
# Flask-Babel finds the request's catalogue on every string: the context, the
# domain, the locale turned into its name, a dictionary lookup. A page with a list
# of 20 rows says a few hundred strings, so that was a good part of its time. The
# catalogue found first is kept beside Flask-Babel's own locale and domain on the
# same context, and used again while both are the same objects: refresh() and
# force_locale() replace the locale, so a changed language is never missed.

_NULL = NullTranslations()


def translations() -> NullTranslations:
    """The request's catalogue (Flask-Babel's get_translations(), found once)."""
    app_ctx = _cv_app.get(None)
    if app_ctx is None:
        return _NULL
    ns = app_ctx.g.__dict__.get("_flask_babel")
    if ns is not None:
        kept = ns.__dict__.get("engage_translations")
        if (
            kept is not None
            and kept[0] is ns.__dict__.get("babel_locale")
            and kept[1] is ns.__dict__.get("babel_domain")
        ):
            return kept[2]
    # Flask-Babel's own lookup (not the domain's override, which comes here).
    found = flask_babel.Domain.get_translations(flask_babel.get_domain())
    ns = app_ctx.g.__dict__.get("_flask_babel")
    if ns is not None:
        ns.engage_translations = (
            ns.__dict__.get("babel_locale"),
            ns.__dict__.get("babel_domain"),
            found,
        )
    return found


class RequestDomain(flask_babel.Domain):
    """Flask-Babel's domain, with the catalogue found once per request (lazy strings,
    `_()` in Python)."""

    def get_translations(self):  # type: ignore[no-untyped-def]
        if self is not _default_domain():
            return super().get_translations()
        return translations()


def _default_domain() -> flask_babel.Domain:
    return flask_babel.get_babel().instance.domain_instance


def install_jinja_callables(env) -> None:  # type: ignore[no-untyped-def]
    """Templates' _(), ngettext(), pgettext() through the once-per-request catalogue."""
    env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
