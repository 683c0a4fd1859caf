"""Lines that change under the measures: hidden, shown, erased, withdrawn, edited or transcribed.

A title that is the wording of a hidden line is never kept, confirmed or not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ... import consolidation as engine
from ...i18n import _
from ...models import (
    Measure,
    MeasureLine,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
)
from .. import audit
from ..suggestions import Line, counted_lines
from .common import (
    MAX_TITLE,
    Actor,
    _chunks,
    _delete_measure,
    _engine_line,
    _refresh_support,
    has_decision,
    same_words,
)


@dataclass(frozen=True)
class LineState:
    """What changing lines were before the change: the measures that held them and their words."""

    line_ids: frozenset[int]
    measure_ids: frozenset[int]
    texts: tuple[str, ...]



def line_state(session: Session, line_ids: Iterable[int]) -> LineState:
    """Read before lines are hidden, withdrawn, edited or deleted: afterwards their words may be gone."""
    ids = frozenset(line_ids)
    measure_ids: set[int] = set()
    texts: list[str] = []
    for chunk in _chunks(sorted(ids)):
        measure_ids.update(session.scalars(select(MeasureLine.measure_id)
                                           .where(MeasureLine.suggestion_id.in_(chunk))))
        texts += session.scalars(select(Suggestion.text).where(Suggestion.id.in_(chunk)))
    return LineState(ids, frozenset(measure_ids), tuple(texts))



@contextmanager
def changing_lines(session: Session, topic: Topic, line_ids: Iterable[int], actor: Actor) -> Iterator[None]:
    """Wraps every change to lines outside the planner's corrections (hide, show, erase, withdraw, a host's
    edit, a transcription): the state is read first, `lines_changed` follows the change."""
    before = line_state(session, line_ids)
    yield
    lines_changed(session, topic, before.line_ids, actor, before=before)



def lines_changed(session: Session, topic: Topic, line_ids: Iterable[int], actor: Actor, *,
                  before: LineState | None = None) -> None:
    """The one place that follows a change to lines: the measures that held them get their support
    recounted from visible lines; one left with no visible line and no decision is deleted; and a title
    that is the words of a line no longer visible (hidden, withdrawn, erased, edited away) is replaced by
    the engine's proposal over the remaining visible lines, even a title a planner locked, since those words
    may be exactly what must not be shown. The caller commits."""
    state = before or line_state(session, line_ids)
    session.flush()
    measure_ids = set(state.measure_ids) | set(line_state(session, state.line_ids).measure_ids)
    measures = [m for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id,
                                                                 Measure.id.in_(sorted(measure_ids))))]
    if not measures:
        return
    visible: dict[int, list[Line]] = defaultdict(list)
    for *columns, measure_id in session.execute(
            counted_lines(topic).add_columns(MeasureLine.measure_id)
            .join(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
            .where(MeasureLine.measure_id.in_([m.id for m in measures]))):
        visible[measure_id].append(Line(*columns))
    unseen: dict[int, set[str]] = defaultdict(set)
    for measure_id, text in session.execute(
            select(MeasureLine.measure_id, Suggestion.text)
            .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
            .join(Report, Report.id == Suggestion.report_id)
            .where(MeasureLine.measure_id.in_([m.id for m in measures]),
                   or_(Suggestion.hidden.is_(True), Report.status != ReportStatus.SUBMITTED))):
        unseen[measure_id].add(same_words(text))
    changed = {same_words(text) for text in state.texts}
    retitled, removed = [], []
    for measure in measures:
        lines = visible[measure.id]
        shown = {same_words(line.text) for line in lines}
        if not lines and not has_decision(measure):
            removed.append(measure.id)
            _delete_measure(session, measure)
            continue
        if same_words(measure.title) in (unseen[measure.id] | changed) - shown:
            measure.title = (engine.propose_title([_engine_line(line) for line in lines]) if lines
                             else _("Measure %(number)s", number=measure.id))[:MAX_TITLE]
            measure.title_confirmed = False
            retitled.append(measure.id)
    session.flush()
    _refresh_support(session, topic, [m.id for m in measures if m.id not in removed])
    if retitled or removed:
        # Neither old nor new titles go into the trail: the old one may be the personal data itself.
        audit.record(session, actor, "measures.lines_changed", topic, municipality_id=topic.municipality_id,
                     lines=sorted(state.line_ids), retitled=retitled, removed=removed)
