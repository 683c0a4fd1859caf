"""The planner's corrections: merge, split, move, hide, rename, confirm a title, decide.

Every correction is stored as a `Correction` with a snapshot of the measures and lines it touched, before
and after, so that it can be undone (see `undo`).

Manual placements are locked (`MeasureLine.locked`) so a re-run keeps them; a rename locks the title. Setting
a status or an answer also locks the measure's current lines: the decision was taken about those lines, so a
re-run must not move them away from it. A move locks every line of both measures: the planner looked at both,
and an unlocked neighbour left behind would otherwise follow the moved line on the next run.

A title is "proposed" until a planner confirms it or writes one (`title_confirmed`); both lock it too.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...i18n import _
from ...models import (
    Correction,
    Measure,
    MeasureLine,
    MeasureStatus,
    Suggestion,
    Topic,
    User,
)
from .. import audit, results
from .common import (
    LINE_HIDE_REASONS,
    MAX_TITLE,
    MeasureError,
    UnknownMeasure,
    _delete_measure,
    _refresh_support,
    has_decision,
    same_words,
)
from .lines import changing_lines
from .queries import measure_in


def _snapshot(session: Session, measure_ids: Iterable[int], line_ids: Iterable[int]) -> dict[str, Any]:
    """The undoable state: each measure's own fields and members (None if it does not exist), and each
    line's placement, lock and visibility. Support figures are derived, so they are left out."""
    measure_ids, line_ids = sorted(set(measure_ids)), sorted(set(line_ids))
    members: dict[int, list[int]] = defaultdict(list)
    for suggestion_id, measure_id in session.execute(
            select(MeasureLine.suggestion_id, MeasureLine.measure_id)
            .where(MeasureLine.measure_id.in_(measure_ids)).order_by(MeasureLine.suggestion_id)):
        members[measure_id].append(suggestion_id)
    found = {m.id: m for m in session.scalars(select(Measure).where(Measure.id.in_(measure_ids)))}
    measures: dict[str, Any] = {}
    for measure_id in measure_ids:
        measure = found.get(measure_id)
        measures[str(measure_id)] = None if measure is None else {
            "key": measure.key, "title": measure.title, "title_locked": measure.title_locked,
            "title_confirmed": measure.title_confirmed, "status": measure.status.value,
            "answer_md": measure.answer_md or "",
            "lines": members[measure_id]}
    lines: dict[str, Any] = {}
    for suggestion_id, hidden, reason, measure_id, is_locked in session.execute(
            select(Suggestion.id, Suggestion.hidden, Suggestion.hidden_reason, MeasureLine.measure_id,
                   MeasureLine.locked)
            .outerjoin(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
            .where(Suggestion.id.in_(line_ids))):
        lines[str(suggestion_id)] = {"measure_id": measure_id, "locked": bool(is_locked),
                                     "hidden": bool(hidden), "hidden_reason": reason}
    return {"measures": measures, "lines": lines}



def _member_ids(session: Session, measure_ids: Iterable[int]) -> list[int]:
    return list(session.scalars(select(MeasureLine.suggestion_id)
                                .where(MeasureLine.measure_id.in_(list(measure_ids)))))



class _Change:
    """Takes the "before" snapshot of what a correction is about to touch; `record` adds the "after"."""

    def __init__(self, session: Session, topic: Topic, measure_ids: Iterable[int],
                 line_ids: Iterable[int] = ()) -> None:
        self.session, self.topic = session, topic
        self.measure_ids = set(measure_ids)
        self.line_ids = set(line_ids) | set(_member_ids(session, self.measure_ids))
        self.before = _snapshot(session, self.measure_ids, self.line_ids)

    def record(self, kind: str, summary: str, actor: User, *,
               new_measure_ids: Iterable[int] = ()) -> Correction:
        self.session.flush()
        for measure_id in new_measure_ids:
            self.measure_ids.add(measure_id)
            self.before["measures"][str(measure_id)] = None
        _refresh_support(self.session, self.topic, self.measure_ids)
        after = _snapshot(self.session, self.measure_ids, self.line_ids)
        correction = Correction(topic_id=self.topic.id, user_id=actor.id, kind=kind, summary=summary[:500],
                                before=self.before, after=after)
        self.session.add(correction)
        return correction



def _selected(session: Session, measure: Measure, suggestion_ids: Iterable[int]) -> list[MeasureLine]:
    wanted = set(suggestion_ids)
    if not wanted:
        raise MeasureError(_("Select at least one line."))
    placements = session.scalars(select(MeasureLine).where(MeasureLine.measure_id == measure.id,
                                                           MeasureLine.suggestion_id.in_(wanted))).all()
    if len(placements) != len(wanted):
        raise MeasureError(_("Some of the selected lines are no longer in this measure. "
                             "Reload the page and try again."))
    return list(placements)



def _lock_all(session: Session, measure_id: int) -> None:
    session.execute(update(MeasureLine).where(MeasureLine.measure_id == measure_id).values(locked=True))



def _drop_if_empty(session: Session, measure: Measure) -> bool:
    """A measure left without lines goes, unless a decision was written for it. True if it went."""
    session.flush()
    remaining = session.scalar(select(func.count()).where(MeasureLine.measure_id == measure.id))
    if not remaining and not has_decision(measure):
        _delete_measure(session, measure)
        return True
    return False



def _manual_key() -> str:
    return "p-" + secrets.token_hex(8)



def _finish(session: Session, actor: User, action: str, obj: Measure | Correction, topic: Topic,
            **detail: Any) -> None:
    audit.record(session, actor, action, obj, municipality_id=topic.municipality_id, **detail)
    session.commit()



def merge_measures(session: Session, topic: Topic, measure_ids: Iterable[int], actor: User) -> Measure:
    """All lines go to one measure, locked there. The measure kept is the one with a decision, else the one
    with most support, so its status, answer and number survive; the others are deleted."""
    ids = sorted(set(measure_ids))
    measures = session.scalars(select(Measure).where(Measure.topic_id == topic.id, Measure.id.in_(ids))).all()
    if len(ids) < 2 or len(measures) != len(ids):
        raise MeasureError(_("Choose at least two measures of this topic to merge."))
    target = max(measures, key=lambda m: (has_decision(m), m.support_gatherings, m.support_participants,
                                          m.line_count, -m.id))
    others = [m for m in measures if m is not target]
    change = _Change(session, topic, ids)
    session.execute(update(MeasureLine).where(MeasureLine.measure_id.in_([m.id for m in others]))
                    .values(measure_id=target.id))
    _lock_all(session, target.id)
    summary = " + ".join([target.title] + [m.title for m in others])
    for measure in others:
        _delete_measure(session, measure)
    correction = change.record("merge", summary, actor)
    _finish(session, actor, "measure.merge", target, topic, merged=[m.id for m in others],
            correction=_id(session, correction))
    return target



def split_lines(session: Session, topic: Topic, measure: Measure, suggestion_ids: Iterable[int], title: str,
                actor: User) -> Measure:
    """The selected lines become a new measure. Both sides are locked, so a re-run keeps them apart. Without
    a title the new measure is named after its first line and the engine may rename it later."""
    placements = _selected(session, measure, suggestion_ids)
    if len(placements) == len(_member_ids(session, [measure.id])):
        raise MeasureError(_("Leave at least one line in the measure. "
                             "To give it a new name, rename it instead."))
    change = _Change(session, topic, [measure.id])
    typed = " ".join((title or "").split())
    if typed:
        title = typed
    else:
        first = session.get(Suggestion, min(p.suggestion_id for p in placements))
        title = " ".join(first.text.split()) if first is not None else measure.title
    new = Measure(topic_id=topic.id, key=_manual_key(), title=title[:MAX_TITLE], title_locked=bool(typed),
                  title_confirmed=bool(typed))
    session.add(new)
    session.flush()
    _lock_all(session, measure.id)
    for placement in placements:
        placement.measure_id, placement.locked = new.id, True
    correction = change.record("split", f"{measure.title} → {new.title}", actor, new_measure_ids=[new.id])
    _finish(session, actor, "measure.split", new, topic, source=measure.id,
            correction=_id(session, correction))
    return new



def move_lines(session: Session, topic: Topic, measure: Measure, suggestion_ids: Iterable[int],
               target_id: int, actor: User) -> Measure:
    """The selected lines move to another measure of the topic. Every line of both measures is locked, so a
    re-run keeps the moved lines where they are and never drags their old neighbours after them."""
    target = measure_in(session, topic, target_id)
    if target is None or target.id == measure.id:
        raise UnknownMeasure(_("There is no other measure with number %(number)s in this topic.",
                               number=target_id))
    placements = _selected(session, measure, suggestion_ids)
    change = _Change(session, topic, [measure.id, target.id])
    for placement in placements:
        placement.measure_id, placement.locked = target.id, True
    _lock_all(session, measure.id)
    _lock_all(session, target.id)
    source_title = measure.title
    _drop_if_empty(session, measure)
    correction = change.record("move", f"{source_title} → {target.title}", actor)
    _finish(session, actor, "measure.move_lines", target, topic, source=measure.id,
            lines=sorted(p.suggestion_id for p in placements), correction=_id(session, correction))
    return target



def hide_lines(session: Session, topic: Topic, measure: Measure, suggestion_ids: Iterable[int], reason: str,
               actor: User) -> None:
    """Lines that are not a measure (or hold personal data, or are off topic) are hidden and leave the
    measure; `lines_changed` gives it a new title if its title was a hidden line's words. The history never
    repeats a hidden line: it may be exactly what must not be shown."""
    if reason not in LINE_HIDE_REASONS:
        raise ValueError(reason)
    placements = _selected(session, measure, suggestion_ids)
    change = _Change(session, topic, [measure.id])
    hidden = sorted(p.suggestion_id for p in placements)
    with changing_lines(session, topic, hidden, actor):
        hidden_texts = {same_words(text) for text in session.scalars(select(Suggestion.text)
                                                                     .where(Suggestion.id.in_(hidden)))}
        session.execute(update(Suggestion).where(Suggestion.id.in_(hidden))
                        .values(hidden=True, hidden_reason=reason))
        for placement in placements:
            session.delete(placement)
    gone = measure not in session
    summary = "" if gone or same_words(measure.title) in hidden_texts else measure.title
    correction = change.record("hide", summary, actor)
    _finish(session, actor, "measure.hide_lines", correction, topic, measure=measure.id, lines=hidden,
            reason=reason)



def rename_measure(session: Session, topic: Topic, measure: Measure, title: str, actor: User) -> None:
    """A planner's title is locked: re-runs keep it verbatim."""
    title = " ".join(title.split())[:MAX_TITLE]
    if not title:
        raise MeasureError(_("Enter a title."))
    change = _Change(session, topic, [measure.id])
    old = measure.title
    measure.title, measure.title_locked, measure.title_confirmed = title, True, True
    correction = change.record("rename", f"{old} → {title}", actor)
    _finish(session, actor, "measure.rename", measure, topic, correction=_id(session, correction))



def confirm_title(session: Session, topic: Topic, measure: Measure, actor: User) -> None:
    """One click: the proposed title is the planner's now, and re-runs keep it verbatim."""
    change = _Change(session, topic, [measure.id])
    measure.title_locked = measure.title_confirmed = True
    correction = change.record("confirm", measure.title, actor)
    _finish(session, actor, "measure.confirm_title", measure, topic, correction=_id(session, correction))



def titles_to_confirm(session: Session, topic: Topic) -> int:
    """Measures whose title is still only the engine's proposal."""
    return session.scalar(select(func.count(Measure.id)).where(
        Measure.topic_id == topic.id, Measure.title_confirmed.is_(False))) or 0



def set_decision(session: Session, topic: Topic, measure: Measure, status: MeasureStatus, answer_md: str,
                 actor: User) -> None:
    """Status and public answer. The measure's current lines are locked, so the decision keeps the lines it
    was taken about when the topic is consolidated again."""
    change = _Change(session, topic, [measure.id])
    if (status, answer_md or "") != (measure.status, measure.answer_md or ""):
        results.note_measure_changed(session, measure)
    measure.status, measure.answer_md = status, answer_md or ""
    _lock_all(session, measure.id)
    correction = change.record("decide", measure.title, actor)
    _finish(session, actor, "measure.decide", measure, topic, status=status.value,
            correction=_id(session, correction))



def _id(session: Session, obj: Correction) -> int:
    session.flush()
    return obj.id



def correction_in(session: Session, topic: Topic, correction_id: int) -> Correction | None:
    correction = session.get(Correction, correction_id)
    return correction if correction is not None and correction.topic_id == topic.id else None
