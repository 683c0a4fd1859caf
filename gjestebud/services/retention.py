"""Retention: a topic's hosts keep their personal data only until `retention_days` after its report deadline.

Afterwards a daily job erases the hosts' name, e-mail address and phone number and kills their secret links.
Submitted reports and their lines are public records and stay, now anonymous ("Gjestebud 7"). The outbox
forgets the address as it does when a host erases their own data.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Host, Topic
from ..security import new_token
from . import audit
from .hosts import forget_mail_to, local_today


def retention_expired(topic: Topic, today: date) -> bool:
    deadline = topic.report_deadline
    return deadline is not None and deadline + timedelta(days=topic.retention_days) < today


def erase_expired_personal_data(session: Session, today: date | None = None) -> int:
    """Erase the personal data of every host whose topic is past its retention period; returns how many hosts.
    Safe to run again: hosts already erased are left as they are."""
    today = today or local_today()
    topics = session.scalars(select(Topic).where(Topic.report_deadline.is_not(None)).order_by(Topic.id)).all()
    now = datetime.now(timezone.utc)
    erased = 0
    for topic in topics:
        if not retention_expired(topic, today):
            continue
        hosts = session.scalars(select(Host).where(Host.topic_id == topic.id, Host.erased_at.is_(None))).all()
        if not hosts:
            continue
        for host in hosts:
            forget_mail_to(session, host)
            host.name = host.email = host.phone = None
            host.erased_at = now
            # A hash nobody holds the secret to: the old link is dead.
            host.token_hash = new_token()[1]
            session.flush()  # the next host's check for a shared address sees this one erased
        audit.record(session, "system", "topic.retention_erase", topic, municipality_id=topic.municipality_id,
                     hosts=len(hosts))
        session.commit()
        erased += len(hosts)
    return erased

