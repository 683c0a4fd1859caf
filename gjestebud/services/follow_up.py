"""Following a measure up after the decision: its progress timeline of dated milestones.

Only proposal measures carry a timeline (like status and answer). Every change to a timeline once the
results are out puts the measure in the hosts' next digest (`results.note_measure_changed`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Measure, MeasureMilestone, Topic, User
from . import audit
from .results import note_measure_changed

MAX_TEXT = 300
MAX_UNIT = 120


class MilestoneError(ValueError):
    """A milestone that cannot be saved; the message is written for staff."""


def _clean(text: str, unit: str, percent: int | None) -> tuple[str, str, int | None]:
    text, unit = (text or "").strip()[:MAX_TEXT], (unit or "").strip()[:MAX_UNIT]
    if not text:
        raise MilestoneError("text")
    if percent is not None and not 0 <= percent <= 100:
        raise MilestoneError("percent")
    return text, unit, percent


def add_milestone(session: Session, topic: Topic, measure: Measure, *, on: date, text: str,
                  percent: int | None, unit: str, actor: User | str) -> MeasureMilestone:
    text, unit, percent = _clean(text, unit, percent)
    milestone = MeasureMilestone(measure=measure, on=on, text=text, percent=percent, unit=unit)
    session.add(milestone)
    note_measure_changed(session, measure)
    audit.record(session, actor, "measure.milestone.add", measure, municipality_id=topic.municipality_id,
                 on=on.isoformat(), percent=percent)
    session.commit()
    return milestone


def delete_milestone(session: Session, topic: Topic, milestone: MeasureMilestone, actor: User) -> None:
    measure = milestone.measure
    session.delete(milestone)
    note_measure_changed(session, measure)
    audit.record(session, actor, "measure.milestone.delete", measure, municipality_id=topic.municipality_id,
                 milestone=milestone.id)
    session.commit()


def milestone_in(session: Session, topic: Topic, measure: Measure,
                 milestone_id: int) -> MeasureMilestone | None:
    """The milestone, only if it belongs to this measure of this topic."""
    return session.scalar(select(MeasureMilestone).join(Measure).where(
        MeasureMilestone.id == milestone_id, MeasureMilestone.measure_id == measure.id,
        Measure.topic_id == topic.id))
