"""Privacy: the municipality's own notice to residents, and the copy of their data a host may download."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..models import Host, Municipality, User
from . import audit

MAX_PRIVACY_NOTICE = 20_000


def set_privacy_notice(session: Session, municipality: Municipality, privacy_md: str, *, actor: User) -> None:
    """Only a real change is logged: saving the municipality form without touching the notice is not one.
    The caller commits, with the rest of the form."""
    text = (privacy_md or "").strip()[:MAX_PRIVACY_NOTICE]
    if text == (municipality.privacy_md or ""):
        return
    municipality.privacy_md = text
    audit.record(session, actor, "municipality.privacy_notice", municipality, municipality_id=municipality.id,
                 length=len(text))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def host_data(session: Session, host: Host) -> dict[str, Any]:
    """Everything stored about a host and their gathering (GDPR article 15 and 20), and a note of the
    download in the audit trail. The secret itself is never stored, so it is not in the copy either."""
    topic = host.topic
    report = host.report
    data: dict[str, Any] = {
        "municipality": topic.municipality.name,
        "topic": topic.title,
        "gathering": host.number,
        "sign_up": {
            "name": host.name, "email": host.email, "phone": host.phone, "area": host.area,
            "planned_date": _iso(host.planned_date), "expected_guests": host.expected_guests,
            "language": host.language,
        },
        "timestamps": {
            "signed_up_at": _iso(host.created_at), "consent_at": _iso(host.consent_at),
            "confirmed_at": _iso(host.confirmed_at), "kit_sent_at": _iso(host.kit_sent_at),
            "reminder_sent_at": _iso(host.reminder_sent_at), "feedback_sent_at": _iso(host.feedback_sent_at),
            "withdrawn_at": _iso(host.withdrawn_at),
        },
        "report": None,
    }
    if report is not None:
        questions = {question.id: number for number, question in enumerate(topic.questions, 1)}
        texts = {question.id: question.text for question in topic.questions}
        data["report"] = {
            "status": report.status.value, "held_on": _iso(report.held_on),
            "participants": report.participants,
            "age_counts": {"under_18": report.age_under_18, "18_34": report.age_18_34,
                           "35_66": report.age_35_66, "67_plus": report.age_67_plus},
            "created_at": _iso(report.created_at), "updated_at": _iso(report.updated_at),
            "submitted_at": _iso(report.submitted_at),
            "lines": [{"question": questions.get(s.question_id), "question_text": texts.get(s.question_id),
                       "text": s.text, "hidden": s.hidden}
                      for s in sorted(report.suggestions, key=lambda s: (questions.get(s.question_id, 0),
                                                                          s.position))],
        }
    audit.record(session, "host", "host.download", host, municipality_id=topic.municipality_id)
    session.commit()
    return data
