"""Undoing a correction, strictly.

Undo restores the "before" snapshot, but only while the current state still equals the "after"
snapshot: anything that changed those measures or lines since (another correction, a re-run, a hidden line)
makes undo refuse instead of silently overwriting newer work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ...i18n import _
from ...models import (
    Correction,
    Measure,
    MeasureLine,
    MeasureStatus,
    ReviewAnswer,
    Suggestion,
    Topic,
    User,
    utcnow,
)
from .. import results
from .common import (
    MeasureError,
    UndoConflict,
    _delete_measure,
    _refresh_support,
)
from .corrections import _finish, _snapshot


def undo_correction(session: Session, topic: Topic, correction: Correction, actor: User) -> None:
    """Restore the state before the correction, if nothing has touched its measures and lines since."""
    if correction.undone_at is not None:
        raise MeasureError(_("This correction has already been undone."))
    after = correction.after
    current = _snapshot(session, [int(i) for i in after["measures"]], [int(i) for i in after["lines"]])
    if _comparable(current, after) != after:
        raise UndoConflict(_("This correction can no longer be undone: later changes touched the same "
                             "measures or lines. Undo the later corrections first, or correct the measures "
                             "by hand."))
    _restore(session, topic, correction.before)
    # An undone review answer is gone: the review asks its question again and re-runs no longer keep it.
    session.execute(delete(ReviewAnswer).where(ReviewAnswer.correction_id == correction.id))
    correction.undone_at, correction.undone_by_id = utcnow(), actor.id
    _finish(session, actor, "correction.undo", correction, topic, kind=correction.kind)



def _comparable(current: dict[str, Any], recorded: dict[str, Any]) -> dict[str, Any]:
    """The current snapshot with only the fields the recorded one has: corrections recorded before a field
    was added to snapshots stay undoable."""
    measures = {}
    for measure_id, state in current["measures"].items():
        old = recorded["measures"].get(measure_id)
        measures[measure_id] = state if state is None or old is None else {
            key: value for key, value in state.items() if key in old}
    return {"measures": measures, "lines": current["lines"]}



def _restore(session: Session, topic: Topic, before: dict[str, Any]) -> None:
    for measure_id, state in before["measures"].items():
        if state is None:
            continue
        measure = session.get(Measure, int(measure_id))
        if measure is None:
            taken = select(Measure.id).where(Measure.topic_id == topic.id, Measure.key == state["key"])
            if session.scalar(taken):
                raise UndoConflict(_("This correction can no longer be undone: a measure it would bring back "
                                     "exists again in another form."))
            measure = Measure(id=int(measure_id), topic_id=topic.id, key=state["key"])
            session.add(measure)
        decision = (MeasureStatus(state["status"]), state["answer_md"])
        if (measure.status, measure.answer_md or "") != decision:
            results.note_measure_changed(session, measure)
        measure.title, measure.title_locked = state["title"], state["title_locked"]
        measure.title_confirmed = state.get("title_confirmed", state["title_locked"])
        measure.status, measure.answer_md = decision
    session.flush()
    for suggestion_id, state in before["lines"].items():
        sid = int(suggestion_id)
        session.execute(update(Suggestion).where(Suggestion.id == sid)
                        .values(hidden=state["hidden"], hidden_reason=state["hidden_reason"]))
        placement = session.get(MeasureLine, sid)
        if state["measure_id"] is None:
            if placement is not None:
                session.delete(placement)
        elif placement is None:
            session.add(MeasureLine(suggestion_id=sid, measure_id=state["measure_id"],
                                    locked=state["locked"]))
        else:
            placement.measure_id, placement.locked = state["measure_id"], state["locked"]
    session.flush()
    for measure_id, state in before["measures"].items():
        measure = session.get(Measure, int(measure_id))
        if state is None and measure is not None:
            _delete_measure(session, measure)
    _refresh_support(session, topic, [int(i) for i, state in before["measures"].items() if state is not None])
