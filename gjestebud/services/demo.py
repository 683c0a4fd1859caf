"""The demo a newcomer sees after `make run`: Salangen kommune, an open topic and three staff accounts."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..models import Municipality, Question, Role, Topic, TopicStatus, User
from . import audit
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

SJOVEGAN_AREAS = ["Sjøvegan", "Laksvatn", "Øvre Salangen", "Elvenes", "Seljeskog", "Andre steder"]


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
            set_password(session, user, password, actor="demo")
        accounts.append((email, role.value))
    return accounts
