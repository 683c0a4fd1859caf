"""Reading measures: the workspace's pages, one measure with its lines, merge candidates, the state of the
last run and the history of corrections."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ... import consolidation as engine
from ...models import (
    ConsolidationRun,
    Correction,
    Host,
    Measure,
    MeasureLine,
    QuestionKind,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
    User,
)
from ..suggestions import Line, counted_lines
from .common import (
    HISTORY_PAGE_SIZE,
    PAGE_SIZE,
    _visible,
)


@dataclass(frozen=True)
class MeasureView:
    """A measure with its visible lines, as the workspace shows it."""

    measure: Measure
    lines: list[Line]
    locked_ids: frozenset[int]

    @property
    def question_ids(self) -> list[int]:
        return sorted({line.question_id for line in self.lines})



@dataclass(frozen=True)
class MeasurePage:
    items: list[MeasureView]
    total: int
    page: int
    pages: int
    page_size: int



@dataclass(frozen=True)
class RunStatus:
    last_run: ConsolidationRun | None
    new_lines: int
    gone_lines: int



def _line_exists(topic: Topic, *conditions: Any) -> Any:
    """EXISTS a visible line of the measure that meets `conditions`, correlated to the outer Measure."""
    return exists(
        select(MeasureLine.suggestion_id)
        .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
        .join(Report, Report.id == Suggestion.report_id)
        .join(Host, Host.id == Report.host_id)
        .where(MeasureLine.measure_id == Measure.id, Report.topic_id == topic.id, *_visible(), *conditions)
    )



def measure_page(session: Session, topic: Topic, *, query: str = "", question_id: int | None = None,
                 area: str | None = None, page: int = 1, page_size: int = PAGE_SIZE,
                 lines_per_measure: int | None = None, kind: QuestionKind | None = None) -> MeasurePage:
    """One page of measures, most support first, paged in SQL; lines are loaded only for that page.
    `kind` keeps the measures (proposals) or one kind of ranked themes."""
    conditions: list[Any] = [Measure.topic_id == topic.id]
    if kind is not None:
        conditions.append(Measure.kind == kind)
    if question_id is not None:
        conditions.append(_line_exists(topic, Suggestion.question_id == question_id))
    if area:
        conditions.append(_line_exists(topic, Host.area == area))
    if query:
        conditions.append(or_(Measure.title.icontains(query, autoescape=True),
                              _line_exists(topic, Suggestion.text.icontains(query, autoescape=True))))
    total = session.scalar(select(func.count(Measure.id)).where(*conditions)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    measures = session.scalars(
        select(Measure).where(*conditions)
        .order_by(Measure.support_gatherings.desc(), Measure.support_participants.desc(),
                  Measure.line_count.desc(), Measure.id)
        .offset((page - 1) * page_size).limit(page_size)
    ).all()
    return MeasurePage(items=_with_lines(session, topic, measures, lines_per_measure), total=total, page=page,
                       pages=pages, page_size=page_size)



def kind_counts(session: Session, topic: Topic) -> dict[QuestionKind, int]:
    """How many measures and themes of each kind the topic has, for the workspace's tabs."""
    counts = dict(session.execute(select(Measure.kind, func.count(Measure.id))
                                  .where(Measure.topic_id == topic.id).group_by(Measure.kind)).all())
    return {kind: counts.get(kind, 0) for kind in QuestionKind}



def measure_view(session: Session, topic: Topic, measure: Measure) -> MeasureView:
    return _with_lines(session, topic, [measure])[0]



def _with_lines(session: Session, topic: Topic, measures: Sequence[Measure],
                per_measure: int | None = None) -> list[MeasureView]:
    """One query for the lines of all the given measures, at most `per_measure` of each (in SQL)."""
    lines: dict[int, list[Line]] = defaultdict(list)
    locked: dict[int, set[int]] = defaultdict(set)
    if measures:
        order = (Suggestion.question_id, Host.number, Suggestion.position)
        statement = (counted_lines(topic).add_columns(MeasureLine.measure_id, MeasureLine.locked)
                     .join(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
                     .where(MeasureLine.measure_id.in_([m.id for m in measures])))
        if per_measure is None:
            rows = session.execute(statement.order_by(*order))
        else:
            ranked = statement.add_columns(func.row_number().over(partition_by=MeasureLine.measure_id,
                                                                  order_by=order).label("rank")).subquery()
            rows = session.execute(select(*list(ranked.c)[:-1]).where(ranked.c.rank <= per_measure)
                                   .order_by(ranked.c.rank))
        for *columns, measure_id, is_locked in rows:
            line = Line(*columns)
            lines[measure_id].append(line)
            if is_locked:
                locked[measure_id].add(line.id)
    return [MeasureView(m, lines[m.id], frozenset(locked[m.id])) for m in measures]



def measure_in(session: Session, topic: Topic, measure_id: int) -> Measure | None:
    measure = session.get(Measure, measure_id)
    return measure if measure is not None and measure.topic_id == topic.id else None



def similar_to(session: Session, topic: Topic, measure: Measure, top: int = 5) -> list[tuple[Measure, float]]:
    """Measures that read most like this one, by everything their residents wrote: merge candidates."""
    texts: dict[str, list[str]] = defaultdict(list)
    for key, text in session.execute(
        select(Measure.key, Suggestion.text)
        .join(MeasureLine, MeasureLine.measure_id == Measure.id)
        .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
        .join(Report, Report.id == Suggestion.report_id)
        .where(Measure.topic_id == topic.id, *_visible())
    ):
        texts[key].append(text)
    if measure.key not in texts:
        return []
    scores = engine.similar_measures(texts, top=top).get(measure.key, [])
    by_key = {m.key: m for m in session.scalars(
        select(Measure).where(Measure.topic_id == topic.id, Measure.key.in_([key for key, _ in scores])))}
    return [(by_key[key], score) for key, score in scores if key in by_key]



def run_status(session: Session, topic: Topic) -> RunStatus:
    """The last run, how many visible lines no measure holds yet ("12 new lines since the last run"), and
    how many lines measures still hold although they were hidden or their report withdrawn since."""
    last_run = session.scalars(select(ConsolidationRun).where(ConsolidationRun.topic_id == topic.id)
                               .order_by(ConsolidationRun.started_at.desc(), ConsolidationRun.id.desc())
                               .limit(1)).first()
    placed = select(MeasureLine.suggestion_id).where(MeasureLine.suggestion_id == Suggestion.id)
    new_lines = session.scalar(select(func.count()).select_from(
        counted_lines(topic).where(~exists(placed)).subquery())) or 0
    gone_lines = session.scalar(
        select(func.count(MeasureLine.suggestion_id))
        .join(Measure, Measure.id == MeasureLine.measure_id)
        .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
        .join(Report, Report.id == Suggestion.report_id)
        .where(Measure.topic_id == topic.id,
               or_(Suggestion.hidden.is_(True), Report.status != ReportStatus.SUBMITTED))) or 0
    return RunStatus(last_run=last_run, new_lines=new_lines, gone_lines=gone_lines)



def corrections_page(session: Session, topic: Topic, page: int = 1, page_size: int = HISTORY_PAGE_SIZE,
                     ) -> tuple[list[Correction], dict[int, User], int, int]:
    """Newest first, with the users who made or undid them (one query each)."""
    total = session.scalar(select(func.count(Correction.id)).where(Correction.topic_id == topic.id)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    corrections = session.scalars(
        select(Correction).where(Correction.topic_id == topic.id).options(selectinload(Correction.user))
        .order_by(Correction.at.desc(), Correction.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    undoer_ids = {c.undone_by_id for c in corrections if c.undone_by_id}
    undoers = ({u.id: u for u in session.scalars(select(User).where(User.id.in_(undoer_ids)))}
               if undoer_ids else {})
    return list(corrections), undoers, page, pages



def has_measures(session: Session, topic: Topic) -> bool:
    return session.scalar(select(Measure.id).where(Measure.topic_id == topic.id).limit(1)) is not None
