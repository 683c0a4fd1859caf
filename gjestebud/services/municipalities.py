"""Municipalities (tenants). Each one's slug is the first part of its public addresses: /<slug>/<topic>/."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Municipality, User
from . import audit, privacy

# First path segments the app itself uses: a municipality with one of these slugs would never be reached.
RESERVED_SLUGS = frozenset({"staff", "vert", "static", "healthz", "lang", "personvern", "tilgjengelighet"})


class MunicipalitySlugTaken(Exception):
    """Another municipality got the slug first (caught at commit, after form validation)."""


def slug_in_use(session: Session, slug: str, *, exclude_id: int | None = None) -> bool:
    query = select(Municipality.id).where(Municipality.slug == slug)
    if exclude_id is not None:
        query = query.where(Municipality.id != exclude_id)
    return session.scalar(query.limit(1)) is not None


def all_municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


def create_municipality(session: Session, *, name: str, slug: str, contact_email: str | None,
                        actor: User, privacy_md: str = "") -> Municipality:
    """The municipality and its privacy notice, in one commit."""
    if slug in RESERVED_SLUGS:
        raise ValueError(slug)
    municipality = Municipality(name=name, slug=slug, contact_email=contact_email)
    session.add(municipality)
    try:
        session.flush()
        audit.record(session, actor, "municipality.create", municipality, municipality_id=municipality.id,
                     slug=slug)
        privacy.set_privacy_notice(session, municipality, privacy_md, actor=actor)
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise MunicipalitySlugTaken from exc
    return municipality


def update_municipality(session: Session, municipality: Municipality, *, name: str, slug: str,
                        contact_email: str | None, actor: User, privacy_md: str | None = None) -> None:
    """The form's changes in one commit; privacy_md None leaves the notice as it is."""
    if slug in RESERVED_SLUGS:
        raise ValueError(slug)
    new_values = (("name", name), ("slug", slug), ("contact_email", contact_email))
    changed = sorted(field for field, value in new_values if getattr(municipality, field) != value)
    municipality.name, municipality.slug, municipality.contact_email = name, slug, contact_email
    audit.record(session, actor, "municipality.update", municipality, municipality_id=municipality.id,
                 changed=changed)
    if privacy_md is not None:
        privacy.set_privacy_notice(session, municipality, privacy_md, actor=actor)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise MunicipalitySlugTaken from exc
