"""Retention: a topic's hosts keep their personal data only until `retention_days` after the topic's last
date, and an address nobody confirmed is kept only for a few days.

The topic's last date is the latest of its report deadline, its creation, the last sign-up, the last change
to a report and the publication of its results: every topic has one, with or without a deadline, and a round
still in use never expires under its hosts. Afterwards a daily job erases the hosts' name, e-mail address and
phone number and kills their secret links. Submitted reports and their lines are public records and stay, now
anonymous ("Gjestebud 7"). The outbox forgets the address as it does when a host erases their own data.

A sign-up whose address was not confirmed within `UNCONFIRMED_SIGNUP_DAYS` (default 7) is erased the same
way and counts as withdrawn: the address may belong to someone who never asked to be a host.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Host, Report, Topic
from ..security import new_token
from . import audit
from .hosts import forget_mail_to, local_today


def retention_start(session: Session, topic: Topic) -> date:
    """The latest date the topic was in use; retention counts from here."""
    last_signup = session.scalar(select(func.max(Host.created_at)).where(Host.topic_id == topic.id))
    last_report = session.scalar(select(func.max(Report.updated_at)).where(Report.topic_id == topic.id))
    moments = [moment for moment in (topic.created_at, last_signup, last_report, topic.results_published_at)
               if moment is not None]
    days = [_day(moment) for moment in moments]
    if topic.report_deadline is not None:
        days.append(topic.report_deadline)
    return max(days)


def _day(moment: datetime) -> date:
    """SQLite hands back naive UTC values from aggregates."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).date()


def retention_expired(session: Session, topic: Topic, today: date) -> bool:
    return retention_start(session, topic) + timedelta(days=topic.retention_days) < today


def erase_expired_personal_data(session: Session, today: date | None = None) -> int:
    """Erase the personal data of every host whose topic is past its retention period, and of unconfirmed
    sign-ups older than the setting; returns how many hosts. Safe to run again: hosts already erased are
    left as they are."""
    today = today or local_today()
    erased = _erase_unconfirmed(session, today)
    for topic in session.scalars(select(Topic).order_by(Topic.id)).all():
        if not retention_expired(session, topic, today):
            continue
        hosts = session.scalars(select(Host).where(Host.topic_id == topic.id, Host.erased_at.is_(None))).all()
        if not hosts:
            continue
        for host in hosts:
            _erase(session, host)
        audit.record(session, "system", "topic.retention_erase", topic, municipality_id=topic.municipality_id,
                     hosts=len(hosts))
        session.commit()
        erased += len(hosts)
    return erased


def _erase_unconfirmed(session: Session, today: date) -> int:
    days = int(current_app.config.get("UNCONFIRMED_SIGNUP_DAYS", 7))
    cutoff = datetime.combine(today - timedelta(days=days), datetime.min.time(), timezone.utc)
    hosts = session.scalars(select(Host).where(Host.confirmed_at.is_(None), Host.erased_at.is_(None),
                                               Host.created_at < cutoff).order_by(Host.id)).all()
    for host in hosts:
        _erase(session, host)
        host.withdrawn_at = host.withdrawn_at or host.erased_at
        audit.record(session, "system", "host.unconfirmed_erase", host,
                     municipality_id=host.topic.municipality_id, days=days)
    session.commit()
    return len(hosts)


def _erase(session: Session, host: Host) -> None:
    forget_mail_to(session, host)
    host.name = host.email = host.phone = None
    host.erased_at = datetime.now(timezone.utc)
    # A hash nobody holds the secret to: the old link is dead.
    host.token_hash = new_token()[1]
    session.flush()  # the next host's check for a shared address sees this one erased
