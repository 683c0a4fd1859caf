"""The one definition of each count a topic shows, wherever it is shown (topic and organiser pages, the
dashboard, the planners' lists, the results page, open data and mails):

- signed up: hosts who have not withdrawn. Withdrawing, erasing with the group's lines, and an unconfirmed
  sign-up expiring all count as withdrawn; a host who erased their data but left the report as an anonymous
  record still counts, as "Gjestebud N".
- confirmed: signed up, with the address confirmed (paper sign-ups are confirmed when registered).
- reported: submitted reports. A withdrawn report is not submitted, so reported ≤ confirmed ≤ signed up.
- participants: the sum of the participants of the submitted reports.
- lines: visible lines (not hidden) of submitted reports, as `suggestions.counted_lines` selects them.
- support of a measure: the groups and participants behind its visible lines, counted once per group
  (`measures.common._refresh_support`, from the same visible lines).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Host, Report, ReportStatus, Topic
from .suggestions import counted_lines


@dataclass(frozen=True)
class TopicFigures:
    signed_up: int
    confirmed: int
    reported: int
    participants: int
    lines: int


def topic_figures(session: Session, topic: Topic) -> TopicFigures:
    signed_up, confirmed = session.execute(
        select(func.count(Host.id), func.count(Host.confirmed_at))
        .where(Host.topic_id == topic.id, Host.withdrawn_at.is_(None))).one()
    reported, participants = session.execute(
        select(func.count(Report.id), func.coalesce(func.sum(Report.participants), 0))
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED)).one()
    lines = session.scalar(select(func.count()).select_from(counted_lines(topic).subquery())) or 0
    return TopicFigures(signed_up=signed_up, confirmed=confirmed, reported=reported,
                        participants=participants or 0, lines=lines)
