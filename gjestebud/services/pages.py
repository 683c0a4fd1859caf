"""Site pages the deployment writes itself: the accessibility statement and the site-wide privacy notice.

A page that has not been written for a language falls back to the built-in text in the templates."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SitePage, User
from . import audit

PAGE_KEYS = ("accessibility", "privacy")
BODY_MAX_LENGTH = 50_000


def get_page(session: Session, key: str, language: str) -> SitePage | None:
    return session.scalar(select(SitePage).where(SitePage.key == key, SitePage.language == language))


def pages_by_key_and_language(session: Session) -> dict[tuple[str, str], SitePage]:
    return {(page.key, page.language): page for page in session.scalars(select(SitePage))}


def save_page(session: Session, key: str, language: str, body_md: str, *, actor: User) -> SitePage | None:
    """An empty body deletes the page, so the built-in text shows again."""
    page = get_page(session, key, language)
    body_md = body_md.strip()
    if not body_md:
        if page is not None:
            audit.record(session, actor, "site_page.reset", page, municipality_id=None, key=key,
                         language=language)
            session.delete(page)
            session.commit()
        return None
    if page is None:
        page = SitePage(key=key, language=language)
        session.add(page)
    page.body_md = body_md
    page.updated_by_id = actor.id
    audit.record(session, actor, "site_page.save", page, municipality_id=None, key=key, language=language)
    session.commit()
    return page
