"""Admins: the accessibility statement and the site-wide privacy notice, per language, in Markdown.

A page left empty shows the built-in text, so the deployment only writes what it wants to change."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from ..access import roles_required, staff_user
from ..db import get_session
from ..forms import Form
from ..i18n import LANGUAGE_NAMES, _, _l, supported_languages
from ..markdown import render_markdown
from ..models import Role
from ..services import pages as page_service
from . import bp

PAGE_TITLES = {"accessibility": _l("Accessibility statement"), "privacy": _l("Privacy notice")}
PUBLIC_ENDPOINTS = {"accessibility": "public.accessibility", "privacy": "public.privacy"}


class SitePageForm(Form):
    body_md = TextAreaField(_l("Text"), validators=[Length(max=page_service.BODY_MAX_LENGTH)])
    save = SubmitField(_l("Save"))
    preview = SubmitField(_l("Preview"))


def _languages() -> list[str]:
    """In the order the switcher shows them: Norwegian first, then Sámi, then English."""
    return [code for code in LANGUAGE_NAMES if code in supported_languages()]


@bp.route("/pages")
@roles_required(Role.ADMIN)
def pages() -> Any:
    return render_template("admin/pages.html", keys=page_service.PAGE_KEYS, languages=_languages(),
                           titles=PAGE_TITLES, public_endpoints=PUBLIC_ENDPOINTS,
                           written=page_service.pages_by_key_and_language(get_session()))


@bp.route("/pages/<key>/<language>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_page(key: str, language: str) -> Any:
    if key not in page_service.PAGE_KEYS or language not in _languages():
        abort(404)
    session = get_session()
    page = page_service.get_page(session, key, language)
    form = SitePageForm(body_md=page.body_md if page else "")
    if form.validate_on_submit() and not form.preview.data:
        saved = page_service.save_page(session, key, language, form.body_md.data or "", actor=staff_user())
        flash(_("The page was saved.") if saved else _("The page now shows the built-in text."), "success")
        return redirect(url_for("admin.pages"))
    preview = render_markdown(form.body_md.data) if form.preview.data and not form.errors else None
    return render_template("admin/page_form.html", form=form, page=page, key=key, language=language,
                           title=PAGE_TITLES[key], language_name=LANGUAGE_NAMES[language], preview=preview)
