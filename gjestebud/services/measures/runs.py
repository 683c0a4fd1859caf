"""Running the consolidation engine over a topic, and the dry run the planner confirms first.

A re-run only places new or unlocked lines, and a measure holding locked lines keeps its title while that
title is still the wording of one of its locked lines (see `_priors`). Measure numbers (ids) are never reused.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from ... import consolidation as engine
from ...i18n import _
from ...models import (
    ConsolidationRun,
    Correction,
    Measure,
    MeasureLine,
    Report,
    Suggestion,
    Topic,
    User,
    utcnow,
)
from .. import audit
from ..suggestions import submitted_lines
from .common import (
    MAX_TITLE,
    RUN_STALE_AFTER,
    Actor,
    MeasureError,
    PreviewOutdated,
    RunInProgress,
    _chunks,
    _delete_measure,
    _engine_line,
    _refresh_support,
    _visible,
    has_decision,
    same_words,
)

log = logging.getLogger(__package__)


def run_consolidation(session: Session, topic: Topic, actor: Actor,
                      progress: Callable[[int, int], None] | None = None, *,
                      expected: str | None = None) -> ConsolidationRun:
    """Consolidate the topic's visible lines, keeping every measure's key, id, status, answer, locked lines
    and locked title. Measures that end up empty are deleted unless they carry a decision. All or nothing:
    a failure rolls back every change and records the run as failed.

    `expected` is the fingerprint of the dry run the planner confirmed: if the run would now do anything
    else, nothing is written and PreviewOutdated is raised."""
    running = session.scalar(select(ConsolidationRun.id).where(
        ConsolidationRun.topic_id == topic.id, ConsolidationRun.status == "running",
        ConsolidationRun.started_at > utcnow() - RUN_STALE_AFTER))
    if running is not None:
        raise RunInProgress(_("Another consolidation of this topic is still running. Try again in a while."))
    run = ConsolidationRun(topic_id=topic.id, user_id=actor.id if isinstance(actor, User) else None)
    session.add(run)
    session.commit()
    try:
        lines = submitted_lines(session, topic)
        result = engine.consolidate([_engine_line(line) for line in lines], _priors(session, topic),
                                    progress=progress)
        if expected is not None and _fingerprint(session, topic, result) != expected:
            raise PreviewOutdated(_("The suggestions or measures changed since you looked at what the run "
                                    "would change. Check the changes again."))
        _refuse_if_corrected_since(session, topic, run)
        measure_count = _persist(session, topic, result)
        run.status, run.lines, run.measures, run.finished_at = "done", len(lines), measure_count, utcnow()
        audit.record(session, actor, "measures.consolidate", run, municipality_id=topic.municipality_id,
                     lines=len(lines), measures=measure_count)
        session.commit()
    except PreviewOutdated:
        session.rollback()
        session.delete(run)
        session.commit()
        raise
    except Exception as exc:
        session.rollback()
        log.exception("consolidation of topic %s failed", topic.id)
        run.status, run.finished_at = "failed", utcnow()
        run.error = f"{type(exc).__name__}: {exc}"[:500]
        audit.record(session, actor, "measures.consolidate_failed", run,
                     municipality_id=topic.municipality_id)
        session.commit()
    return run



PREVIEW_SHOWN = 200



@dataclass(frozen=True)
class MeasureRef:
    """A measure as the dry run names it: its number (None for one the run would create) and title."""

    number: int | None
    title: str



@dataclass(frozen=True)
class LineMove:
    text: str
    source: MeasureRef
    target: MeasureRef



@dataclass(frozen=True)
class RunPreview:
    """What a re-run would change, for the planner to confirm. Lists are cut at PREVIEW_SHOWN entries;
    the counts are complete. `fingerprint` identifies exactly this outcome."""

    lines: int
    new_measures: list[tuple[MeasureRef, int]]
    new_measure_count: int
    moves: list[LineMove]
    move_count: int
    merges: list[tuple[MeasureRef, MeasureRef]]
    removed: list[MeasureRef]
    retitled: list[tuple[MeasureRef, str]]
    placed_lines: int
    fingerprint: str

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_measure_count or self.move_count or self.merges or self.removed
                    or self.retitled or self.placed_lines)



def _fingerprint(session: Session, topic: Topic, result: Sequence[engine.Measure]) -> str:
    """A digest of the engine's result and of the placements and titles it would replace."""
    current = sorted(tuple(row) for row in session.execute(
        select(MeasureLine.suggestion_id, MeasureLine.measure_id, MeasureLine.locked)
        .join(Measure, Measure.id == MeasureLine.measure_id).where(Measure.topic_id == topic.id)))
    titles = sorted(tuple(row) for row in session.execute(
        select(Measure.id, Measure.key, Measure.title).where(Measure.topic_id == topic.id)))
    outcome = sorted((m.key, m.member_ids, m.title) for m in result)
    digest = hashlib.sha256(json.dumps([current, titles, outcome], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]



def preview_consolidation(session: Session, topic: Topic) -> RunPreview:
    """Run the engine without writing anything and describe how its result differs from the measures now:
    measures it would create, placed lines it would move, measures it would merge into another or remove,
    titles it would change, and how many new lines it would place."""
    lines = submitted_lines(session, topic)
    result = engine.consolidate([_engine_line(line) for line in lines], _priors(session, topic))
    existing = {m.key: m for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id))}
    by_id = {m.id: m for m in existing.values()}
    current = dict(session.execute(
        select(MeasureLine.suggestion_id, MeasureLine.measure_id)
        .join(Measure, Measure.id == MeasureLine.measure_id).where(Measure.topic_id == topic.id)).all())
    text_of = {line.id: line.text for line in lines}

    def ref(measure: Measure) -> MeasureRef:
        return MeasureRef(measure.id, measure.title)

    target_of: dict[int, MeasureRef] = {}
    new_measures: list[tuple[MeasureRef, int]] = []
    retitled: list[tuple[MeasureRef, str]] = []
    for item in result:
        measure = existing.get(item.key)
        target = MeasureRef(None, item.title) if measure is None else ref(measure)
        if measure is None:
            new_measures.append((target, len(item.member_ids)))
        elif not measure.title_locked and measure.title != item.title[:MAX_TITLE]:
            retitled.append((target, item.title[:MAX_TITLE]))
        for member in item.member_ids:
            target_of[int(member)] = target
    moves = [LineMove(text_of.get(sid, ""), ref(by_id[measure_id]), target_of[sid])
             for sid, measure_id in sorted(current.items())
             if sid in target_of and target_of[sid].number != measure_id]
    kept_keys = {item.key for item in result}
    merges: list[tuple[MeasureRef, MeasureRef]] = []
    removed: list[MeasureRef] = []
    for measure in sorted(existing.values(), key=lambda m: m.id):
        if measure.key in kept_keys or has_decision(measure):
            continue
        destinations = Counter(target_of[sid] for sid, mid in current.items()
                               if mid == measure.id and sid in target_of)
        if destinations:
            merges.append((ref(measure), destinations.most_common(1)[0][0]))
        else:
            removed.append(ref(measure))
    return RunPreview(lines=len(lines), new_measures=new_measures[:PREVIEW_SHOWN],
                      new_measure_count=len(new_measures), moves=moves[:PREVIEW_SHOWN], move_count=len(moves),
                      merges=merges, removed=removed, retitled=retitled[:PREVIEW_SHOWN],
                      placed_lines=sum(1 for sid in target_of if sid not in current),
                      fingerprint=_fingerprint(session, topic, result))



def _refuse_if_corrected_since(session: Session, topic: Topic, run: ConsolidationRun) -> None:
    """A correction made while the engine ran is not in its result; writing the result would undo it."""
    corrected = session.scalar(select(Correction.id).where(
        Correction.topic_id == topic.id,
        or_(Correction.at >= run.started_at, Correction.undone_at >= run.started_at)).limit(1))
    if corrected is not None:
        raise MeasureError("measures were corrected while the run was in progress; run it again")



def _priors(session: Session, topic: Topic) -> list[engine.PriorMeasure]:
    """The measures as the engine's priors. A measure with locked lines keeps its title too (passed as
    locked) while the title is still the wording of one of those lines: the planner worked on the measure
    as it reads, and a new line joining it must not rename it."""
    members: dict[int, list[str]] = defaultdict(list)
    locked: dict[int, set[str]] = defaultdict(set)
    locked_texts: dict[int, set[str]] = defaultdict(set)
    for suggestion_id, measure_id, is_locked, text, visible in session.execute(
            select(MeasureLine.suggestion_id, MeasureLine.measure_id, MeasureLine.locked, Suggestion.text,
                   and_(*_visible()))
            .join(Measure, Measure.id == MeasureLine.measure_id)
            .join(Suggestion, Suggestion.id == MeasureLine.suggestion_id)
            .join(Report, Report.id == Suggestion.report_id).where(Measure.topic_id == topic.id)):
        members[measure_id].append(str(suggestion_id))
        if is_locked:
            locked[measure_id].add(str(suggestion_id))
            if visible:
                locked_texts[measure_id].add(same_words(text))
    return [engine.PriorMeasure(key=m.key, member_ids=tuple(sorted(members[m.id])),
                                locked_ids=frozenset(locked[m.id]), title=m.title,
                                title_locked=m.title_locked or same_words(m.title) in locked_texts[m.id])
            for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id))]



def _persist(session: Session, topic: Topic, result: Sequence[engine.Measure]) -> int:
    """Apply the engine's measures by key; returns how many measures the topic has afterwards."""
    existing = {m.key: m for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id))}
    measure_of_key: dict[str, Measure] = {}
    for item in result:
        measure = existing.get(item.key)
        if measure is None:
            measure = Measure(topic_id=topic.id, key=item.key, title=item.title[:MAX_TITLE])
            session.add(measure)
        elif not measure.title_locked:
            measure.title = item.title[:MAX_TITLE]
        measure_of_key[item.key] = measure
    session.flush()
    wanted = {int(member): measure_of_key[item.key].id for item in result for member in item.member_ids}
    current = dict(session.execute(
        select(MeasureLine.suggestion_id, MeasureLine.measure_id)
        .join(Measure, Measure.id == MeasureLine.measure_id).where(Measure.topic_id == topic.id)).all())
    gone = [sid for sid in current if sid not in wanted]
    moved = [{"suggestion_id": sid, "measure_id": wanted[sid], "locked": False}
             for sid, measure_id in current.items() if sid in wanted and wanted[sid] != measure_id]
    added = [{"suggestion_id": sid, "measure_id": measure_id, "locked": False}
             for sid, measure_id in wanted.items() if sid not in current]
    for chunk in _chunks(gone):
        session.execute(delete(MeasureLine).where(MeasureLine.suggestion_id.in_(chunk)))
    if moved:
        session.execute(update(MeasureLine), moved)
    if added:
        session.execute(insert(MeasureLine), added)
    leftovers = [m for key, m in existing.items() if key not in measure_of_key]
    for measure in leftovers:
        if not has_decision(measure):
            _delete_measure(session, measure)
    _refresh_support(session, topic)
    return len(measure_of_key) + sum(1 for m in leftovers if has_decision(m))
