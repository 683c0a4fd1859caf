"""Choosing another measure on a measure's page: the Move picker's candidates, and the measures not to
suggest merging with (those a planner split from this one, or this one from: merging them back would undo
the planner's own decision)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Correction, Measure, Topic
from . import measures

# A search that matches more than this shows the best supported; the planner narrows it by typing more.
MAX_MATCHES = 50


def move_candidates(session: Session, topic: Topic, measure: Measure, query: str = "") -> list[Measure]:
    """The topic's other measures by number, or, with `query`, those whose title or a line contains it."""
    if query:
        page = measures.measure_page(session, topic, query=query, page_size=MAX_MATCHES + 1,
                                     lines_per_measure=0)
        found = sorted((item.measure for item in page.items), key=lambda m: m.id)
    else:
        found = list(session.scalars(select(Measure).where(Measure.topic_id == topic.id)
                                     .order_by(Measure.id)))
    return [other for other in found if other.id != measure.id][:MAX_MATCHES if query else None]


def split_relatives(session: Session, topic: Topic, measure: Measure) -> set[int]:
    """Ids of the measures split out of this one, and of the one it was split out of, by the correction
    history (a split records its source measure as it was, and the new one as not yet existing)."""
    relatives: set[int] = set()
    splits = session.scalars(select(Correction).where(
        Correction.topic_id == topic.id, Correction.kind == "split", Correction.undone_at.is_(None)))
    for correction in splits:
        before = (correction.before or {}).get("measures", {})
        sources = {int(key) for key, state in before.items() if state is not None}
        created = {int(key) for key, state in before.items() if state is None}
        if measure.id in sources:
            relatives |= created
        elif measure.id in created:
            relatives |= sources
    return relatives - {measure.id}
