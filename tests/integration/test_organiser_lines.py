"""Organisers hide lines that hold personal data or are off topic; hidden lines leave the planners' lists."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Report, ReportStatus, Suggestion
from gjestebud.services import topics as topic_service
from gjestebud.services.suggestions import submitted_lines


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def topic(make_topic, municipality):
    return make_topic(municipality)


def submit(db, host, lines_by_position: dict[int, list[str]], status=ReportStatus.SUBMITTED) -> Report:
    questions = host.topic.questions
    report = Report(host_id=host.id, topic_id=host.topic_id, status=status, held_on=date.today(),
                    participants=6)
    report.suggestions = [Suggestion(question_id=questions[index].id, position=n, text=text)
                          for index, texts in lines_by_position.items() for n, text in enumerate(texts, 1)]
    db.add(report)
    db.commit()
    return report


def test_lines_are_grouped_by_question_with_the_gathering_number(client, db, organiser, topic, make_host):
    host1, _ = make_host(topic)
    host2, _ = make_host(topic, email="to@example.org")
    submit(db, host1, {0: ["Benker ved kaia"], 2: ["Ny gangvei"]})
    submit(db, host2, {0: ["Mer lys"]})
    page = client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)
    q1, q3 = page.index("Hva er bra med sentrum i dag?"), page.index("Hva bør kommunen gjøre først?")
    assert q1 < page.index("Benker ved kaia") < page.index("Mer lys") < q3 < page.index("Ny gangvei")
    assert "Gjestebud 2" in page


def test_draft_reports_are_not_listed(client, db, organiser, topic, make_host):
    host, _ = make_host(topic)
    submit(db, host, {0: ["Fortsatt kladd"]}, status=ReportStatus.DRAFT)
    assert "Fortsatt kladd" not in client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)


def test_hide_and_unhide_a_line(client, db, organiser, topic, make_host, municipality):
    host, _ = make_host(topic)
    report = submit(db, host, {0: ["Ring Per Hansen på 99999999", "Mer lys"]})
    line = report.suggestions[0]
    response = client.post(f"/staff/topics/{topic.id}/lines/{line.id}/hide", data={"reason": "personal_data"})
    assert response.status_code == 302
    db.expire_all()
    assert (line.hidden, line.hidden_reason) == (True, "personal_data")
    assert [kept.text for kept in submitted_lines(db, topic)] == ["Mer lys"]
    page = client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)
    assert "Hidden: Personal data" in page and "Show again" in page
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "suggestion.hide"))
    assert event.user_id == organiser.id and event.municipality_id == municipality.id
    assert event.detail == {"reason": "personal_data"}

    client.post(f"/staff/topics/{topic.id}/lines/{line.id}/unhide")
    db.expire_all()
    assert (line.hidden, line.hidden_reason) == (False, None)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "suggestion.unhide")) is not None


def test_hide_needs_a_known_reason(client, db, organiser, topic, make_host):
    host, _ = make_host(topic)
    line = submit(db, host, {0: ["Mer lys"]}).suggestions[0]
    response = client.post(f"/staff/topics/{topic.id}/lines/{line.id}/hide", data={"reason": "boring"},
                           follow_redirects=True)
    assert "Choose why the line should be hidden" in response.get_data(as_text=True)
    db.expire_all()
    assert line.hidden is False


def test_hide_line_service_refuses_unknown_reason(db, topic, make_host, make_user, municipality):
    host, _ = make_host(topic)
    line = submit(db, host, {0: ["Mer lys"]}).suggestions[0]
    with pytest.raises(ValueError):
        topic_service.hide_line(db, line, "boring", actor=make_user("organiser", municipality))


def test_line_of_another_topic_is_404(client, db, organiser, topic, make_topic, municipality, make_host):
    other = make_topic(municipality, slug="annet")
    host, _ = make_host(other)
    line = submit(db, host, {0: ["Mer lys"]}).suggestions[0]
    response = client.post(f"/staff/topics/{topic.id}/lines/{line.id}/hide", data={"reason": "off_topic"})
    assert response.status_code == 404
    db.expire_all()
    assert line.hidden is False
