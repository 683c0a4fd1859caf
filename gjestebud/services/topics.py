"""Topics as organisers set them up: texts, deadlines, areas and the ordered question set, plus the
moderation of suggestion lines and the hosts who signed up on paper.

The question set is the municipality's fixed assignment: once any host has started a report, changing it
would make the groups' answers incomparable, so every question change is refused from then on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..i18n import _
from ..models import (
    HideReason,
    Host,
    Question,
    QuestionKind,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
    TopicStatus,
    User,
    utcnow,
)
from ..security import new_token
from . import audit, measures
from .counts import topic_figures
from .hosts import next_host_number
from .measures import refresh_kinds

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Norwegian letters that Unicode decomposition does not reduce to a-z.
_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss"})
# Organisers hide personal data and what is off topic; whether a line is a measure is the planners' call.
HIDE_REASONS = (HideReason.PERSONAL_DATA, HideReason.OFF_TOPIC)


class QuestionsFrozen(Exception):
    """A report exists for the topic, so its question set may no longer change."""


class SlugTaken(Exception):
    """Another topic of the municipality got the slug first (caught at commit, after form validation)."""


def suggest_slug(title: str, max_length: int = 80) -> str:
    """"Utvikling av Sjøvegan sentrum" -> "utvikling-av-sjovegan-sentrum"."""
    text = unicodedata.normalize("NFKD", title.lower().translate(_TRANSLITERATE))
    ascii_text = text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")


def default_guide() -> str:
    """The host guide a new topic starts from, in the organiser's language; they adapt it to the topic."""
    return _(
        "## How to hold a gjestebud\n\n"
        "1. **Invite up to 8 guests**: family, neighbours, friends or colleagues. Four to eight people "
        "make a good conversation.\n"
        "2. **Set aside about 2 hours.** Something simple to eat or drink helps; the conversation is what "
        "matters.\n"
        "3. **Go through the questions** one at a time. Everyone gets to speak, and you do not need to "
        "agree.\n"
        "4. **Write down the group's suggestions, one suggestion per line.** Do not write down any names: "
        "the answers become public records.\n"
        "5. **Send in the answers before the deadline** through your personal link, or hand in the "
        "printed answer sheet.\n"
    )


def slug_in_use(session: Session, municipality_id: int, slug: str, *,
                exclude_topic_id: int | None = None) -> bool:
    query = select(Topic.id).where(Topic.municipality_id == municipality_id, Topic.slug == slug)
    if exclude_topic_id is not None:
        query = query.where(Topic.id != exclude_topic_id)
    return session.scalar(query.limit(1)) is not None


def create_topic(session: Session, *, municipality_id: int, title: str, slug: str, intro_md: str,
                 guide_md: str, areas: list[str], signup_deadline: date | None, report_deadline: date | None,
                 status: TopicStatus, reminder_days_before: int, retention_days: int, actor: User,
                 questions: Sequence[str] = (), kinds: Sequence[QuestionKind] = ()) -> Topic:
    """`questions` (and their `kinds`) come from a question-set template; organisers adapt them afterwards."""
    topic = Topic(municipality_id=municipality_id, title=title, slug=slug, intro_md=intro_md,
                  guide_md=guide_md, areas=areas, signup_deadline=signup_deadline,
                  report_deadline=report_deadline, status=status, reminder_days_before=reminder_days_before,
                  retention_days=retention_days)
    topic.questions = [Question(position=position, text=text, kind=kind)
                       for position, (text, kind) in enumerate(
                           zip(questions, [*kinds, *[QuestionKind.PROPOSALS] * len(questions)], strict=False),
                           1)]
    session.add(topic)
    try:
        audit.record(session, actor, "topic.create", topic, municipality_id=municipality_id, slug=slug,
                     questions=len(questions))
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise SlugTaken from exc
    return topic


def update_topic(session: Session, topic: Topic, *, title: str, slug: str, intro_md: str, guide_md: str,
                 areas: list[str], signup_deadline: date | None, report_deadline: date | None,
                 status: TopicStatus, reminder_days_before: int, retention_days: int, actor: User) -> None:
    new_values = {"title": title, "slug": slug, "intro_md": intro_md, "guide_md": guide_md,
                  "areas": list(areas), "signup_deadline": signup_deadline,
                  "report_deadline": report_deadline, "status": status,
                  "reminder_days_before": reminder_days_before,
                  "retention_days": retention_days}
    changed = sorted(name for name, value in new_values.items() if getattr(topic, name) != value)
    for name, value in new_values.items():
        setattr(topic, name, value)
    audit.record(session, actor, "topic.update", topic, municipality_id=topic.municipality_id,
                 changed=changed)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise SlugTaken from exc


def questions_frozen(session: Session, topic: Topic) -> bool:
    """True once any host has a draft or submitted report for the topic."""
    return bool(session.scalar(select(exists().where(
        Report.topic_id == topic.id, Report.status.in_((ReportStatus.DRAFT, ReportStatus.SUBMITTED))))))


def _ensure_not_frozen(session: Session, topic: Topic) -> None:
    if questions_frozen(session, topic):
        raise QuestionsFrozen


def add_question(session: Session, topic: Topic, *, text: str, help_text: str, actor: User,
                 kind: QuestionKind = QuestionKind.PROPOSALS) -> Question:
    _ensure_not_frozen(session, topic)
    highest = session.scalar(select(func.max(Question.position)).where(Question.topic_id == topic.id))
    position = (highest or 0) + 1
    question = Question(topic_id=topic.id, position=position, text=text, help_text=help_text, kind=kind)
    session.add(question)
    audit.record(session, actor, "question.add", question, municipality_id=topic.municipality_id,
                 topic_id=topic.id)
    session.commit()
    session.refresh(topic)
    return question


def update_question(session: Session, question: Question, *, text: str, help_text: str, actor: User,
                    kind: QuestionKind | None = None) -> None:
    topic = question.topic
    _ensure_not_frozen(session, topic)
    question.text, question.help_text = text, help_text
    if kind is not None:
        question.kind = kind
    audit.record(session, actor, "question.update", question, municipality_id=topic.municipality_id,
                 topic_id=topic.id)
    session.commit()


def set_question_kind(session: Session, question: Question, kind: QuestionKind, *, actor: User) -> None:
    """Allowed after reports came in: the kind decides how answers are presented (measures with status and
    answer, or ranked themes), not what the hosts were asked. The topic's measures take the new kind."""
    topic = question.topic
    old, question.kind = question.kind, kind
    session.flush()
    refresh_kinds(session, topic)
    audit.record(session, actor, "question.kind", question, municipality_id=topic.municipality_id,
                 topic_id=topic.id, old=old.value, new=kind.value)
    session.commit()


def move_question(session: Session, question: Question, direction: str, *, actor: User) -> None:
    """Swap with the neighbour above ("up") or below ("down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    topic = question.topic
    _ensure_not_frozen(session, topic)
    ordered = list(topic.questions)
    index = ordered.index(question)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(ordered):
        return
    other = ordered[other_index]
    question.position, other.position = other.position, question.position
    audit.record(session, actor, "question.move", question, municipality_id=topic.municipality_id,
                 topic_id=topic.id, direction=direction)
    session.commit()
    session.refresh(topic)


def remove_question(session: Session, question: Question, *, actor: User) -> None:
    """Also refused while a withdrawn report still holds lines answering it: those lines point at it."""
    topic = question.topic
    _ensure_not_frozen(session, topic)
    if session.scalar(select(exists().where(Suggestion.question_id == question.id))):
        raise QuestionsFrozen
    audit.record(session, actor, "question.remove", question, municipality_id=topic.municipality_id,
                 topic_id=topic.id, text=question.text)
    topic.questions.remove(question)
    for position, remaining in enumerate(topic.questions, 1):
        remaining.position = position
    session.commit()


@dataclass(frozen=True)
class HostCounts:
    signed_up: int
    confirmed: int


def host_counts(session: Session, topic: Topic) -> HostCounts:
    """Sign-ups that still stand, as `services.counts` defines them."""
    figures = topic_figures(session, topic)
    return HostCounts(signed_up=figures.signed_up, confirmed=figures.confirmed)


def register_paper_host(session: Session, topic: Topic, *, name: str | None, email: str | None,
                        phone: str | None, area: str | None, actor: User) -> Host:
    """A resident who signed up on a paper form: confirmed at once, so their paper report can be typed in.

    Nobody is told the secret link; the organiser can send the kit later if an e-mail address is known.
    """
    _token, token_hash = new_token()
    host = Host(topic_id=topic.id, number=next_host_number(session, topic), name=name, email=email,
                phone=phone, area=area, token_hash=token_hash,
                language=current_app.config["DEFAULT_LANGUAGE"], confirmed_at=utcnow())
    session.add(host)
    audit.record(session, actor, "host.register_paper", host, municipality_id=topic.municipality_id,
                 topic_id=topic.id)
    session.commit()
    session.refresh(topic)
    return host


def hide_line(session: Session, suggestion: Suggestion, reason: str, *, actor: User) -> None:
    """Hidden lines stay in the report (the record is kept) but never reach planners or the public."""
    if reason not in HIDE_REASONS:
        raise ValueError(reason)
    topic = suggestion.report.topic
    with measures.changing_lines(session, topic, [suggestion.id], actor):
        suggestion.hidden, suggestion.hidden_reason, suggestion.review_pending = True, reason, False
    audit.record(session, actor, "suggestion.hide", suggestion, municipality_id=topic.municipality_id,
                 reason=reason)
    session.commit()


def unhide_line(session: Session, suggestion: Suggestion, *, actor: User) -> None:
    topic = suggestion.report.topic
    with measures.changing_lines(session, topic, [suggestion.id], actor):
        suggestion.hidden, suggestion.hidden_reason, suggestion.review_pending = False, None, False
    audit.record(session, actor, "suggestion.unhide", suggestion, municipality_id=topic.municipality_id)
    session.commit()


def lines_to_review(session: Session, topic: Topic) -> list[Suggestion]:
    """Lines a host changed after they were hidden: still hidden until an organiser looks again."""
    return list(session.scalars(
        select(Suggestion).join(Report, Suggestion.report_id == Report.id)
        .where(Report.topic_id == topic.id, Suggestion.review_pending.is_(True))
        .order_by(Report.id, Suggestion.question_id, Suggestion.position)))


def keep_line_hidden(session: Session, suggestion: Suggestion, *, actor: User) -> None:
    """The organiser looked at the changed line and it stays hidden."""
    suggestion.review_pending = False
    audit.record(session, actor, "suggestion.keep_hidden", suggestion,
                 municipality_id=suggestion.report.topic.municipality_id, reason=suggestion.hidden_reason)
    session.commit()


def save_translation(session: Session, topic: Topic, language: str, *, title: str, intro_md: str,
                     guide_md: str, questions: dict[int, tuple[str, str]], actor: User) -> None:
    """Store one language's wording of the topic and its questions; empty texts fall back to the original.

    Allowed while the question set is frozen: a translation says the same thing to more residents.
    """
    if language == current_app.config["DEFAULT_LANGUAGE"] or language not in current_app.config["LANGUAGES"]:
        raise ValueError(language)
    translations = dict(topic.translations or {})
    translations[language] = {"title": title, "intro_md": intro_md, "guide_md": guide_md}
    topic.translations = translations  # a new dict, so the JSON column is seen as changed
    for question in topic.questions:
        text, help_text = questions.get(question.id, ("", ""))
        question_translations = dict(question.translations or {})
        question_translations[language] = {"text": text, "help_text": help_text}
        question.translations = question_translations
    audit.record(session, actor, "topic.translate", topic, municipality_id=topic.municipality_id,
                 language=language)
    session.commit()


def hosts_overview(session: Session, topic: Topic) -> tuple[Sequence[Host], dict[int, User]]:
    """The topic's hosts by number with their reports, and the staff who typed in paper reports by id."""
    hosts = session.scalars(select(Host).where(Host.topic_id == topic.id).order_by(Host.number)
                            .options(selectinload(Host.report))).all()
    transcriber_ids = {h.report.transcribed_by_id for h in hosts if h.report and h.report.transcribed_by_id}
    transcribers = ({u.id: u for u in session.scalars(select(User).where(User.id.in_(transcriber_ids)))}
                    if transcriber_ids else {})
    return hosts, transcribers
