"""Guided review: the engine asks "is this the same measure?", the planner answers, and every answer is a
correction like the manual ones.

Rules:

- The review is built from the topic as it stands: the visible lines, the measures as priors (with their
  locked lines) and every stored answer replayed, so a question answered once is not asked again.
- Applying an answer persists the engine's partition after the answer (`Review.measures()`) the way a run
  does: measures keep their numbers by key, locked lines stay (the engine keeps them), and what the answer
  taught may move other unlocked lines too. Every line named in any answer is then locked where it is, so
  re-runs keep the answers: a "yes" leaves its lines locked in one measure, a "no" in measures whose
  different keys the engine never merges.
- Each answer is stored (`ReviewAnswer`), audited and recorded as a `Correction` with the topic's measures
  before and after; undoing that correction restores them and deletes the answer (newest answers first,
  since every answer may touch any measure).
- A skipped question is remembered by the caller (the planner's browser session), not stored: skipping
  changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..consolidation.review import Answer, Question, Review
from ..i18n import _
from ..models import Measure, MeasureLine, ReviewAnswer, Topic, User
from .measures import MeasureError, _Change, _chunks, _engine_line, _finish, _id, _persist, _priors
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
    """The engine's review of the topic now. The locks that answers left on their lines are taken out of
    the priors: the answers themselves are replayed, and the engine learns from each answer only when it
    sees the lines as the engine had placed them, not as the answer already put them."""
    answers = stored_answers(session, topic)
    answered = {line_id for answer in answers for line_id in (*answer.left, *answer.right)}
    priors = [replace(prior, locked_ids=prior.locked_ids - answered) for prior in _priors(session, topic)]
    return Review([_engine_line(line) for line in lines], prior=priors, answers=answers)


def _next_question(review: Review, skipped: Collection[str]) -> Question | None:
    """The best question whose signature the planner has not skipped: skipped questions found on the way
    are handed back to the engine, which then asks the next best one."""
    passed: list[Question] = []
    for _attempt in range(len(skipped) + 1):
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
    existing = {m.key: m.id for m in session.scalars(select(Measure).where(Measure.topic_id == topic.id))}
    change = _Change(session, topic, existing.values(), visible)
    _persist(session, topic, review.measures())
    answered = sorted({int(i) for a in review.answers for i in (*a.left, *a.right)})
    for chunk in _chunks(answered):
        session.execute(update(MeasureLine).where(MeasureLine.suggestion_id.in_(chunk)).values(locked=True))
    session.flush()
    created = list(session.scalars(select(Measure).where(Measure.topic_id == topic.id,
                                                         Measure.key.not_in(list(existing)))))
    titles = sorted(set(session.scalars(select(Measure.title).join(MeasureLine).where(
        MeasureLine.suggestion_id.in_([*left_ids, *right_ids])))))
    summary = (_("Same measure") if same else _("Not the same measure")) + ": " + " / ".join(titles)
    correction = change.record("review", summary, actor, new_measure_ids=[m.id for m in created])
    answer = ReviewAnswer(topic_id=topic.id, left_ids=left_ids, right_ids=right_ids, same=same,
                          user_id=actor.id, correction_id=_id(session, correction))
    session.add(answer)
    session.flush()
    _finish(session, actor, "review.answer", correction, topic, same=same, left=left_ids, right=right_ids,
            answer=answer.id)
    return answer
