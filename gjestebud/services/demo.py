"""The demo a newcomer sees after `make run`: Salangen kommune, an open topic and three staff accounts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..models import Host, Measure, MeasureStatus, Municipality, Question, Role, Topic, TopicStatus, User, utcnow
from ..security import new_token
from . import audit, demo_round_data
from .measures import run_consolidation, set_decision
from .reports import save_report
from .results import publish_results
from .topics import hide_line
from .users import create_user, set_password

DEMO_ACCOUNTS = (
    ("admin@example.org", "Demo Admin", Role.ADMIN),
    ("organiser@example.org", "Demo Organiser", Role.ORGANISER),
    ("planner@example.org", "Demo Planner", Role.PLANNER),
)

SJOVEGAN_QUESTIONS = (
    "Hva er bra med Sjøvegan sentrum i dag, og hva må vi ta vare på?",
    "Hva savner dere i sentrum? Tenk på handel, møteplasser, aktiviteter og tjenester.",
    "Hvordan kan sentrum bli et bedre sted for barn, unge og eldre?",
    "Hvordan vil dere komme dere til og rundt i sentrum: til fots, på sykkel, med buss og bil?",
    "Hva er det viktigste kommunen bør gjøre de neste fem årene?",
)

SJOVEGAN_INTRO = """\
Salangen kommune skal lage en plan for **Sjøvegan sentrum**, og vi vil høre hva du og dine naboer,
venner og kolleger mener før vi bestemmer noe.

Inviter 4–8 personer hjem til deg, snakk sammen i et par timer rundt spørsmålene under, og send inn det
dere kom fram til. Alle innspill blir lest, samlet til én liste med tiltak, og du får vite hva kommunen gjør
med dem.
"""

SJOVEGAN_GUIDE = """\
## Slik gjennomfører du et gjestebud

1. **Inviter** 4–8 personer: familie, naboer, venner eller kolleger. Bruk gjerne invitasjonsteksten.
2. **Sett av omtrent to timer.** Server gjerne noe enkelt; det er samtalen som er viktig.
3. **Gå gjennom spørsmålene** ett og ett. Alle skal få si sin mening, og dere trenger ikke være enige.
4. **Skriv ned forslagene**, ett forslag per linje. Skriv ikke navn på gjestene.
5. **Send inn** gruppas svar via din personlige lenke før fristen.
"""

SJOVEGAN_AREAS = ["Sjøvegan", "Laksvatn", "Øvre Salangen", "Elvenes", "Seljeskog"]


# The first few demo hosts signed up online (they get the feedback mail); the rest handed in paper forms.
HOSTS_WITH_EMAIL = 3
UNMATCHED_ANSWER = ("Kommunen vurderer forslaget i arbeidet med planen for barn og unge, og gir et nytt svar "
                    "når planen legges fram.")


def load_demo(session: Session, password: str) -> list[tuple[str, str]]:
    """Create what is missing and set the demo accounts' password; safe to run again."""
    municipality = session.scalar(select(Municipality).where(Municipality.slug == "salangen"))
    if municipality is None:
        municipality = Municipality(slug="salangen", name="Salangen kommune",
                                    contact_email="postmottak@salangen.example")
        session.add(municipality)
        session.flush()
        audit.record(session, "demo", "municipality.create", municipality, municipality_id=municipality.id)

    if session.scalar(select(Topic).where(Topic.municipality_id == municipality.id,
                                          Topic.slug == "sjovegan-sentrum")) is None:
        today = date.today()
        topic = Topic(municipality_id=municipality.id, slug="sjovegan-sentrum",
                      title="Utvikling av Sjøvegan sentrum", intro_md=SJOVEGAN_INTRO, guide_md=SJOVEGAN_GUIDE,
                      areas=SJOVEGAN_AREAS, status=TopicStatus.OPEN,
                      signup_deadline=today + timedelta(days=21), report_deadline=today + timedelta(days=42))
        topic.questions = [Question(position=n, text=text) for n, text in enumerate(SJOVEGAN_QUESTIONS, 1)]
        session.add(topic)
        session.flush()
        audit.record(session, "demo", "topic.create", topic, municipality_id=municipality.id)
    session.commit()

    accounts = []
    for email, name, role in DEMO_ACCOUNTS:
        user = session.scalar(select(User).where(User.email == email))
        municipality_id = None if role is Role.ADMIN else municipality.id
        if user is None:
            create_user(session, email=email, name=name, password=password, role=role,
                        municipality_id=municipality_id, actor="demo")
        elif not check_password_hash(user.password_hash, password):
            set_password(session, user, password, actor="demo", must_change=False)
        accounts.append((email, role.value))
    staff = {role: session.scalar(select(User).where(User.email == email)) for email, _name, role in DEMO_ACCOUNTS}
    if session.scalar(select(Topic).where(Topic.municipality_id == municipality.id,
                                          Topic.slug == demo_round_data.TOPIC["slug"])) is None:
        load_finished_round(session, municipality, organiser=staff[Role.ORGANISER], planner=staff[Role.PLANNER])
    return accounts


def load_finished_round(session: Session, municipality: Municipality, *, organiser: User, planner: User) -> Topic:
    """A closed round that went the whole way: reports in, one line hidden, consolidated, answered, published
    (which queues the results mail to the hosts who signed up online).

    The reports are saved while the round is open, as hosts would have, and the round is closed afterwards.
    """
    data = demo_round_data.TOPIC
    today = date.today()
    topic = Topic(municipality_id=municipality.id, slug=data["slug"], title=data["title"],
                  intro_md=data["intro_md"], guide_md=data["guide_md"], areas=list(data["areas"]),
                  next_steps_md=data["next_steps_md"], status=TopicStatus.OPEN,
                  signup_deadline=today + timedelta(days=1), report_deadline=today + timedelta(days=1))
    topic.questions = [Question(position=n, text=text) for n, text in enumerate(data["questions"], 1)]
    session.add(topic)
    session.flush()
    audit.record(session, "demo", "topic.create", topic, municipality_id=municipality.id)

    for number, report_data in enumerate(demo_round_data.REPORTS, 1):
        _token, token_hash = new_token()
        online = number <= HOSTS_WITH_EMAIL
        held_on = today - timedelta(days=report_data["held_days_ago"])
        host = Host(topic_id=topic.id, number=number, area=report_data["area"], language=report_data["language"],
                    name=f"Demovert {number}" if online else None,
                    email=f"vert{number:02d}@example.org" if online else None, token_hash=token_hash,
                    consent_at=utcnow(), confirmed_at=utcnow(), planned_date=held_on,
                    expected_guests=report_data["participants"])
        session.add(host)
        session.flush()
        lines = {question.id: texts for question, texts in zip(topic.questions, report_data["lines"])}
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
    for measure in session.scalars(select(Measure).where(Measure.topic_id == topic.id).order_by(Measure.id)):
        status, answer = _demo_answer(measure)
        set_decision(session, topic, measure, status, answer, planner)
    publish_results(session, topic, planner)
    return topic


def _demo_answer(measure: Measure) -> tuple[MeasureStatus, str]:
    """The first answer whose keyword occurs in the measure's title or lines (the data lists specific first)."""
    text = " ".join([measure.title] + [line.suggestion.text for line in measure.lines]).lower()
    for answer in demo_round_data.ANSWERS:
        if any(keyword in text for keyword in answer["keywords"]):
            return MeasureStatus(answer["status"]), answer["answer_md"]
    return MeasureStatus.UNDER_REVIEW, UNMATCHED_ANSWER
