"""Measures (tiltak): running the consolidation engine over a topic, the planner's corrections, and undo.

Every correction is stored as a `Correction` with a snapshot of the measures and lines it touched, before
and after. Undo restores the "before" snapshot, but only while the current state still equals the "after"
snapshot: anything that changed those measures or lines since (another correction, a re-run, a hidden line)
makes undo refuse instead of silently overwriting newer work.

Manual placements are locked (`MeasureLine.locked`) so a re-run keeps them; a rename locks the title. Setting
a status or an answer also locks the measure's current lines: the decision was taken about those lines, so a
re-run must not move them away from it. A move locks every line of both measures: the planner looked at both,
and an unlocked neighbour left behind would otherwise follow the moved line on the next run. A re-run only
places new or unlocked lines, and a measure holding locked lines keeps its title while that title is still
the wording of one of its locked lines (see `_priors`). Measure numbers (ids) are never reused.

A title is "proposed" until a planner confirms it or writes one (`title_confirmed`); both lock it too. A
title that is the wording of a hidden line is never kept, confirmed or not.

Support figures (`support_gatherings`, `support_participants`, `line_count`) are cached on the measure and
recomputed from the visible lines on every change, so lists sort and page in the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload

from .. import consolidation as engine
from ..i18n import _
from ..models import (
    ConsolidationRun,
    Correction,
    HideReason,
    Host,
    Measure,
    MeasureLine,
    MeasureStatus,
    Question,
    QuestionKind,
    Report,
    ReportStatus,
    ReviewAnswer,
    Suggestion,
    Topic,
    User,
    utcnow,
)
from . import audit, results
from .suggestions import Line, counted_lines, submitted_lines

log = logging.getLogger(__name__)

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


# Reading ---------------------------------------------------------------------------------------------------


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


def _visible() -> tuple[Any, ...]:
    return (Report.status == ReportStatus.SUBMITTED, Suggestion.hidden.is_(False))


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


# Consolidation ---------------------------------------------------------------------------------------------


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


# Dry run ----------------------------------------------------------------------------------------------------

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


def _engine_line(line: Line) -> engine.Suggestion:
    return engine.Suggestion(id=str(line.id), text=line.text, question=str(line.question_id),
                             gathering=str(line.gathering), lang=line.language,
                             participants=line.participants)


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


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def has_measures(session: Session, topic: Topic) -> bool:
    return session.scalar(select(Measure.id).where(Measure.topic_id == topic.id).limit(1)) is not None


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


# Corrections -----------------------------------------------------------------------------------------------


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



# Lines that change under the measures -----------------------------------------------------------------------


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


def same_words(text: str) -> str:
    """Text compared for its words alone: case, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[\W_]+", " ", text).split()).casefold()
