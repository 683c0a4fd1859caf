"""Read models over submitted reports: what planners read, and what the consolidation engine is fed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Host, Question, Report, ReportStatus, Suggestion, Topic


@dataclass(frozen=True)
class Line:
    """One suggestion as planners see it: the group is a number and an area, never a name."""

    id: int
    text: str
    question_id: int
    gathering: int
    area: str | None
    participants: int | None
    language: str


@dataclass(frozen=True)
class TopicCounts:
    reports: int
    participants: int
    suggestions: int


def counted_lines(topic: Topic):  # type: ignore[no-untyped-def]
    """The statement behind every planner view: visible lines of submitted reports."""
    return (
        select(Suggestion.id, Suggestion.text, Suggestion.question_id, Host.number, Host.area,
               Report.participants, Host.language)
        .join(Report, Suggestion.report_id == Report.id)
        .join(Host, Report.host_id == Host.id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED,
               Suggestion.hidden.is_(False))
    )


def submitted_lines(session: Session, topic: Topic) -> list[Line]:
    rows = session.execute(counted_lines(topic).order_by(Suggestion.question_id, Host.number,
                                                         Suggestion.position))
    return [Line(*row) for row in rows]


def topic_counts(session: Session, topic: Topic) -> TopicCounts:
    """The report figures as `services.counts` defines them (imported here: it builds on this module)."""
    from .counts import topic_figures

    figures = topic_figures(session, topic)
    return TopicCounts(reports=figures.reported, participants=figures.participants, suggestions=figures.lines)


def lines_by_question(session: Session, topic: Topic) -> list[tuple[Question, list[Line]]]:
    lines = submitted_lines(session, topic)
    return [(question, [line for line in lines if line.question_id == question.id])
            for question in topic.questions]
