"""Organisers translate a topic and its questions (for the Sámi administrative area, say); empty texts fall
back to the original."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Question, Report, ReportStatus, Topic


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def topic(make_topic, municipality):
    return make_topic(municipality)


def test_save_a_translation_of_the_topic_and_its_questions(client, db, organiser, topic):
    first, second, _third = topic.questions
    page = client.get(f"/staff/topics/{topic.id}/translations/se").get_data(as_text=True)
    assert first.text in page and 'lang="se"' in page
    response = client.post(f"/staff/topics/{topic.id}/translations/se", data={
        "title": "Sjøvegan guovddáš", "intro_md": "Min háliidit gullat.", "guide_md": "",
        f"q{first.id}": "Mii lea buorre guovddážis odne?", f"h{second.id}": "Jurddaš stuorrát."})
    assert response.status_code == 302
    db.expire_all()
    topic = db.get(Topic, topic.id)
    assert topic.translations["se"]["title"] == "Sjøvegan guovddáš"
    assert db.get(Question, first.id).translations["se"]["text"] == "Mii lea buorre guovddážis odne?"
    assert db.get(Question, second.id).translations["se"] == {"text": "", "help_text": "Jurddaš stuorrát."}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "topic.translate"))
    assert (event.detail, event.user_id) == ({"language": "se"}, organiser.id)
    # Shown again when the page is opened, and marked on the overview.
    again = client.get(f"/staff/topics/{topic.id}/translations/se").get_data(as_text=True)
    assert "Sjøvegan guovddáš" in again
    overview = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert "Davvisámegiella</a>\n    (translated)" in overview


def test_translations_are_allowed_after_the_questions_froze(client, db, organiser, topic, make_host):
    host, _token = make_host(topic)
    db.add(Report(host_id=host.id, topic_id=topic.id, status=ReportStatus.DRAFT))
    db.commit()
    first = topic.questions[0]
    client.post(f"/staff/topics/{topic.id}/translations/nn",
                data={"title": "Sentrum", f"q{first.id}": "Kva?"})
    db.expire_all()
    assert db.get(Question, first.id).translations["nn"]["text"] == "Kva?"


@pytest.mark.parametrize("language", ["nb", "de", "xx"])
def test_only_other_supported_languages_can_be_translated(client, organiser, topic, language):
    assert client.get(f"/staff/topics/{topic.id}/translations/{language}").status_code == 404


def test_too_long_translation_is_refused(client, db, organiser, topic):
    first = topic.questions[0]
    response = client.post(f"/staff/topics/{topic.id}/translations/en", data={f"q{first.id}": "x" * 501})
    assert response.status_code == 200
    assert f'id="q{first.id}-error"' in response.get_data(as_text=True)
    db.expire_all()
    assert not db.get(Topic, topic.id).translations
