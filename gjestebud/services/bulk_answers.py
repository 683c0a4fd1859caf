"""Bulk work for planners: one status and answer for several measures at once, and the municipality's answer
templates to start such an answer from.

Each measure is decided through `measures.set_decision`, so every one is its own undoable correction and
puts the measure in the hosts' next digest, exactly as when decided one by one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AnswerTemplate, Measure, MeasureStatus, Topic, User
from . import audit
from .measures import MeasureError, set_decision

MAX_TITLE = 120


def decide_many(session: Session, topic: Topic, measure_ids: Iterable[int], status: MeasureStatus,
                answer_md: str, actor: User) -> list[Measure]:
    """The same status and answer on every chosen measure of this topic; ids of other topics are refused."""
    ids = sorted(set(measure_ids))
    measures = session.scalars(select(Measure).where(Measure.topic_id == topic.id, Measure.id.in_(ids))
                               .order_by(Measure.id)).all()
    if not ids or len(measures) != len(ids):
        raise MeasureError("choose")
    for measure in measures:
        set_decision(session, topic, measure, status, answer_md, actor)
    audit.record(session, actor, "measure.decide_many", topic, municipality_id=topic.municipality_id,
                 measures=ids, status=status.value)
    session.commit()
    return list(measures)


def templates(session: Session, municipality_id: int) -> list[AnswerTemplate]:
    return list(session.scalars(select(AnswerTemplate)
                                .where(AnswerTemplate.municipality_id == municipality_id)
                                .order_by(AnswerTemplate.title, AnswerTemplate.id)))


def template_in(session: Session, municipality_id: int, template_id: int) -> AnswerTemplate | None:
    """The template, only if it is this municipality's."""
    return session.scalar(select(AnswerTemplate).where(AnswerTemplate.id == template_id,
                                                       AnswerTemplate.municipality_id == municipality_id))


def save_template(session: Session, municipality_id: int, template: AnswerTemplate | None, *, title: str,
                  answer_md: str, actor: User) -> AnswerTemplate:
    if template is None:
        template = AnswerTemplate(municipality_id=municipality_id)
        session.add(template)
    template.title, template.answer_md = title.strip()[:MAX_TITLE], answer_md.strip()
    audit.record(session, actor, "answer_template.save", template, municipality_id=municipality_id)
    session.commit()
    return template


def delete_template(session: Session, template: AnswerTemplate, actor: User) -> None:
    audit.record(session, actor, "answer_template.delete", template, municipality_id=template.municipality_id,
                 title=template.title)
    session.delete(template)
    session.commit()
