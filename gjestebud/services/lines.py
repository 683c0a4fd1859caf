"""The lines of a topic's submitted reports as organisers moderate them, by question."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Host, Report, ReportStatus, Suggestion, Topic


def submitted_lines(session: Session, topic: Topic) -> list[tuple[Suggestion, int]]:
    """Every line of the topic's submitted reports with its host's number, in host and line order."""
    rows = session.execute(
        select(Suggestion, Host.number)
        .join(Report, Suggestion.report_id == Report.id).join(Host, Report.host_id == Host.id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED)
        .order_by(Host.number, Suggestion.position)
    ).all()
    return [(suggestion, number) for suggestion, number in rows]
