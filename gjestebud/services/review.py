"""Guided review: the engine asks "is this the same measure?", the planner answers, and every answer is a
correction like the manual ones.

Rules:

- The review is built from the topic as it stands: the visible lines, the measures as priors (with their
  locked lines) and every stored answer replayed, so a question answered once is not asked again.
- Applying an answer moves only the lines the question named, to where the engine puts them after the answer
  (`Review.measures()`), into the measure of the same key (its number kept) or a new one. Those lines are
  locked there, so re-runs keep them: a "yes" leaves them locked in one measure, a "no" in two measures whose
  different keys the engine never merges.
- Each answer is stored (`ReviewAnswer`), audited and recorded as a `Correction` with its before and after
  state; undoing that correction restores the measures and deletes the answer.
- A skipped question is remembered by the caller (the planner's browser session), not stored: skipping
  changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..consolidation.review import Answer, Question, Review
from ..i18n import _
from ..models import Measure, MeasureLine, ReviewAnswer, Topic, User
from .measures import MAX_TITLE, MeasureError, _Change, _drop_if_empty, _engine_line, _finish, _id, _priors
from .suggestions import Line, submitted_lines

# Lines shown per side of a question; the rest are counted.
SIDE_SHOWN = 12


@dataclass(frozen=True)
class Side:
    """One side of a question: its lines and the measures (number, title) they are in now."""

    ids: tuple[int, ...]
    lines: list[Line]
    measures: list[Measure]


@dataclass(frozen=True)
class QuestionView:
    kind: str
    left: Side
    right: Side
    signature: str


@dataclass(frozen=True)
class ReviewState:
    question: QuestionView | None
    answered: int
    estimated_left: int


def signature(left: Iterable[int | str], right: Iterable[int | str]) -> str:
    """A short name for a question, for remembering that the planner skipped it."""
    text = ",".join(sorted(map(str, left))) + "|" + ",".join(sorted(map(str, right)))
    return hashlib.sha1(text.encode("ascii")).hexdigest()[:16]


def stored_answers(session: Session, topic: Topic) -> list[Answer]:
    rows = session.scalars(select(ReviewAnswer).where(ReviewAnswer.topic_id == topic.id)
                           .order_by(ReviewAnswer.at, ReviewAnswer.id))
    return [Answer(tuple(map(str, row.left_ids)), tuple(map(str, row.right_ids)), row.same) for row in rows]


def _review(session: Session, topic: Topic, lines: list[Line]) -> Review:
    return Review([_engine_line(line) for line in lines], prior=_priors(session, topic),
                  answers=stored_answers(session, topic))


def _next_question(review: Review, skipped: Collection[str]) -> Question | None:
    """The best question whose signature the planner has not skipped: skipped questions found on the way
    are handed back to the engine, which then asks the next best one."""
    passed: list[Question] = []
    for _ in range(len(skipped) + 1):
        question = review.next_question(skip=passed)
        if question is None or signature(question.left, question.right) not in skipped:
            return question
        passed.append(question)
    return None


def review_state(session: Session, topic: Topic, skipped: Collection[str] = ()) -> ReviewState:
    """The question to show (the best one not skipped), with how many were answered and about how many
    are left."""
    lines = submitted_lines(session, topic)
    review = _review(session, topic, lines)
    answered, left = review.progress()
    question = _next_question(review, skipped)
    if question is None:
        return ReviewState(None, answered, 0)
    by_id = {line.id: line for line in lines}
    placement = dict(session.execute(
        select(MeasureLine.suggestion_id, MeasureLine.measure_id)
        .where(MeasureLine.suggestion_id.in_([int(i) for i in (*question.left, *question.right)]))).all())
    measures = {m.id: m for m in session.scalars(
        select(Measure).where(Measure.id.in_(set(placement.values()))))}

    def side(ids: tuple[str, ...]) -> Side:
        numbers = tuple(int(i) for i in ids)
        in_measures = sorted({placement[i] for i in numbers if i in placement},
                             key=lambda mid: (-sum(1 for i in numbers if placement.get(i) == mid), mid))
        return Side(numbers, [by_id[i] for i in numbers[:SIDE_SHOWN] if i in by_id],
                    [measures[mid] for mid in in_measures])

    return ReviewState(QuestionView(question.kind, side(question.left), side(question.right),
                                    signature(question.left, question.right)),
                       answered, max(left, 1))


def answer_question(session: Session, topic: Topic, left: Iterable[int], right: Iterable[int], same: bool,
                    actor: User) -> ReviewAnswer:
    """Apply a planner's answer about two sets of the topic's visible lines; see the module's rules."""
    left_ids, right_ids = sorted(set(left)), sorted(set(right))
    if not left_ids or not right_ids or set(left_ids) & set(right_ids):
        raise MeasureError(_("This question is no longer valid. Here is the next one."))
    lines = submitted_lines(session, topic)
    visible = {line.id for line in lines}
    if not set(left_ids) <= visible or not set(right_ids) <= visible:
        raise MeasureError(_("Some lines of this question were hidden or withdrawn. Here is the next one."))
    review = _review(session, topic, lines)
    review.answer(Answer(tuple(map(str, left_ids)), tuple(map(str, right_ids)), same), same=same)
    named = {str(i) for i in (*left_ids, *right_ids)}
    result = {member: item for item in review.measures() for member in item.member_ids if member in named}
    existing = {m.key: m for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id))}
    placements = {p.suggestion_id: p for p in session.scalars(
        select(MeasureLine).where(MeasureLine.suggestion_id.in_([int(i) for i in named])))}
    before_ids = {p.measure_id for p in placements.values()}
    targets = {existing[item.key].id for item in result.values() if item.key in existing}
    change = _Change(session, topic, before_ids | targets, [int(i) for i in named])
    created: list[Measure] = []
    for member, item in sorted(result.items()):
        measure = existing.get(item.key)
        if measure is None:
            measure = Measure(topic_id=topic.id, key=item.key, title=item.title[:MAX_TITLE])
            session.add(measure)
            session.flush()
            existing[item.key] = measure
            created.append(measure)
        placement = placements.get(int(member))
        if placement is None:
            session.add(MeasureLine(suggestion_id=int(member), measure_id=measure.id, locked=True))
        else:
            placement.measure_id, placement.locked = measure.id, True
    session.flush()
    for measure_id in before_ids:
        measure = session.get(Measure, measure_id)
        if measure is not None:
            _drop_if_empty(session, measure)
    titles = sorted({m.title for m in (session.get(Measure, mid) for mid in before_ids) if m is not None}
                    | {m.title for m in created})
    summary = (_("Same measure") if same else _("Not the same measure")) + ": " + " / ".join(titles)
    correction = change.record("review", summary, actor, new_measure_ids=[m.id for m in created])
    answer = ReviewAnswer(topic_id=topic.id, left_ids=left_ids, right_ids=right_ids, same=same,
                          user_id=actor.id, correction_id=_id(session, correction))
    session.add(answer)
    session.flush()
    _finish(session, actor, "review.answer", correction, topic, same=same, left=left_ids, right=right_ids,
            answer=answer.id)
    return answer
