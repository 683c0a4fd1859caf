"""What the measure modules share: limits, errors, and the cached figures recomputed on every change.

Support figures (`support_gatherings`, `support_participants`, `line_count`) are cached on the measure and
recomputed from the visible lines on every change, so lists sort and page in the database.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ... import consolidation as engine
from ...models import (
    HideReason,
    Measure,
    MeasureLine,
    MeasureStatus,
    Question,
    QuestionKind,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
    User,
)
from ..suggestions import Line

LINE_HIDE_REASONS = tuple(HideReason)

PAGE_SIZE = 25

HISTORY_PAGE_SIZE = 50

MAX_TITLE = 300

# A run still marked "running" after this long died with its process; a new run may start.
RUN_STALE_AFTER = timedelta(minutes=15)

# Bound list parameters of IN (...) so large topics stay under SQLite's variable limit.
CHUNK = 500

Actor = User | str



class MeasureError(Exception):
    """A correction that cannot be made; the message is written for the planner."""



class UndoConflict(MeasureError):
    """Later changes touched the measures or lines of the correction to undo."""



class UnknownMeasure(MeasureError):
    """The measure asked for is not another measure of this topic."""



class RunInProgress(MeasureError):
    """Another consolidation of the topic has not finished yet."""



class PreviewOutdated(MeasureError):
    """The lines or measures changed after the planner saw what a re-run would do."""



def _visible() -> tuple[Any, ...]:
    return (Report.status == ReportStatus.SUBMITTED, Suggestion.hidden.is_(False))



def _engine_line(line: Line) -> engine.Suggestion:
    return engine.Suggestion(id=str(line.id), text=line.text, question=str(line.question_id),
                             gathering=str(line.gathering), lang=line.language,
                             participants=line.participants)



def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]



def has_decision(measure: Measure) -> bool:
    return measure.status is not MeasureStatus.NEW or bool((measure.answer_md or "").strip())



def _refresh_support(session: Session, topic: Topic, measure_ids: Iterable[int] | None = None) -> None:
    """Recompute the cached support of the given measures (all of the topic's by default) from visible lines:
    groups are counted once however many of their lines a measure holds."""
    scope = [Measure.topic_id == topic.id]
    if measure_ids is not None:
        scope.append(Measure.id.in_(list(measure_ids)))
    measures = session.scalars(select(Measure).where(*scope)).all()
    reports: dict[int, dict[int, int]] = defaultdict(dict)
    counts: dict[int, int] = defaultdict(int)
    for measure_id, report_id, participants in session.execute(
            select(MeasureLine.measure_id, Report.id, Report.participants)
            .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
            .join(Report, Report.id == Suggestion.report_id)
            .join(Measure, Measure.id == MeasureLine.measure_id)
            .where(*scope, Report.topic_id == topic.id, *_visible())):
        reports[measure_id][report_id] = participants or 0
        counts[measure_id] += 1
    for measure in measures:
        measure.line_count = counts[measure.id]
        measure.support_gatherings = len(reports[measure.id])
        measure.support_participants = sum(reports[measure.id].values())
    _refresh_kinds(session, topic, measures)



def refresh_kinds(session: Session, topic: Topic) -> None:
    """After a question's kind changed: every measure of the topic takes the kind of its lines again."""
    _refresh_kinds(session, topic, session.scalars(select(Measure).where(Measure.topic_id == topic.id)).all())



def _refresh_kinds(session: Session, topic: Topic, measures: Sequence[Measure]) -> None:
    """A measure is of the kind of the question most of its visible lines answer (proposals on a tie), so
    praise from a "what is good today?" question is shown as a theme, not as a measure to decide on."""
    votes: dict[int, Counter[QuestionKind]] = defaultdict(Counter)
    ids = [m.id for m in measures]
    for chunk in _chunks(ids):
        for measure_id, kind, count in session.execute(
                select(MeasureLine.measure_id, Question.kind, func.count())
                .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
                .join(Question, Question.id == Suggestion.question_id)
                .join(Report, Report.id == Suggestion.report_id)
                .where(MeasureLine.measure_id.in_(chunk), *_visible())
                .group_by(MeasureLine.measure_id, Question.kind)):
            votes[measure_id][kind] = count
    order = list(QuestionKind)
    for measure in measures:
        if votes[measure.id]:
            measure.kind = max(votes[measure.id].items(),
                               key=lambda item: (item[1], -order.index(item[0])))[0]



def _delete_measure(session: Session, measure: Measure) -> None:
    """Flush first and reload the lines, so the delete cascades only to lines still in the measure."""
    session.flush()
    session.expire(measure, ["lines"])
    session.delete(measure)



def same_words(text: str) -> str:
    """Text compared for its words alone: case, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[\W_]+", " ", text).split()).casefold()
