"""A resident's life as a host: sign up, confirm the e-mail address, receive the kit, withdraw, erase.

The personal link's secret is never stored: only its keyed hash. So every mail that carries the link is sent
while the secret is at hand: right after it is made (sign-up, resend) or taken from the request URL (confirm).
"""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .. import mail
from ..content import localized
from ..i18n import _, force_locale, format_date
from ..markdown import plain_text
from ..models import Host, HostLink, OutboxMail, ReportStatus, Topic, TopicStatus, User
from ..security import new_token, plausible_token, token_hashes
from . import audit


def local_today() -> date:
    """Deadlines are calendar dates where the municipality is, not in UTC."""
    return datetime.now(ZoneInfo(current_app.config.get("TIMEZONE", "Europe/Oslo"))).date()


def signup_open(topic: Topic, today: date | None = None) -> bool:
    today = today or local_today()
    deadline = topic.signup_deadline
    return topic.status is TopicStatus.OPEN and (deadline is None or today <= deadline)


def host_for_token(session: Session, token: str) -> Host | None:
    """The host a personal link belongs to; None for malformed, unknown or erased links, and for links to an
    archived topic: once a round is archived, its links stop working."""
    if not plausible_token(token):
        return None
    live = (Host.erased_at.is_(None), Topic.status != TopicStatus.ARCHIVED)
    found = session.scalar(select(Host).join(Topic).where(Host.token_hash.in_(token_hashes(token)), *live))
    if found is None:  # a further link the host asked for when the first was lost (services/lost_link.py)
        found = session.scalar(select(Host).join(Topic).join(HostLink, HostLink.host_id == Host.id)
                               .where(HostLink.token_hash.in_(token_hashes(token)), *live))
    return found


def personal_link(token: str, page: str = "") -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/vert/{token}/{page}"


def next_host_number(session: Session, topic: Topic) -> int:
    """Groups are "Gjestebud 1, 2, 3" per topic, in order of sign-up. Writing the topic's row first holds
    its lock (a row lock on PostgreSQL, the write lock on SQLite) until the caller commits, so two sign-ups
    at the same moment take their numbers one after the other instead of the same one."""
    session.execute(update(Topic).where(Topic.id == topic.id).values(updated_at=Topic.updated_at))
    highest = session.scalar(select(func.max(Host.number)).where(Host.topic_id == topic.id))
    return (highest or 0) + 1


def sign_up(session: Session, topic: Topic, *, name: str, email: str, phone: str | None, area: str | None,
            planned_date: date | None, expected_guests: int | None, language: str) -> Host:
    """Register a host and mail a confirmation link. The same address again makes no new row, and the page
    shown afterwards never tells whether an address had signed up before. An unconfirmed host gets a fresh
    confirmation link; a confirmed host keeps the link (anyone who knows the address could otherwise kill
    it) and is told by mail that someone tried to sign them up again."""
    email = email.strip().lower()
    host = _register_or_renew(session, topic, name=name, email=email, phone=phone, area=area,
                              planned_date=planned_date, expected_guests=expected_guests, language=language)
    session.commit()
    return host


def _register_or_renew(session: Session, topic: Topic, *, name: str, email: str, phone: str | None,
                       area: str | None, planned_date: date | None, expected_guests: int | None,
                       language: str) -> Host:
    token, token_hash = new_token()
    host = session.scalar(select(Host).where(Host.topic_id == topic.id, Host.email == email,
                                             Host.withdrawn_at.is_(None), Host.erased_at.is_(None)))
    if host is not None and host.confirmed_at is not None:
        audit.record(session, "host", "host.signup_repeated", host, municipality_id=topic.municipality_id,
                     link_kept=True)
        _queue(session, host, "signup_repeated")
        return host
    if host is not None:
        host.token_hash = token_hash
        audit.record(session, "host", "host.signup_repeated", host, municipality_id=topic.municipality_id)
    else:
        host = Host(topic_id=topic.id, number=next_host_number(session, topic), name=name.strip(),
                    email=email, phone=(phone or "").strip() or None, area=area or None,
                    planned_date=planned_date, expected_guests=expected_guests, language=language,
                    consent_at=datetime.now(timezone.utc), token_hash=token_hash)
        session.add(host)
        audit.record(session, "host", "host.signup", host, municipality_id=topic.municipality_id)
    _queue(session, host, "confirm", link=personal_link(token, "bekreft"))
    return host


def confirm(session: Session, host: Host, token: str) -> None:
    """The address is proven: mark it, and send the kit with the personal link from the request."""
    if host.confirmed_at is not None:
        return
    host.confirmed_at = datetime.now(timezone.utc)
    audit.record(session, "host", "host.confirm", host, municipality_id=host.topic.municipality_id)
    _send_kit(session, host, token)
    session.commit()


def resend_kit(session: Session, host: Host, *, actor: User | str) -> None:
    """A new link (the old one stops working, since only its hash was kept) and the kit again."""
    if host.email is None or host.erased_at is not None:
        raise ValueError("this host has no e-mail address")
    token, host.token_hash = new_token()
    audit.record(session, actor, "host.resend_kit", host, municipality_id=host.topic.municipality_id)
    _send_kit(session, host, token)
    session.commit()


def withdraw(session: Session, host: Host) -> None:
    """The host steps back: the group's report no longer counts anywhere (its lines leave the measures'
    support, no results mail). The personal data and the link stay, so the host may submit the report again
    while reporting is open (`reports.save_report` then ends the withdrawal)."""
    if host.withdrawn_at is not None:
        return
    host.withdrawn_at = datetime.now(timezone.utc)
    if host.report is not None:
        with _changing_lines_of(session, host):
            host.report.status = ReportStatus.WITHDRAWN
    audit.record(session, "host", "host.withdraw", host, municipality_id=host.topic.municipality_id)
    # Tells the real host at once if someone else got hold of the link.
    _queue(session, host, "withdrawn")
    session.commit()


def erase(session: Session, host: Host, *, remove_suggestions: bool) -> None:
    """Delete the host's name, e-mail address and phone number and kill the link, so no mail (the results
    mail included) can come. The group's lines are deleted and the host counts as withdrawn, unless the host
    chose to leave a submitted report: then it stays and counts as the anonymous record of "Gjestebud N"."""
    now = datetime.now(timezone.utc)
    forget_mail_to(session, host)
    host.name = host.email = host.phone = None
    host.erased_at = now
    # Nobody holds a secret that hashes to this: the link is dead.
    host.token_hash = "erased-" + secrets.token_hex(28)
    report = host.report
    if report is not None and (remove_suggestions or report.status is not ReportStatus.SUBMITTED):
        with _changing_lines_of(session, host):
            report.status = ReportStatus.WITHDRAWN
            session.flush()
        # The measures were recounted and retitled while the lines still existed; now they go.
        report.suggestions.clear()
        from .reports import forget_hosts_versions  # the reports import this module

        forget_hosts_versions(session, report)
    if report is None or report.status is not ReportStatus.SUBMITTED:
        host.withdrawn_at = host.withdrawn_at or now
    audit.record(session, "host", "host.erase", host, municipality_id=host.topic.municipality_id,
                 suggestions_removed=bool(report is not None and report.status is ReportStatus.WITHDRAWN))
    session.commit()


def _changing_lines_of(session: Session, host: Host) -> AbstractContextManager[None]:
    """The measures follow the host's lines (imported here: the measures import this module)."""
    from .measures import changing_lines

    report = host.report
    line_ids = [line.id for line in report.suggestions] if report is not None else []
    return changing_lines(session, host.topic, line_ids, "host")


ERASED_RECIPIENT = "(erased)"


def forget_mail_to(session: Session, host: Host) -> None:
    """The outbox would otherwise keep the address (and, before delivery, the secret link): unsent mail to
    it is dropped and sent mail loses its address, unless another active host of the municipality uses it."""
    if host.email is None:
        return
    shared = session.scalar(select(func.count()).select_from(Host).join(Topic).where(
        Host.email == host.email, Host.id != host.id, Host.erased_at.is_(None),
        Topic.municipality_id == host.topic.municipality_id))
    if shared:
        return
    to_host = (OutboxMail.recipient == host.email, OutboxMail.municipality_id == host.topic.municipality_id)
    session.execute(delete(OutboxMail).where(*to_host, OutboxMail.sent_at.is_(None)))
    session.execute(update(OutboxMail).where(*to_host).values(recipient=ERASED_RECIPIENT, body=None))


def invitation_text(host: Host) -> str:
    """A ready text the host can copy into a message to the guests."""
    topic = host.topic
    when = _("on %(date)s", date=format_date(host.planned_date)) if host.planned_date else _("soon")
    return _("Welcome to a gjestebud at my place %(when)s! %(municipality)s wants to hear what we think "
             "about “%(topic)s”. We will talk for about two hours and I will send in our suggestions. "
             "Nobody's name is written down. Read more: %(link)s",
             when=when, municipality=topic.municipality.name, topic=localized(topic, "title"),
             link=topic_url(topic))


def topic_url(topic: Topic) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/{topic.municipality.slug}/{topic.slug}/"


def _send_kit(session: Session, host: Host, token: str) -> None:
    host.kit_sent_at = datetime.now(timezone.utc)
    _queue(session, host, "kit", link=personal_link(token), sheet_link=personal_link(token, "skjema"),
           guide=plain_text(localized(host.topic, "guide_md", host.language)))


def _queue(session: Session, host: Host, template: str, **context: object) -> None:
    if host.email is None:
        return
    with force_locale(host.language):
        invitation = invitation_text(host)
    mail.queue_mail(session, recipient=host.email, template=template, language=host.language, kind=template,
                    municipality_id=host.topic.municipality_id, host=host, topic=host.topic,
                    invitation=invitation, **context)


