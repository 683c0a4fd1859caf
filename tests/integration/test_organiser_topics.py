"""Organisers create and edit topics: slug rules, areas, deadlines, the Markdown preview and the default
guide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Topic, TopicStatus
from gjestebud.services.topics import suggest_slug


def topic_data(**overrides: str) -> dict[str, str]:
    today = date.today()
    data = {
        "title": "Ny skole på Laksvatn",
        "slug": "ny-skole",
        "intro_md": "Vi vil høre fra **dere**.",
        "guide_md": "Snakk sammen.",
        "areas": "Laksvatn\n\n  Sjøvegan \nLaksvatn\n",
        "signup_deadline": (today + timedelta(days=10)).isoformat(),
        "report_deadline": (today + timedelta(days=30)).isoformat(),
        "status": "open",
        "reminder_days_before": "3",
        "retention_days": "365",
        "save": "Save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


def test_new_topic_form_starts_with_the_default_host_guide(client, organiser):
    page = client.get("/staff/topics/new").get_data(as_text=True)
    assert "up to 8 guests" in page
    assert "one suggestion per line" in page
    assert 'name="municipality_id"' not in page  # an organiser works in their own municipality


def test_organiser_creates_topic_in_own_municipality(client, db, organiser, municipality):
    response = client.post("/staff/topics/new", data=topic_data())
    assert response.status_code == 302
    topic = db.scalar(select(Topic).where(Topic.slug == "ny-skole"))
    assert topic.municipality_id == municipality.id
    assert topic.areas == ["Laksvatn", "Sjøvegan"]
    assert topic.status is TopicStatus.OPEN
    assert response.headers["Location"].endswith(f"/staff/topics/{topic.id}/questions")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "topic.create"))
    assert event.user_id == organiser.id and event.municipality_id == municipality.id


def test_admin_picks_the_municipality(client, db, make_user, make_municipality, login):
    other = make_municipality("lavangen", "Lavangen kommune")
    make_municipality()
    login(make_user("admin"))
    assert "Lavangen kommune" in client.get("/staff/topics/new").get_data(as_text=True)
    client.post("/staff/topics/new", data=topic_data(municipality_id=str(other.id)))
    assert db.scalar(select(Topic.municipality_id).where(Topic.slug == "ny-skole")) == other.id


def test_empty_slug_is_suggested_from_the_title(client, db, organiser):
    client.post("/staff/topics/new", data=topic_data(slug="", title="Utvikling av Sjøvegan sentrum"))
    assert db.scalar(select(Topic.slug)) == "utvikling-av-sjovegan-sentrum"


@pytest.mark.parametrize("title, slug", [
    ("Utvikling av Sjøvegan sentrum", "utvikling-av-sjovegan-sentrum"),
    ("Ærlig talt: Åpen skole!", "aerlig-talt-apen-skole"),
    ("  --  ", ""),
])
def test_suggest_slug(title, slug):
    assert suggest_slug(title) == slug


@pytest.mark.parametrize("slug", ["Store-bokstaver", "med mellomrom", "sjø", "-start", "slutt-",
                                  "to--streker", "a/b", "x" * 81])
def test_invalid_slug_is_refused_with_a_message_next_to_the_field(client, db, organiser, slug):
    response = client.post("/staff/topics/new", data=topic_data(slug=slug, title="Tittel"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="slug-error"' in page
    assert 'href="#slug"' in page  # the error summary links to the field
    assert db.scalar(select(Topic)) is None
    assert "Tittel" in page  # what the organiser typed is kept


def test_slug_must_be_unique_within_the_municipality_only(client, db, organiser, municipality,
                                                          make_municipality, make_topic):
    make_topic(municipality, slug="ny-skole")
    page = client.post("/staff/topics/new", data=topic_data()).get_data(as_text=True)
    assert "already uses this web address" in page
    make_topic(make_municipality("lavangen", "Lavangen kommune"), slug="eldre")
    assert client.post("/staff/topics/new", data=topic_data(slug="eldre")).status_code == 302


def test_report_deadline_cannot_be_before_signup_deadline(client, db, organiser):
    today = date.today()
    page = client.post("/staff/topics/new", data=topic_data(
        signup_deadline=(today + timedelta(days=10)).isoformat(),
        report_deadline=(today + timedelta(days=5)).isoformat())).get_data(as_text=True)
    assert 'id="report_deadline-error"' in page
    assert db.scalar(select(Topic)) is None


@pytest.mark.parametrize("field, value", [("title", ""), ("title", "x" * 201),
                                          ("signup_deadline", "not a date"), ("status", "deleted"),
                                          ("areas", ("x" * 121) + "\nok"), ("intro_md", "x" * 20_001),
                                          ("reminder_days_before", "-1"), ("reminder_days_before", ""),
                                          ("retention_days", "10"), ("retention_days", "mange")])
def test_bad_input_is_refused_without_error_page(client, db, organiser, field, value):
    response = client.post("/staff/topics/new", data=topic_data(**{field: value}))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.scalar(select(Topic)) is None


def test_preview_renders_sanitised_markdown_without_saving(client, db, organiser):
    response = client.post("/staff/topics/new", data=topic_data(
        intro_md="Hei **alle**<script>alert(1)</script>", guide_md="[lenke](javascript:alert(2))", save="",
        preview="Preview"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>alle</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert db.scalar(select(Topic)) is None
    # the textarea keeps what was typed (escaped)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_edit_topic_changes_fields_and_is_audited(client, db, organiser, municipality, make_topic):
    topic = make_topic(municipality)
    page = client.get(f"/staff/topics/{topic.id}/edit").get_data(as_text=True)
    assert "Sjøvegan\nLaksvatn\nØvre Salangen" in page
    response = client.post(f"/staff/topics/{topic.id}/edit", data=topic_data(
        status="closed", slug="nytt-navn", reminder_days_before="5", retention_days="180"))
    assert response.status_code == 302
    db.expire_all()
    topic = db.get(Topic, topic.id)
    assert topic.slug == "nytt-navn" and topic.status is TopicStatus.CLOSED
    assert (topic.reminder_days_before, topic.retention_days) == (5, 180)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "topic.update"))
    assert "status" in event.detail["changed"] and event.user_id == organiser.id


def test_editing_keeps_the_own_slug(client, db, organiser, municipality, make_topic):
    topic = make_topic(municipality, slug="ny-skole")
    assert client.post(f"/staff/topics/{topic.id}/edit", data=topic_data()).status_code == 302


def test_overview_shows_public_link_and_counts(client, organiser, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    make_host(topic)
    make_host(topic, email="b@example.org", confirmed=False, name="Ola")
    page = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert "http://localhost/salangen/sjovegan-sentrum/" in page
    assert "<strong>2</strong> signed up" in page
    assert "<strong>1</strong> confirmed" in page
    assert "Gjestebud 2" in page and "Ola" in page and "b@example.org" in page
    assert "Signed up, e-mail not confirmed" in page


def test_new_topic_offers_the_question_set_templates(client, organiser):
    page = client.get("/staff/topics/new").get_data(as_text=True)
    assert "/staff/topics/new?template=sentrumsutvikling" in page


def test_topic_from_a_template_gets_its_texts_and_questions(client, db, organiser):
    from gjestebud.question_templates import get_template

    template = get_template("sentrumsutvikling")
    page = client.get("/staff/topics/new?template=sentrumsutvikling").get_data(as_text=True)
    assert 'value="Utvikling av sentrum"' in page
    assert 'name="template" type="hidden" value="sentrumsutvikling"' in page
    client.post("/staff/topics/new", data=topic_data(template="sentrumsutvikling", title=template.title,
                                                     slug="", guide_md=template.guide_md))
    topic = db.scalar(select(Topic))
    assert topic.slug == "utvikling-av-sentrum"
    assert [q.text for q in topic.questions] == list(template.questions)
    assert [q.position for q in topic.questions] == list(range(1, len(template.questions) + 1))


def test_unknown_template_is_refused(client, db, organiser):
    assert client.get("/staff/topics/new?template=nope").status_code == 200
    page = client.post("/staff/topics/new", data=topic_data(template="nope")).get_data(as_text=True)
    assert "Choose a template from the list" in page
    assert db.scalar(select(Topic)) is None
