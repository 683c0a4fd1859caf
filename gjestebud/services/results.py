"""Closing the loop: the published results ("you said – we did"), the results mail to every reporting host,
the digest of later changes, and the same results as open data.

What the public, the hosts and the open data see is built in one place (`topic_results`) from the visible
lines of submitted reports, so a hidden line is never shown and never counted anywhere, and a group is only
ever "Gjestebud 7": no host is named. A measure without any visible line is left out.

Each host is mailed the results once (`Host.feedback_sent_at`); publishing again, or after unpublishing,
mails only hosts who were not told yet. Later changes to a measure's status or answer are marked on the
measure (`note_measure_changed`) and sent as one digest per host by `send_digests`, run from cron.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Any

from flask import render_template
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from .. import mail
from ..i18n import _, force_locale
from ..labels import MEASURE_STATUS
from ..markdown import plain_text
from ..models import (
    AuditEvent,
    Correction,
    Host,
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
    TopicStatus,
    User,
)
from . import audit, publish_checklist
from .exports import Cell, csv_chunks
from .hosts import topic_url
from .suggestions import Line, TopicCounts, counted_lines, topic_counts

LICENCE = {"name": "NLOD 2.0", "url": "https://data.norge.no/nlod/no/2.0"}
MAX_NEXT_STEPS = 20_000
# How much of an answer a mail quotes; the rest is on the results page.
EXCERPT_LINES = 3
EXCERPT_CHARS = 500


# The order statuses are summed up in: what was decided first, what is still open last.
STATUS_ORDER = (MeasureStatus.ADOPTED, MeasureStatus.PARTLY_ADOPTED, MeasureStatus.UNDER_REVIEW,
                MeasureStatus.REJECTED, MeasureStatus.OUT_OF_SCOPE, MeasureStatus.NEW)
THEME_KINDS = (QuestionKind.STRENGTHS, QuestionKind.CONTRIBUTIONS, QuestionKind.OPEN)
DECIDED = frozenset({MeasureStatus.ADOPTED, MeasureStatus.PARTLY_ADOPTED, MeasureStatus.REJECTED,
                     MeasureStatus.OUT_OF_SCOPE})


class ResultsError(Exception):
    """Results that cannot be published; the message is written for staff."""


# Reading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicMeasure:
    """A measure as the public sees it: support counted from its visible lines only."""

    measure: Measure
    lines: list[Line]
    # The question most of its lines answer (the earliest on a tie): where the results page lists it.
    question_id: int
    # That question's kind: only proposals carry status, answer and timeline; the rest are themes.
    kind: QuestionKind = QuestionKind.PROPOSALS

    @property
    def is_proposal(self) -> bool:
        return self.kind is QuestionKind.PROPOSALS

    @cached_property
    def gathering_numbers(self) -> list[int]:
        return sorted({line.gathering for line in self.lines})

    @property
    def gatherings(self) -> int:
        return len(self.gathering_numbers)

    @cached_property
    def participants(self) -> int:
        per_gathering = {line.gathering: line.participants or 0 for line in self.lines}
        return sum(per_gathering.values())

    @property
    def question_ids(self) -> list[int]:
        return sorted({line.question_id for line in self.lines})


@dataclass(frozen=True)
class Results:
    topic: Topic
    counts: TopicCounts
    measures: list[PublicMeasure]
    # Visible lines with the measure they belong to (None: not placed in a measure yet).
    lines: list[tuple[Line, int | None]]
    question_numbers: dict[int, int]
    # Who took part, aggregated so that no group can be picked out (see `participation`).
    participation: dict[str, Any] = field(default_factory=dict)

    def proposals(self) -> list[PublicMeasure]:
        """Measures that carry status, answer and timeline, most supported first."""
        return [m for m in self.measures if m.is_proposal]

    def themes(self) -> list[tuple[QuestionKind, list[PublicMeasure]]]:
        """Strengths, contributions and open answers as ranked themes (most supported first), per kind."""
        return [(kind, found) for kind in THEME_KINDS
                if (found := [m for m in self.measures if m.kind is kind])]


def is_public(topic: Topic) -> bool:
    """Published, and the topic itself is not a draft (drafts do not exist for the public)."""
    return topic.results_published_at is not None and topic.status is not TopicStatus.DRAFT


def topic_results(session: Session, topic: Topic) -> Results:
    """Every visible line with its measure, and the measures that hold at least one of them, most
    supported first."""
    question_numbers = {question.id: number for number, question in enumerate(topic.questions, 1)}
    rows = session.execute(
        counted_lines(topic).add_columns(MeasureLine.measure_id)
        .join(Question, Question.id == Suggestion.question_id)
        .outerjoin(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
        .order_by(Question.position, Host.number, Suggestion.position, Suggestion.id)
    )
    lines = [(Line(*row[:7]), row[7]) for row in rows]
    members: dict[int, list[Line]] = defaultdict(list)
    for line, measure_id in lines:
        if measure_id is not None:
            members[measure_id].append(line)
    kinds = {question.id: question.kind for question in topic.questions}
    measures = []
    for measure in session.scalars(select(Measure).where(Measure.topic_id == topic.id)
                                   .options(selectinload(Measure.milestones))):
        if measure.id in members:
            question_id = _main_question(members[measure.id], question_numbers)
            measures.append(PublicMeasure(measure, members[measure.id], question_id,
                                          kinds.get(question_id, QuestionKind.PROPOSALS)))
    measures.sort(key=lambda m: (-m.gatherings, -m.participants, m.measure.title, m.measure.id))
    return Results(topic=topic, counts=topic_counts(session, topic), measures=measures, lines=lines,
                   question_numbers=question_numbers, participation=participation(session, topic))


def _main_question(lines: list[Line], question_numbers: dict[int, int]) -> int:
    tally = Counter(line.question_id for line in lines)
    return min(tally, key=lambda question_id: (-tally[question_id], question_numbers.get(question_id, 0)))


def results_url(topic: Topic) -> str:
    return topic_url(topic) + "results"


def answer_excerpt(answer_md: str) -> str:
    """The answer's first lines as plain text, for a mail; "…" marks that the page has more."""
    lines = plain_text(answer_md).splitlines()
    excerpt = "\n".join(lines[:EXCERPT_LINES])
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS].rstrip()
    return excerpt + ("…" if excerpt != "\n".join(lines) else "")


# Who is told what -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A host whose group reported, and the measures their own group's lines are part of."""

    host: Host
    measures: list[PublicMeasure]

    @property
    def reachable(self) -> bool:
        host = self.host
        return bool(host.email) and host.withdrawn_at is None and host.erased_at is None

    @property
    def will_be_mailed(self) -> bool:
        return self.reachable and self.host.feedback_sent_at is None


def recipients(session: Session, results: Results) -> list[Recipient]:
    """Every host with a submitted report, by group number, whether or not the results mail can reach them."""
    by_gathering: dict[int, list[PublicMeasure]] = defaultdict(list)
    for measure in results.measures:
        for number in measure.gathering_numbers:
            by_gathering[number].append(measure)
    hosts = session.scalars(
        select(Host).join(Report, Report.host_id == Host.id)
        .where(Host.topic_id == results.topic.id, Report.status == ReportStatus.SUBMITTED)
        .order_by(Host.number)
    ).all()
    return [Recipient(host, by_gathering[host.number]) for host in hosts]


@dataclass(frozen=True)
class Change:
    """What a host was told about a measure before, and what is new since: the digest says exactly that."""

    old_status: MeasureStatus | None
    answer_changed: bool
    new_milestones: list[MeasureMilestone]


def _mail_items(measures: list[PublicMeasure],
                changes: dict[int, Change] | None = None) -> list[dict[str, Any]]:
    """Language-neutral parts of the group's proposal measures; the template adds the status labels in the
    recipient's language. With `changes` (the digest), each item also says what changed."""
    items = []
    for m in measures:
        if not m.is_proposal:
            continue
        item: dict[str, Any] = {"title": m.measure.title, "status": m.measure.status,
                                "answer": answer_excerpt(m.measure.answer_md),
                                "milestones": [(milestone.on, milestone.text, milestone.percent)
                                               for milestone in m.measure.milestones[-2:]]}
        change = (changes or {}).get(m.measure.id)
        if change is not None:
            item["was"] = change.old_status if change.old_status is not m.measure.status else None
            item["answer_changed"] = change.answer_changed
            item["milestones"] = [(milestone.on, milestone.text, milestone.percent)
                                  for milestone in change.new_milestones]
        items.append(item)
    return items


def group_url(topic: Topic, number: int) -> str:
    """The results page filtered to one group's measures ("Finn gruppa di"). Only the public group number is
    in it, so it reveals nothing the full page does not show."""
    return f"{results_url(topic)}?group={number}#measures-heading"


def _mail_context(recipient: Recipient, measures: list[PublicMeasure],
                  changes: dict[int, Change] | None = None) -> dict[str, Any]:
    host, topic = recipient.host, recipient.host.topic
    proposals = [m for m in measures if m.is_proposal]
    decided = sum(1 for m in proposals if m.measure.status in DECIDED)
    return {"name": host.name, "number": host.number, "topic": topic, "items": _mail_items(measures, changes),
            "themes": [m.measure.title for m in measures if not m.is_proposal],
            "decided": decided, "open": len(proposals) - decided,
            "link": results_url(topic), "group_link": group_url(topic, host.number)}


def _queue(session: Session, recipient: Recipient, template: str, kind: str,
           measures: list[PublicMeasure], changes: dict[int, Change] | None = None) -> None:
    host = recipient.host
    mail.queue_mail(session, recipient=host.email or "", template=template, language=host.language, kind=kind,
                    municipality_id=host.topic.municipality_id, **_mail_context(recipient, measures, changes))


def results_mail_text(recipient: Recipient, *, with_name: bool) -> str:
    """The results mail as the host will read it (subject on the first line), for staff to check before
    publishing; without the host's name for planners, who know groups by number only."""
    context = _mail_context(recipient, recipient.measures)
    if not with_name:
        context["name"] = None
    with force_locale(recipient.host.language):
        return render_template("mail/results.txt", **context).strip()


# Publishing -------------------------------------------------------------------------------------------------


def save_next_steps(session: Session, topic: Topic, next_steps_md: str, actor: User) -> None:
    topic.next_steps_md = (next_steps_md or "").strip()[:MAX_NEXT_STEPS]
    audit.record(session, actor, "results.next_steps", topic, municipality_id=topic.municipality_id)
    session.commit()


def publish_results(session: Session, topic: Topic, actor: User | str) -> int:
    """Make the results page public and mail every reporting host who has not been told yet; returns how
    many mails were queued. Safe to repeat: a host is mailed once, ever. Refuses while the checklist has a
    blocking item (the view asks staff to confirm the warnings first)."""
    if topic.status is TopicStatus.DRAFT:
        raise ResultsError(_("A draft topic has no public page. "
                             "Open the topic before publishing its results."))
    results = topic_results(session, topic)
    blocking = publish_checklist.checklist(session, topic, [m.measure for m in results.proposals()]).blocking
    if blocking:
        raise ResultsError(" ".join(item.message for item in blocking))
    now = datetime.now(timezone.utc)
    first_time = topic.results_published_at is None
    if first_time:
        topic.results_published_at = now
    queued = 0
    for recipient in recipients(session, results):
        if recipient.will_be_mailed:
            _queue(session, recipient, "results", "results", recipient.measures)
            recipient.host.feedback_sent_at = now
            queued += 1
    audit.record(session, actor, "results.publish", topic, municipality_id=topic.municipality_id,
                 mails=queued, republished=not first_time)
    session.commit()
    return queued


def unpublish_results(session: Session, topic: Topic, actor: User) -> None:
    """Hide the page again; hosts already told are not told again when it comes back."""
    if topic.results_published_at is None:
        return
    topic.results_published_at = None
    audit.record(session, actor, "results.unpublish", topic, municipality_id=topic.municipality_id)
    session.commit()


# The digest -------------------------------------------------------------------------------------------------


def note_measure_changed(session: Session, measure: Measure) -> None:
    """Call when a measure's status or answer changes (the caller commits): once the results are out, the
    hosts whose groups it came from hear about it in the next digest. "Out" includes a page unpublished for
    a while after hosts were told: they hear of changes made meanwhile once it is back.

    Reads without flushing, so it may be called while the caller's objects are half filled in."""
    with session.no_autoflush:
        topic = measure.topic if measure.topic is not None else session.get(Topic, measure.topic_id)
        if topic is None:
            return
        told = topic.results_published_at is not None or session.scalar(
            select(Host.id).where(Host.topic_id == topic.id, Host.feedback_sent_at.is_not(None)).limit(1))
    if told:
        measure.digest_pending = True


@dataclass(frozen=True)
class Digest:
    recipient: Recipient
    measures: list[PublicMeasure]


def changes_since_told(session: Session, topic: Topic, measure_ids: set[int]) -> dict[int, Change]:
    """For each measure, how it stood when the hosts were last told (the last digest of the topic, else the
    first results mail), read from the planners' correction history, and the milestones added since."""
    since = session.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.action == "results.digest", AuditEvent.object_type == "topic",
        AuditEvent.object_id == topic.id))
    if since is None:
        since = session.scalar(select(func.min(Host.feedback_sent_at)).where(Host.topic_id == topic.id))
    decisions = session.scalars(select(Correction).where(
        Correction.topic_id == topic.id, Correction.kind == "decide", Correction.at > since)
        .order_by(Correction.at, Correction.id)).all() if since is not None else []
    changes = {}
    for measure in session.scalars(select(Measure).where(Measure.id.in_(measure_ids))):
        before: dict[str, Any] = next((found for c in decisions
                                       if (found := c.before.get("measures", {}).get(str(measure.id)))), {})
        old_status = MeasureStatus(before["status"]) if before.get("status") else None
        answer_changed = "answer_md" in before and before["answer_md"] != (measure.answer_md or "")
        new = [m for m in measure.milestones if since is None or m.updated_at > since]
        changes[measure.id] = Change(old_status, answer_changed, new)
    return changes


def _digests_for(session: Session, topic: Topic, pending_ids: set[int]) -> list[Digest]:
    """One digest per host who was sent the results and whose group is behind a changed measure."""
    digests = []
    for recipient in recipients(session, topic_results(session, topic)):
        theirs = [m for m in recipient.measures if m.measure.id in pending_ids]
        if theirs and recipient.reachable and recipient.host.feedback_sent_at is not None:
            digests.append(Digest(recipient, theirs))
    return digests


def send_digests(session: Session, *, dry_run: bool = False) -> list[Digest]:
    """For every public topic with changed measures: one mail per affected host, then the measures are no
    longer pending. Returns the digests queued (with `dry_run`, the ones that would be, queuing nothing).

    The pending flags are cleared with a conditional UPDATE before the mails are queued, in one transaction
    per topic, so two runs at once never send the same change twice."""
    digests: list[Digest] = []
    topics = session.scalars(
        select(Topic).where(Topic.results_published_at.is_not(None), Topic.status != TopicStatus.DRAFT,
                            Topic.id.in_(select(Measure.topic_id).where(Measure.digest_pending.is_(True))))
        .order_by(Topic.id)
    ).all()
    for topic in topics:
        pending = set(session.scalars(select(Measure.id).where(Measure.topic_id == topic.id,
                                                               Measure.digest_pending.is_(True))))
        if dry_run:
            digests += _digests_for(session, topic, pending)
            continue
        claimed = set(session.scalars(
            update(Measure).where(Measure.id.in_(pending), Measure.digest_pending.is_(True))
            .values(digest_pending=False).returning(Measure.id)))
        topic_digests = _digests_for(session, topic, claimed)
        changes = changes_since_told(session, topic, claimed)
        for digest in topic_digests:
            _queue(session, digest.recipient, "digest", "digest", digest.measures, changes)
        audit.record(session, "system", "results.digest", topic, municipality_id=topic.municipality_id,
                     mails=len(topic_digests), measures=sorted(claimed))
        session.commit()
        digests += topic_digests
    return digests


# Open data --------------------------------------------------------------------------------------------------

# In a small place a group of eight may be recognised by its area and ages: people are counted only in sums
# over at least this many participants and two groups, and any smaller count is published as "<5".
MIN_PUBLISHED_COUNT = 5
SUPPRESSED = f"<{MIN_PUBLISHED_COUNT}"


def _published(count: int) -> int | str:
    return count if count >= MIN_PUBLISHED_COUNT else SUPPRESSED


def participation(session: Session, topic: Topic) -> dict[str, Any]:
    """Participants and age bands of the submitted reports, for the topic and for each area that has at
    least two groups and MIN_PUBLISHED_COUNT participants; never per group. `areas` lists only those areas,
    so a line's area is published only where it does not point to one group."""
    rows = session.execute(
        select(Host.area, Report.participants, *(getattr(Report, band) for band in Report.AGE_BANDS))
        .join(Host, Report.host_id == Host.id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED)).all()

    def summary(group: list[Any]) -> dict[str, Any]:
        return {"gatherings": len(group),
                "participants": _published(sum(row[1] or 0 for row in group)),
                "age_bands": {band.removeprefix("age_"): _published(sum(row[2 + i] or 0 for row in group))
                              for i, band in enumerate(Report.AGE_BANDS)}}

    by_area: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        if row[0]:
            by_area[row[0]].append(row)
    areas = [{"area": area, **summary(group)} for area, group in sorted(by_area.items())
             if len(group) >= 2 and sum(row[1] or 0 for row in group) >= MIN_PUBLISHED_COUNT]
    return {"topic": summary(list(rows)), "areas": areas}


def _public_area(results: Results, area: str | None) -> str | None:
    return area if any(entry["area"] == area for entry in results.participation.get("areas", ())) else None



def open_data(results: Results) -> dict[str, Any]:
    """The results as JSON-ready data. Keys are stable English names: this is an interface, not page text."""
    topic, numbers = results.topic, results.question_numbers
    published_at = topic.results_published_at
    return {
        "licence": LICENCE,
        "topic": {"title": topic.title, "municipality": topic.municipality.name, "url": results_url(topic),
                  "published_at": published_at.isoformat() if published_at else None},
        "summary": {"gatherings": results.counts.reports, "participants": results.counts.participants,
                    "suggestions": results.counts.suggestions},
        "questions": [{"number": numbers[q.id], "text": q.text} for q in topic.questions],
        "measures": [{
            "id": m.measure.id, "title": m.measure.title, **_decision(m),
            "support_gatherings": m.gatherings, "support_participants": m.participants,
            "question": numbers.get(m.question_id),
            "questions": [numbers[question_id] for question_id in m.question_ids if question_id in numbers],
            "kind": m.kind.value, "milestones": milestones(m),
        } for m in results.measures],
        "participation": results.participation,
        "lines": [{"id": line.id, "measure_id": measure_id, "question": numbers.get(line.question_id),
                   "gathering": line.gathering, "area": _public_area(results, line.area), "text": line.text}
                  for line, measure_id in results.lines],
    }


def _decision(public: PublicMeasure) -> dict[str, Any]:
    """Status and answer of a proposal; a theme has neither (None), whatever its row holds."""
    measure = public.measure
    if not public.is_proposal:
        return {"status": None, "status_label": None, "answer": None}
    return {"status": measure.status.value, "status_label": str(MEASURE_STATUS[measure.status]),
            "answer": measure.answer_md or ""}


def milestones(public: PublicMeasure) -> list[dict[str, Any]]:
    """A proposal's timeline, oldest first; themes have none."""
    if not public.is_proposal:
        return []
    return [{"date": m.on.isoformat(), "text": m.text, "percent": m.percent, "unit": m.unit}
            for m in public.measure.milestones]


def _milestones_cell(public: PublicMeasure) -> str:
    """The timeline in one CSV cell, a milestone per line:
    "2027-03-01: Anbud sendt ut (40 %; Teknisk drift)"."""
    cells = []
    for m in milestones(public):
        percent = f"{m['percent']} %" if m["percent"] is not None else ""
        extra = "; ".join(part for part in (percent, m["unit"]) if part)
        cells.append(f"{m['date']}: {m['text']}" + (f" ({extra})" if extra else ""))
    return "\n".join(cells)


CSV_HEADER = ["line_id", "question", "gathering", "area", "text", "measure_id", "measure_title", "status",
              "status_label", "answer", "support_gatherings", "support_participants", "question_kind",
              "milestones"]


def open_data_csv(results: Results) -> Iterator[str]:
    """One row per visible line, with its measure's columns (empty while the line is in no measure)."""
    measures = {m.measure.id: m for m in results.measures}

    def rows() -> Iterator[list[Cell]]:
        for line, measure_id in results.lines:
            row: list[Cell] = [line.id, results.question_numbers.get(line.question_id), line.gathering,
                               _public_area(results, line.area), line.text]
            found = measures.get(measure_id) if measure_id is not None else None
            if found is None:
                row += [None] * 9
            else:
                measure = found.measure
                decision = _decision(found)
                row += [measure.id, measure.title, decision["status"], decision["status_label"],
                        decision["answer"], found.gatherings, found.participants, found.kind.value,
                        _milestones_cell(found)]
            yield row

    return csv_chunks(CSV_HEADER, rows())

