"""Topic content in the reader's language: an organiser may translate a topic's title, intro and guide and
each question; readers get their language where it exists and the original otherwise, marked with its
language so screen readers pronounce it right."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from .i18n import get_locale


class LocalizedText(str):
    """A string that knows its language (for the `lang` attribute)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> LocalizedText:
        instance = super().__new__(cls, text)
        instance.lang = lang
        return instance


def localized(obj: Any, field: str, language: str | None = None) -> LocalizedText:
    """`obj.translations[language][field]` when filled in, else the original `obj.<field>`."""
    language = language or get_locale()
    translated = (getattr(obj, "translations", None) or {}).get(language, {}).get(field, "")
    if translated.strip():
        return LocalizedText(translated, language)
    return LocalizedText(getattr(obj, field) or "", current_app.config["DEFAULT_LANGUAGE"])


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localized"] = localized
