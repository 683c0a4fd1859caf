"""The demo a newcomer sees after `make run`: Salangen kommune, an open topic, a finished and published round,
and three staff accounts.

The content lives in `data/*.toml` and is read through the package, so an installed app has it too:
`salangen.toml` (municipality, accounts, the open topic), `finished_round.toml` (the round's topic and the
groups' reports) and `decisions.toml` (the municipality's status, answer and timeline per measure, each entry
keyed by lines of the measure it answers).
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..models import (
    Host,
    MeasureLine,
    MeasureStatus,
    Municipality,
    Question,
    QuestionKind,
    Report,
    Role,
    Suggestion,
    Topic,
    TopicStatus,
    User,
    utcnow,
)
from ..security import new_token
from ..services import audit
from ..services.follow_up import add_milestone
from ..services.measures import merge_measures, run_consolidation, set_decision
from ..services.reports import save_report
from ..services.results import publish_results, topic_results
from ..services.topics import hide_line
from ..services.users import create_user, set_password


class DemoDataError(Exception):
    """The data files do not fit what the engine made of them (a named line is missing, or an entry's lines
    are on a theme): fix the data, never guess."""


def read(name: str) -> dict[str, Any]:
    """One data file of this package, parsed."""
    return tomllib.loads(resources.files(__name__).joinpath("data", name).read_text(encoding="utf-8"))


def load_demo(session: Session, password: str) -> list[tuple[str, str]]:
    """Create what is missing and set the demo accounts' password; safe to run again."""
    data = read("salangen.toml")
    place = data["municipality"]
    municipality = session.scalar(select(Municipality).where(Municipality.slug == place["slug"]))
    if municipality is None:
        municipality = Municipality(slug=place["slug"], name=place["name"],
                                    contact_email=place["contact_email"])
        session.add(municipality)
        session.flush()
        audit.record(session, "demo", "municipality.create", municipality, municipality_id=municipality.id)

    open_topic = data["open_topic"]
    if _topic(session, municipality, open_topic["slug"]) is None:
        today = date.today()
        topic = Topic(municipality_id=municipality.id, slug=open_topic["slug"], title=open_topic["title"],
                      intro_md=open_topic["intro_md"], guide_md=open_topic["guide_md"],
                      areas=list(open_topic["areas"]), status=TopicStatus.OPEN,
                      signup_deadline=today + timedelta(days=open_topic["signup_days"]),
                      report_deadline=today + timedelta(days=open_topic["report_days"]))
        topic.questions = [Question(position=n, text=text)
                           for n, text in enumerate(open_topic["questions"], 1)]
        session.add(topic)
        session.flush()
        audit.record(session, "demo", "topic.create", topic, municipality_id=municipality.id)
    session.commit()

    accounts = []
    staff: dict[Role, User] = {}
    for account in data["accounts"]:
        email, role = account["email"], Role(account["role"])
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = create_user(session, email=email, name=account["name"], password=password, role=role,
                               municipality_id=None if role is Role.ADMIN else municipality.id, actor="demo")
        elif not check_password_hash(user.password_hash, password):
            set_password(session, user, password, actor="demo", must_change=False)
        staff[role] = user
        accounts.append((email, role.value))
    round_data = read("finished_round.toml")
    if _topic(session, municipality, round_data["topic"]["slug"]) is None:
        load_finished_round(session, municipality, round_data, read("decisions.toml"),
                            organiser=staff[Role.ORGANISER], planner=staff[Role.PLANNER])
    return accounts


def _topic(session: Session, municipality: Municipality, slug: str) -> Topic | None:
    return session.scalar(select(Topic).where(Topic.municipality_id == municipality.id, Topic.slug == slug))


def load_finished_round(session: Session, municipality: Municipality, data: dict[str, Any],
                        decisions: dict[str, Any], *, organiser: User, planner: User) -> Topic:
    """A closed round that went the whole way: reports in, one line hidden, consolidated, answered, followed
    up, published (which queues the results mail to the hosts who signed up online).

    The reports are saved while the round is open, as hosts would have, and the round is closed afterwards.
    """
    spec = data["topic"]
    today = date.today()
    topic = Topic(municipality_id=municipality.id, slug=spec["slug"], title=spec["title"],
                  intro_md=spec["intro_md"], guide_md=spec["guide_md"], areas=list(spec["areas"]),
                  next_steps_md=spec["next_steps_md"], status=TopicStatus.OPEN,
                  signup_deadline=today + timedelta(days=1), report_deadline=today + timedelta(days=1))
    topic.questions = [Question(position=n, text=question["text"], kind=QuestionKind(question["kind"]))
                       for n, question in enumerate(spec["questions"], 1)]
    session.add(topic)
    session.flush()
    audit.record(session, "demo", "topic.create", topic, municipality_id=municipality.id)

    for number, report_data in enumerate(data["reports"], 1):
        _token, token_hash = new_token()
        online = number <= data["hosts_with_email"]
        held_on = today - timedelta(days=report_data["held_days_ago"])
        host = Host(topic_id=topic.id, number=number, area=report_data.get("area"),
                    language=report_data["language"],
                    name=f"Demovert {number}" if online else None,
                    email=f"vert{number:02d}@example.org" if online else None, token_hash=token_hash,
                    consent_at=utcnow(), confirmed_at=utcnow(), planned_date=held_on,
                    expected_guests=report_data["participants"])
        session.add(host)
        session.flush()
        lines = {question.id: texts
                 for question, texts in zip(topic.questions, report_data["lines"], strict=True)}
        report = save_report(session, host, held_on=held_on, participants=report_data["participants"],
                             age_counts=report_data["age_counts"], lines=lines, submit=True,
                             actor="host" if online else organiser, transcribed=not online)
        if "personal_data_line" in report_data:
            question_index, line_index = report_data["personal_data_line"]
            question_id = topic.questions[question_index].id
            line = [s for s in report.suggestions if s.question_id == question_id][line_index]
            hide_line(session, line, "personal_data", actor=organiser)

    topic.status = TopicStatus.CLOSED
    topic.signup_deadline = today - timedelta(days=65)
    topic.report_deadline = today - timedelta(days=8)
    session.commit()

    run_consolidation(session, topic, planner)
    apply_decisions(session, topic, decisions, planner)
    publish_results(session, topic, planner)
    return topic


def measure_holding(session: Session, topic: Topic, texts: list[str], planner: User) -> int:
    """The id of the one measure holding every line with one of these texts, merging the measures they are
    spread over (as a planner would) when the engine put them apart."""
    rows = session.execute(
        select(Suggestion.text, MeasureLine.measure_id)
        .join(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
        .join(Report, Report.id == Suggestion.report_id)
        .where(Report.topic_id == topic.id, Suggestion.text.in_(texts))).all()
    missing = set(texts) - {text for text, _id in rows}
    if missing:
        raise DemoDataError(f"no measure holds the line(s) {sorted(missing)!r}")
    measure_ids = {measure_id for _text, measure_id in rows}
    if len(measure_ids) == 1:
        return measure_ids.pop()
    return merge_measures(session, topic, measure_ids, planner).id


def apply_decisions(session: Session, topic: Topic, decisions: dict[str, Any], planner: User) -> None:
    """Each entry's status, answer and milestones on the measure holding its lines; every other proposal
    measure is still under review. Themes (strengths, contributions) get no decision."""
    today = date.today()
    for entry in decisions["measures"]:
        measure_holding(session, topic, entry["lines"], planner)
    # Merging is over: each entry now names exactly one measure.
    proposals = {item.measure.id: item.measure for item in topic_results(session, topic).proposals()}
    decided: set[int] = set()
    for entry in decisions["measures"]:
        measure_id = measure_holding(session, topic, entry["lines"], planner)
        if measure_id in decided:
            raise DemoDataError(f"two entries answer the measure holding {entry['lines']!r}")
        if measure_id not in proposals:
            raise DemoDataError(f"the lines {entry['lines']!r} are on a theme, which gets no answer")
        decided.add(measure_id)
        measure = proposals[measure_id]
        set_decision(session, topic, measure, MeasureStatus(entry["status"]), entry["answer_md"].strip(),
                     planner)
        for milestone in entry.get("milestones", []):
            add_milestone(session, topic, measure, on=today - timedelta(days=milestone["days_ago"]),
                          text=milestone["text"], percent=milestone.get("percent"),
                          unit=milestone.get("unit", ""), actor=planner)
    unanswered = decisions["unanswered"]
    for measure_id, measure in sorted(proposals.items()):
        if measure_id not in decided:
            set_decision(session, topic, measure, MeasureStatus(unanswered["status"]),
                         unanswered["answer_md"].strip(), planner)
