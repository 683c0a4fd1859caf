"""The public results page as a resident on a phone uses it: what was decided at the top, then filters,
search, a group's own measures ("Finn gruppa di"), a few representative quotes per measure, and the themes.

Everything is plain GET parameters, so the page works without JavaScript and every view has its own address.
The group filter takes the public group number only ("Gjestebud 7", printed next to every line anyway): it
shows nothing that is not already on the full page, and no host data at all, so guessing numbers gains
nothing.

Speed: the published state (measures, lines, answers rendered from Markdown, quotes, search text) is built
once per publication and cached in the process under a fingerprint of everything it is made of, so any change
(a decision, a milestone, a hidden line, a retitled measure, a translation) makes a new key and the old entry
ages out. Rendered page bodies and open data are cached the same way per language and query.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, TypeVar

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..markdown import render_markdown
from ..models import (
    Measure,
    MeasureLine,
    MeasureMilestone,
    MeasureStatus,
    Question,
    QuestionKind,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
)
from .results import STATUS_ORDER, PublicMeasure, topic_results
from .suggestions import Line, TopicCounts

PAGE_SIZE = 12
# Themes shown per kind before a link to all of them (a kind chosen in the filter, or the full list, shows
# all).
THEMES_SHOWN = 6
QUOTES = 3
MAX_QUERY = 100
CACHE_ENTRIES = 256
# An area is offered as a filter only with this many groups in it: fewer would single out a group (and so,
# in a small place, its host).
MIN_AREA_GATHERINGS = 3

_WORD = re.compile(r"\w{3,}")


# Representative quotes --------------------------------------------------------------------------------------


def _terms(text: str) -> frozenset[str]:
    """Crude, language-neutral word stems (first five letters), enough to tell which lines say the same."""
    return frozenset(word[:5] for word in _WORD.findall(text.casefold()))


def representative(lines: list[Line], count: int = QUOTES) -> list[Line]:
    """The lines that share the most words with the other lines of their measure, one per group as far as
    possible, in a stable order; a measure's few quotes then say what most of its groups said."""
    terms = {line.id: _terms(line.text) for line in lines}

    def centrality(line: Line) -> float:
        mine = terms[line.id]
        if not mine:
            return 0.0
        return sum(len(mine & terms[other.id]) / len(mine | terms[other.id])
                   for other in lines if other.id != line.id and terms[other.id])

    ranked = sorted(lines, key=lambda line: (-centrality(line), len(line.text), line.id))
    chosen: list[Line] = []
    groups: set[int] = set()
    for line in ranked:
        if line.gathering not in groups:
            chosen.append(line)
            groups.add(line.gathering)
        if len(chosen) == count:
            return chosen
    return chosen + [line for line in ranked if line not in chosen][:count - len(chosen)]


# The published state ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    on: date
    text: str
    percent: int | None
    unit: str
    created_at: datetime


@dataclass(frozen=True)
class Item:
    """One measure or theme as the page shows it: plain values only (the cache outlives the database session
    that read them), with what a view needs computed once."""

    id: int
    title: str
    status: MeasureStatus
    updated_at: datetime
    kind: QuestionKind
    question_id: int
    answer_md: str
    answer_html: Markup
    milestones: tuple[Milestone, ...]
    gatherings: int
    participants: int
    gathering_numbers: tuple[int, ...]
    lines: tuple[Line, ...]
    quotes: tuple[Line, ...]
    areas: frozenset[str]
    search_text: str

    @property
    def is_proposal(self) -> bool:
        return self.kind is QuestionKind.PROPOSALS

    @property
    def others(self) -> list[Line]:
        """The lines not quoted, shown folded."""
        quoted = {line.id for line in self.quotes}
        return [line for line in self.lines if line.id not in quoted]

    def lines_of(self, group: int | None) -> list[Line]:
        return [line for line in self.lines if line.gathering == group]


@dataclass(frozen=True)
class State:
    counts: TopicCounts
    question_numbers: dict[int, int]
    items: list[Item]
    areas: list[str]

    def proposals(self) -> list[Item]:
        return [item for item in self.items if item.is_proposal]

    def status_counts(self) -> list[tuple[MeasureStatus, int]]:
        tally = Counter(item.status for item in self.proposals())
        return [(status, tally[status]) for status in STATUS_ORDER if tally[status]]


def _item(public: PublicMeasure) -> Item:
    measure = public.measure
    words = [measure.title, measure.answer_md or ""] + [line.text for line in public.lines]
    return Item(
        id=measure.id, title=measure.title, status=measure.status, updated_at=measure.updated_at,
        kind=public.kind,
        question_id=public.question_id, answer_md=measure.answer_md or "",
        answer_html=render_markdown(measure.answer_md) if public.is_proposal else Markup(""),
        milestones=tuple(Milestone(m.on, m.text, m.percent, m.unit, m.created_at) for m in measure.milestones)
        if public.is_proposal else (),
        gatherings=public.gatherings, participants=public.participants,
        gathering_numbers=tuple(public.gathering_numbers), lines=tuple(public.lines),
        quotes=tuple(representative(public.lines)),
        areas=frozenset(line.area for line in public.lines if line.area),
        search_text=" ".join(words).casefold())


def build_state(session: Session, topic: Topic) -> State:
    results = topic_results(session, topic)
    items = [_item(public) for public in results.measures]
    groups: dict[str, set[int]] = {}
    for item in items:
        for line in item.lines:
            if line.area:
                groups.setdefault(line.area, set()).add(line.gathering)
    used = {area for area, numbers in groups.items() if len(numbers) >= MIN_AREA_GATHERINGS}
    areas = [area for area in topic.areas if area in used] + sorted(used - set(topic.areas))
    return State(counts=results.counts, question_numbers=dict(results.question_numbers), items=items,
                 areas=areas)


def fingerprint(session: Session, topic: Topic) -> tuple[Any, ...]:
    """Everything the published state is made of, in one cheap query plus the loaded topic: a change to any
    of it gives a new key."""
    of_topic = Measure.topic_id == topic.id
    visible = (Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED,
               Suggestion.hidden.is_(False))
    values = [
        select(func.count(Measure.id)).where(of_topic),
        select(func.max(Measure.updated_at)).where(of_topic),
        select(func.count(MeasureLine.suggestion_id)).join(Measure, Measure.id == MeasureLine.measure_id)
        .where(of_topic),
        select(func.count(MeasureMilestone.id)).join(Measure, Measure.id == MeasureMilestone.measure_id)
        .where(of_topic),
        select(func.max(MeasureMilestone.updated_at)).join(Measure, Measure.id == MeasureMilestone.measure_id)
        .where(of_topic),
        select(func.count(Suggestion.id)).join(Report, Report.id == Suggestion.report_id).where(*visible),
        select(func.max(Report.updated_at)).where(Report.topic_id == topic.id),
    ]
    row = session.execute(select(*(value.scalar_subquery() for value in values))).one()
    questions = tuple((q.id, q.position, q.text, q.kind.value, json.dumps(q.translations, sort_keys=True))
                      for q in topic.questions)
    return (topic.id, topic.results_published_at, topic.updated_at, tuple(row), questions)


_cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_lock = threading.Lock()
T = TypeVar("T")


def cached(key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """A small LRU shared by the threads of one process; entries of an old fingerprint simply age out."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]  # type: ignore[no-any-return]
    value = build()
    with _lock:
        _cache[key] = value
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def published_state(session: Session, topic: Topic) -> tuple[tuple[Any, ...], State]:
    key = fingerprint(session, topic)
    return key, cached(("state", key), lambda: build_state(session, topic))


# Filters ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the resident chose; unknown values are ignored (a stale or edited link still shows a page)."""

    status: MeasureStatus | None = None
    question: int | None = None
    area: str | None = None
    kind: QuestionKind | None = None
    query: str = ""
    group: int | None = None
    page: int = 1
    full: bool = False

    @classmethod
    def parse(cls, args: Mapping[str, str], state: State) -> Filters:
        def number(name: str) -> int | None:
            value = (args.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 7 else None

        status = args.get("status") or ""
        kind = args.get("kind") or ""
        question = number("question")
        area = args.get("area") or None
        return cls(
            status=MeasureStatus(status) if status in MeasureStatus._value2member_map_ else None,
            question=question if question in state.question_numbers.values() else None,
            area=area if area in state.areas else None,
            kind=QuestionKind(kind) if kind in QuestionKind._value2member_map_ else None,
            query=" ".join((args.get("q") or "").split())[:MAX_QUERY],
            group=number("group"),
            page=max(1, number("page") or 1),
            full=args.get("all") == "1",
        )

    @property
    def active(self) -> bool:
        return any((self.status, self.question, self.area, self.kind, self.query, self.group))

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query parameters for a link to this view with some choices changed; a new choice starts at
        page 1."""
        chosen = replace(self, **({"page": 1} | changes))
        found = {"status": chosen.status.value if chosen.status else None, "question": chosen.question,
                 "area": chosen.area, "kind": chosen.kind.value if chosen.kind else None,
                 "q": chosen.query or None, "group": chosen.group,
                 "page": chosen.page if chosen.page > 1 else None, "all": "1" if chosen.full else None}
        return {name: value for name, value in found.items() if value is not None}

    def key(self) -> tuple[Any, ...]:
        return tuple(sorted(self.args(page=self.page).items()))


def _matches(item: Item, filters: Filters, numbers: dict[int, int], skip: str = "") -> bool:
    if skip != "status" and filters.status and (not item.is_proposal or item.status is not filters.status):
        return False
    if skip != "question" and filters.question and numbers.get(item.question_id) != filters.question:
        return False
    if skip != "area" and filters.area and filters.area not in item.areas:
        return False
    if skip != "kind" and filters.kind and item.kind is not filters.kind:
        return False
    if filters.group and filters.group not in item.gathering_numbers:
        return False
    return all(word in item.search_text for word in filters.query.casefold().split())


@dataclass(frozen=True)
class FeedEntry:
    id: str
    updated: datetime
    item: Item
    milestone: Milestone | None


def feed_entries(state: State, published_at: datetime, limit: int = 50) -> list[FeedEntry]:
    """The topic's changes since publication, newest first: each milestone, and each proposal measure whose
    status or answer changed after the results went out."""
    entries = []
    for item in state.proposals():
        for milestone in item.milestones:
            entries.append(FeedEntry(f"milestone-{item.id}-{milestone.created_at.timestamp():.0f}",
                                     milestone.created_at, item, milestone))
        if item.updated_at > published_at:
            entries.append(FeedEntry(f"measure-{item.id}-{item.updated_at.timestamp():.0f}", item.updated_at,
                                     item, None))
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class View:
    """One page of the results as filtered, with the counts every filter choice would give."""

    filters: Filters
    proposals: list[Item]
    proposal_total: int
    # Per kind: the themes shown, and how many match in all.
    themes: list[tuple[QuestionKind, list[Item], int]]
    pages: int
    status_facets: list[tuple[MeasureStatus, int]]
    question_facets: list[tuple[int, Any, int]]
    area_facets: list[tuple[str, int]]
    kind_facets: list[tuple[QuestionKind, int]]
    top: list[Item] = field(default_factory=list)


def view(state: State, filters: Filters, topic: Topic) -> View:
    """`topic` is the request's own, for the questions' wording in the visitor's language."""
    numbers = state.question_numbers
    items = state.items

    def count(skip: str) -> list[Item]:
        return [item for item in items if _matches(item, filters, numbers, skip)]

    status_tally = Counter(item.status for item in count("status") if item.is_proposal)
    question_tally = Counter(numbers.get(item.question_id) for item in count("question"))
    area_tally = Counter(area for item in count("area") for area in item.areas)
    kind_tally = Counter(item.kind for item in count("kind"))
    matching = [item for item in items if _matches(item, filters, numbers)]
    proposals = [item for item in matching if item.is_proposal]
    pages = max(1, -(-len(proposals) // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = proposals if filters.full else proposals[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    themes = [(kind, [item for item in matching if item.kind is kind])
              for kind in (QuestionKind.STRENGTHS, QuestionKind.CONTRIBUTIONS, QuestionKind.OPEN)]
    return View(
        filters=replace(filters, page=page), proposals=shown, proposal_total=len(proposals),
        themes=[(kind, found if filters.full or filters.kind is kind else found[:THEMES_SHOWN], len(found))
                for kind, found in themes if found], pages=pages,
        status_facets=[(status, status_tally[status]) for status in STATUS_ORDER
                       if status_tally[status] or filters.status is status],
        question_facets=[(numbers[q.id], q, question_tally[numbers[q.id]]) for q in topic.questions
                         if question_tally[numbers[q.id]] or filters.question == numbers[q.id]],
        area_facets=[(area, area_tally[area]) for area in state.areas
                     if area_tally[area] or filters.area == area],
        kind_facets=[(kind, kind_tally[kind]) for kind in QuestionKind if kind_tally[kind]],
        top=state.proposals()[:3],
    )


# The host's own page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnLine:
    """One line as the group sent it and, once the results are public, the measure or theme it is part of."""

    suggestion: Suggestion
    item: Item | None


def own_lines(session: Session, topic: Topic, report: Report | None,
              public: bool) -> list[tuple[Question, list[OwnLine]]]:
    """The group's lines by question, as sent; hidden lines are listed too (they are the host's own words)
    but never linked to a measure."""
    if report is None or report.status is not ReportStatus.SUBMITTED:
        return []
    by_line: dict[int, Item] = {}
    if public:
        _key, state = published_state(session, topic)
        by_line = {line.id: item for item in state.items for line in item.lines}
    return [(question, [OwnLine(s, None if s.hidden else by_line.get(s.id))
                        for s in report.suggestions if s.question_id == question.id])
            for question in topic.questions]
