"""One reminder per host who has not reported yet, some days before the report deadline.

The reminder cannot carry the host's secret link (only its hash is stored): it points to the kit mail and to
the municipality, which can send a new link. Each host gets at most one reminder, ever: the mark is set by a
conditional UPDATE in the same transaction as the mail, so two runs at once (cron and the organiser's button)
never both send one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from .. import mail
from ..models import Host, Report, ReportStatus, Topic, TopicStatus, User
from . import audit
from .hosts import local_today, topic_url
from .reports import reporting_open


class RemindersClosed(Exception):
    """Reporting is closed for the topic, so a reminder to report would mislead."""


def reminder_due(topic: Topic, today: date) -> bool:
    """From `reminder_days_before` days before the deadline until the deadline day itself."""
    deadline = topic.report_deadline
    return (topic.status is TopicStatus.OPEN and deadline is not None
            and deadline - timedelta(days=topic.reminder_days_before) <= today <= deadline)


def hosts_to_remind(session: Session, topic: Topic) -> list[int]:
    """Hosts still taking part who were sent the kit (so hold a link), with no submitted report and no
    reminder yet. A paper host the organiser registered has no kit mail to point to, so gets none."""
    submitted = select(Report.id).where(Report.host_id == Host.id,
                                        Report.status == ReportStatus.SUBMITTED).exists()
    return list(session.scalars(
        select(Host.id)
        .where(Host.topic_id == topic.id, Host.confirmed_at.is_not(None), Host.kit_sent_at.is_not(None),
               Host.withdrawn_at.is_(None), Host.erased_at.is_(None), Host.email.is_not(None),
               Host.reminder_sent_at.is_(None), ~submitted)
        .order_by(Host.number)
    ))


def _remind(session: Session, topic: Topic, host_ids: list[int], actor: User | str) -> int:
    sent = 0
    for host_id in host_ids:
        now = datetime.now(timezone.utc)
        claimed = cast(CursorResult[Any], session.execute(
            update(Host).where(Host.id == host_id, Host.reminder_sent_at.is_(None))
            .values(reminder_sent_at=now).execution_options(synchronize_session="fetch")
        )).rowcount
        if claimed != 1:
            session.rollback()
            continue
        host = session.get(Host, host_id)
        assert host is not None and host.email is not None
        mail.queue_mail(session, recipient=host.email, template="reminder", language=host.language,
                        kind="reminder", municipality_id=topic.municipality_id, host=host, topic=topic,
                        contact_email=topic.municipality.contact_email, topic_link=topic_url(topic))
        audit.record(session, actor, "host.reminder", host, municipality_id=topic.municipality_id)
        session.commit()
        sent += 1
    return sent


def send_due_reminders(session: Session, today: date | None = None) -> int:
    """Remind every host who is due, across all municipalities (run daily from cron); returns how many."""
    today = today or local_today()
    topics = session.scalars(
        select(Topic).where(Topic.status == TopicStatus.OPEN, Topic.report_deadline.is_not(None),
                            Topic.report_deadline >= today).order_by(Topic.id)
    ).all()
    return sum(_remind(session, topic, hosts_to_remind(session, topic), "system")
               for topic in topics if reminder_due(topic, today))


def send_reminder_now(session: Session, topic: Topic, actor: User) -> int:
    """The organiser's button: remind now, whatever the date, but still only hosts never reminded."""
    if not reporting_open(topic):
        raise RemindersClosed(topic.id)
    return _remind(session, topic, hosts_to_remind(session, topic), actor)
