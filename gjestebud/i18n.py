"""Translations with Babel: locale choice, gettext for Python and Jinja, and WTForms' own messages.

The locale is the visitor's explicit choice (kept in the session), else the browser's Accept-Language,
else the deployment default (Bokmål). Mails use the recipient's language through `force_locale`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.support import LazyProxy, NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, request, session
from wtforms.i18n import get_translations as wtforms_translations

from .catalogues import CATALOGUE_DIR

# The compiled catalogues the app reads: inside the package, so an installed site has them too.
TRANSLATIONS_DIR = CATALOGUE_DIR

# Names shown in the language switcher, each in its own language.
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "se": "Davvisámegiella", "en": "English"}


@lru_cache(maxsize=None)
def _catalogue(locale: str) -> NullTranslations:
    """Compiled by `make translations` / `flask translate compile` in a checkout, by the build in a wheel."""
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain="messages")


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The visitor's choice, then Accept-Language, then the default."""
    languages = supported_languages()
    if has_request_context():
        chosen = session.get("lang")
        if chosen in languages:
            return chosen
        # "no" is what many browsers send for Norwegian: read it as Bokmål.
        best = request.accept_languages.best_match(list(languages) + ["no", "nb-NO", "nn-NO", "se-NO"])
        if best:
            best = {"no": "nb"}.get(best, best.split("-")[0])
            if best in languages:
                return best
    return current_app.config["DEFAULT_LANGUAGE"]


def get_locale() -> str:
    forced = g.get("forced_locale")
    if forced:
        return forced
    if "locale" not in g:
        g.locale = select_locale()
    return g.locale


@contextmanager
def force_locale(locale: str | None) -> Iterator[None]:
    """Render (a mail, say) in another language than the current visitor's."""
    previous = g.get("forced_locale")
    g.forced_locale = locale if locale in supported_languages() else current_app.config["DEFAULT_LANGUAGE"]
    try:
        yield
    finally:
        g.forced_locale = previous


def _translations() -> NullTranslations:
    return _catalogue(get_locale())


def gettext(message: str, **variables: Any) -> str:
    text = _translations().ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _translations().ungettext(singular, plural, num) % variables


def _template_ngettext(singular: str, plural: str, num: int) -> str:
    """For Jinja, whose newstyle wrapper fills in `num` and the other variables itself."""
    return _translations().ungettext(singular, plural, num)


def lazy_gettext(message: str, **variables: Any) -> LazyProxy:
    """For texts defined at import time (form labels): translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


_ = gettext
_l = lazy_gettext


def format_date(value: date | None, format: str = "long") -> str:
    if value is None:
        return ""
    return _babel_format_date(value, format=format, locale=_babel_locale())


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return _babel_format_datetime(value, format=format, locale=_babel_locale(),
                                  tzinfo=current_app.config.get("TIMEZONE", "Europe/Oslo"))


def _babel_locale() -> Locale:
    return Locale.parse(get_locale())


class WTFormsTranslations:
    """WTForms' built-in messages ("Not a valid date") in the visitor's language."""

    def gettext(self, string: str) -> str:
        return self._wtforms().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._wtforms().ngettext(singular, plural, n)

    @staticmethod
    def _wtforms() -> Any:
        # WTForms ships Bokmål only; Nynorsk and Sámi readers get Bokmål rather than English.
        locale = get_locale()
        return wtforms_translations([locale, "nb"] if locale != "en" else ["en"])


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, _template_ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime

    @app.context_processor
    def _language_context() -> dict[str, Any]:
        return {"current_locale": get_locale(), "language_names": LANGUAGE_NAMES,
                "languages": supported_languages()}
