"""The ordered question set: add, edit, move, remove, and frozen once any host has started a report."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Question, Report, ReportStatus, Topic
from gjestebud.services import topics as topic_service


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def topic(make_topic, municipality) -> Topic:
    return make_topic(municipality, questions=("Første?", "Andre?", "Tredje?"))


def texts(db, topic: Topic) -> list[str]:
    db.expire_all()
    query = select(Question.text).where(Question.topic_id == topic.id).order_by(Question.position)
    return list(db.scalars(query))


def start_report(db, host, status: ReportStatus = ReportStatus.DRAFT) -> Report:
    report = Report(host_id=host.id, topic_id=host.topic_id, status=status)
    db.add(report)
    db.commit()
    return report


def test_question_page_lists_questions_in_order(client, organiser, topic):
    page = client.get(f"/staff/topics/{topic.id}/questions").get_data(as_text=True)
    assert page.index("Første?") < page.index("Andre?") < page.index("Tredje?")
    assert "Move up" in page and "Remove" in page


def test_add_question_appends_it_and_audits(client, db, organiser, topic, municipality):
    response = client.post(f"/staff/topics/{topic.id}/questions",
                           data={"text": "  Fjerde?  ", "help_text": "Tenk stort."})
    assert response.status_code == 302
    assert texts(db, topic) == ["Første?", "Andre?", "Tredje?", "Fjerde?"]
    assert db.scalar(select(Question.help_text).where(Question.text == "Fjerde?")) == "Tenk stort."
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "question.add"))
    assert event.user_id == organiser.id and event.municipality_id == municipality.id


@pytest.mark.parametrize("data, field", [({"text": ""}, "text"), ({"text": "x" * 501}, "text"),
                                         ({"text": "Ok?", "help_text": "h" * 1001}, "help_text")])
def test_add_question_validates_lengths(client, db, organiser, topic, data, field):
    response = client.post(f"/staff/topics/{topic.id}/questions", data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert len(texts(db, topic)) == 3


def test_edit_question(client, db, organiser, topic):
    question = topic.questions[1]
    edit_page = client.get(f"/staff/topics/{topic.id}/questions/{question.id}/edit")
    assert "Andre?" in edit_page.get_data(as_text=True)
    client.post(f"/staff/topics/{topic.id}/questions/{question.id}/edit", data={"text": "Nummer to?"})
    assert texts(db, topic) == ["Første?", "Nummer to?", "Tredje?"]


def test_move_question_up_and_down(client, db, organiser, topic):
    first, _second, third = topic.questions
    client.post(f"/staff/topics/{topic.id}/questions/{third.id}/move/up")
    assert texts(db, topic) == ["Første?", "Tredje?", "Andre?"]
    client.post(f"/staff/topics/{topic.id}/questions/{first.id}/move/down")
    assert texts(db, topic) == ["Tredje?", "Første?", "Andre?"]
    client.post(f"/staff/topics/{topic.id}/questions/{third.id}/move/up")  # already first: nothing changes
    assert texts(db, topic) == ["Tredje?", "Første?", "Andre?"]


def test_unknown_direction_is_404(client, organiser, topic):
    question = topic.questions[0]
    assert client.post(f"/staff/topics/{topic.id}/questions/{question.id}/move/sideways").status_code == 404


def test_remove_question_renumbers_the_rest(client, db, organiser, topic):
    client.post(f"/staff/topics/{topic.id}/questions/{topic.questions[0].id}/remove")
    assert texts(db, topic) == ["Andre?", "Tredje?"]
    positions = db.scalars(select(Question.position).where(Question.topic_id == topic.id)
                           .order_by(Question.position)).all()
    assert positions == [1, 2]


def test_question_of_another_topic_is_404(client, organiser, municipality, topic, make_topic):
    other = make_topic(municipality, slug="annet")
    question = other.questions[0]
    assert client.get(f"/staff/topics/{topic.id}/questions/{question.id}/edit").status_code == 404
    assert client.post(f"/staff/topics/{topic.id}/questions/{question.id}/remove").status_code == 404


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SUBMITTED])
def test_questions_freeze_once_a_report_exists(client, db, organiser, topic, make_host, status):
    host, _token = make_host(topic)
    start_report(db, host, status)
    page = client.get(f"/staff/topics/{topic.id}/questions").get_data(as_text=True)
    assert 'id="frozen-notice"' in page
    assert "Add question" not in page and "Move up" not in page

    first = topic.questions[0]
    client.post(f"/staff/topics/{topic.id}/questions", data={"text": "Ny?"})
    client.post(f"/staff/topics/{topic.id}/questions/{first.id}/edit", data={"text": "Endret?"})
    client.post(f"/staff/topics/{topic.id}/questions/{first.id}/move/down")
    response = client.post(f"/staff/topics/{topic.id}/questions/{first.id}/remove", follow_redirects=True)
    assert "can no longer be changed" in response.get_data(as_text=True)
    assert texts(db, topic) == ["Første?", "Andre?", "Tredje?"]


def test_a_withdrawn_report_does_not_freeze_the_questions(db, topic, make_host):
    host, _token = make_host(topic)
    start_report(db, host, ReportStatus.WITHDRAWN)
    assert not topic_service.questions_frozen(db, topic)


def test_services_raise_questions_frozen(db, topic, make_host, make_user, municipality):
    actor = make_user("organiser", municipality)
    host, _token = make_host(topic)
    start_report(db, host)
    question = topic.questions[0]
    with pytest.raises(topic_service.QuestionsFrozen):
        topic_service.add_question(db, topic, text="Ny?", help_text="", actor=actor)
    with pytest.raises(topic_service.QuestionsFrozen):
        topic_service.update_question(db, question, text="Endret?", help_text="", actor=actor)
    with pytest.raises(topic_service.QuestionsFrozen):
        topic_service.move_question(db, question, "down", actor=actor)
    with pytest.raises(topic_service.QuestionsFrozen):
        topic_service.remove_question(db, question, actor=actor)
