"""Residents read topics and sign up as hosts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Host, TopicStatus
from gjestebud.security import hash_token
from tests.conftest import links_in

SIGNUP = "/salangen/sjovegan-sentrum/bli-vert"


def signup_data(**overrides):
    data = {"name": "Kari Nordmann", "email": "Kari@Example.org", "phone": "400 00 000", "area": "Laksvatn",
            "planned_date": (date.today() + timedelta(days=5)).isoformat(), "expected_guests": "6",
            "language": "nn", "consent": "y", "website": ""}
    data.update(overrides)
    return data


def test_front_page_lists_open_topics_of_every_municipality(client, municipality, make_municipality,
                                                            make_topic):
    make_topic(municipality)
    make_topic(make_municipality("karasjok", "Kárášjoga gielda"), slug="sentrum", title="Kárášjoga guovddáš")
    make_topic(municipality, slug="utkast", title="Et utkast", status=TopicStatus.DRAFT)
    page = client.get("/").get_data(as_text=True)
    assert "Utvikling av Sjøvegan sentrum" in page and "Kárášjoga guovddáš" in page
    assert "/salangen/sjovegan-sentrum/" in page
    assert "Et utkast" not in page


def test_municipality_page_lists_its_topics_and_unknown_municipality_is_404(client, municipality, make_topic):
    make_topic(municipality)
    make_topic(municipality, slug="gammel", title="Et lukket tema", status=TopicStatus.CLOSED)
    page = client.get("/salangen/").get_data(as_text=True)
    assert "Utvikling av Sjøvegan sentrum" in page and "Et lukket tema" in page
    assert client.get("/nowhere/").status_code == 404


def test_topic_page_shows_intro_method_questions_and_the_signup_button(client, municipality, make_topic):
    make_topic(municipality)
    page = client.get("/salangen/sjovegan-sentrum/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<strong>deres</strong>" in page
    assert "4 to 8 guests" in page and "Nobody is named" in page
    assert page.index("Hva er bra med sentrum i dag?") < page.index("Hva mangler i sentrum?")
    assert 'href="/salangen/sjovegan-sentrum/bli-vert"' in page and "Become a host" in page


def test_draft_topic_is_404_to_the_public(client, municipality, make_topic):
    make_topic(municipality, status=TopicStatus.DRAFT)
    assert client.get("/salangen/sjovegan-sentrum/").status_code == 404
    assert client.get(SIGNUP).status_code == 404


def test_signup_stores_the_host_and_mails_a_confirmation_link_in_their_language(client, db, municipality,
                                                                                make_topic, outbox):
    topic = make_topic(municipality)
    response = client.post(SIGNUP, data=signup_data())
    assert response.status_code == 302 and response.headers["Location"].endswith("/bli-vert/takk")
    host = db.scalar(select(Host))
    assert (host.number, host.email, host.area, host.language) == (1, "kari@example.org", "Laksvatn", "nn")
    assert host.consent_at is not None and host.confirmed_at is None
    [mail] = outbox()
    assert mail.recipient == "kari@example.org" and mail.kind == "confirm"
    [link] = links_in(mail.body)
    assert link.startswith("http://localhost/vert/") and link.endswith("/bekreft")
    token = link.split("/")[-2]
    assert host.token_hash == hash_token(token) and token not in str(host.__dict__)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "host.signup")).object_id == host.id
    assert "Check your e-mail" in client.get(response.headers["Location"],
                                             headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert topic.hosts[0].id == host.id


def test_second_signup_with_the_same_email_rotates_the_link_without_a_duplicate(client, db, municipality,
                                                                                make_topic, outbox):
    make_topic(municipality)
    first = client.post(SIGNUP, data=signup_data())
    second = client.post(SIGNUP, data=signup_data(email="kari@example.org ", name="Someone Else"))
    assert first.headers["Location"] == second.headers["Location"]
    [host] = db.scalars(select(Host)).all()
    assert host.name == "Kari Nordmann", "a second sign-up must not overwrite the host's details"
    old_link, new_link = (links_in(mail.body)[0] for mail in outbox())
    assert old_link != new_link
    assert client.get(old_link.removeprefix("http://localhost"), follow_redirects=True).status_code == 404
    assert client.get(new_link.removeprefix("http://localhost"), follow_redirects=True).status_code == 200


def test_hosts_are_numbered_per_topic(client, db, municipality, make_topic):
    make_topic(municipality)
    client.post(SIGNUP, data=signup_data(email="a@example.org"))
    client.post(SIGNUP, data=signup_data(email="b@example.org"))
    assert db.scalars(select(Host.number).order_by(Host.number)).all() == [1, 2]


def test_honeypot_pretends_success_and_stores_nothing(client, db, municipality, make_topic, outbox):
    make_topic(municipality)
    response = client.post(SIGNUP, data=signup_data(website="http://spam.example"))
    assert response.status_code == 302
    assert db.scalars(select(Host)).all() == [] and outbox() == []


def test_honeypot_is_hidden_from_people_and_screen_readers(client, municipality, make_topic):
    make_topic(municipality)
    page = client.get(SIGNUP).get_data(as_text=True)
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page and 'href="/personvern"' in page


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Enter your name."),
    ("name", "Kari,\n\nVIKTIG: Bekreft med BankID innen i dag", "Write the name on one line."),
    ("name", "Kari\u2028VIKTIG: ring oss", "Write the name on one line."),
    ("name", "Kari \u202eelsoL", "Write the name on one line."),
    ("name", "Kari https://bankid-sjekk.example/logg-inn", "cannot contain web addresses"),
    ("name", "Kari, se www.salangen-kommune.info", "cannot contain web addresses"),
    ("name", "Kari (kari@example.org)", "cannot contain web addresses"),
    ("name", "Kari – logg inn på bankid-sjekk.no", "cannot contain web addresses"),
    ("name", "K" * 81, "Use at most 80 characters."),
    ("email", "not-an-address", "Enter an e-mail address like name@example.no."),
    ("expected_guests", "21", "Enter a number from 1 to 20."),
    ("planned_date", (date.today() - timedelta(days=1)).isoformat(), "The date cannot be in the past."),
    ("planned_date", (date.today() + timedelta(days=400)).isoformat(), "on or before the report deadline"),
    ("consent", "", "You must agree before you can sign up."),
    ("area", "Atlantis", "Not a valid choice"),
])
def test_invalid_signup_is_shown_next_to_the_field_and_keeps_what_was_typed(
        client, db, municipality, make_topic, field, value, message):
    make_topic(municipality)
    data = signup_data(**{"name": "Ola Kåre Ødegård", "phone": "+47 912 34 567", field: value})
    response = client.post(SIGNUP, data=data, headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert f'id="{field}-error"' in page and 'aria-invalid="true"' in page
    assert f'href="#{field}"' in page, "the error summary links to the field"
    typed = {"name": "Ola Kåre Ødegård", "email": "Kari@Example.org", "phone": "+47 912 34 567"}
    for kept in (value for name, value in typed.items() if name != field):
        assert kept in page
    assert db.scalars(select(Host)).all() == []


def test_topic_without_areas_takes_free_text(client, db, municipality, make_topic):
    make_topic(municipality, areas=())
    client.post(SIGNUP, data=signup_data(area="Bak kirka"))
    assert db.scalar(select(Host.area)) == "Bak kirka"


@pytest.mark.parametrize("change", ["deadline_passed", "closed"])
def test_signup_is_closed_after_the_deadline_or_when_the_topic_closes(client, db, municipality, make_topic,
                                                                      change):
    topic = make_topic(municipality)
    if change == "deadline_passed":
        topic.signup_deadline = date.today() - timedelta(days=2)
    else:
        topic.status = TopicStatus.CLOSED
    db.commit()
    response = client.post(SIGNUP, data=signup_data(), headers={"Accept-Language": "en"})
    assert response.status_code == 200 and "Sign-up is closed" in response.get_data(as_text=True)
    assert db.scalars(select(Host)).all() == []
    assert "Become a host" not in client.get("/salangen/sjovegan-sentrum/",
                                             headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_privacy_page_explains_the_processing_and_names_the_contact(client, municipality):
    page = client.get("/personvern", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for needle in ("6(1)(a)", "offentleglova", "Guests are never named", "post@salangen.example",
                   "delete your personal data"):
        assert needle in page
    assert "WCAG" in client.get("/tilgjengelighet").get_data(as_text=True)


def test_topic_page_shows_the_municipalitys_translation_marked_with_its_language(client, db, municipality,
                                                                                make_topic):
    topic = make_topic(municipality)
    topic.translations = {"se": {"title": "Sjøvegan guovddáš",
                                 "intro_md": "Mii háliidit gullat **din** oaivila."}}
    topic.questions[0].translations = {"se": {"text": "Mii lea buorre guovddážis odne?"}}
    db.commit()
    page = client.get("/salangen/sjovegan-sentrum/", headers={"Accept-Language": "se"}).get_data(as_text=True)
    assert '<h1><span lang="se">Sjøvegan guovddáš</span></h1>' in page
    assert '<div class="intro" lang="se"><p>Mii háliidit gullat <strong>din</strong>' in page
    assert '<span lang="se">Mii lea buorre guovddážis odne?</span>' in page
    assert '<span lang="nb">Hva mangler i sentrum?</span>' in page, "untranslated questions keep the original"


def test_signing_up_a_confirmed_host_again_keeps_the_link_and_tells_the_host(client, db, municipality,
                                                                            make_topic, make_host, outbox):
    topic = make_topic(municipality)
    host, token = make_host(topic, email="kari@example.org", language="en")
    new = client.post(SIGNUP, data=signup_data(email="someone@example.org"))
    again = client.post(SIGNUP, data=signup_data(email="KARI@example.org", name="Angriper"))
    assert again.status_code == new.status_code == 302
    assert again.headers["Location"] == new.headers["Location"]
    db.expire_all()
    assert host.token_hash == hash_token(token) and host.name == "Kari Nordmann"
    assert client.get(f"/vert/{token}/", follow_redirects=True).status_code == 200
    notice = [mail for mail in outbox() if mail.recipient == "kari@example.org"]
    assert [mail.kind for mail in notice] == ["signup_repeated"]
    assert links_in(notice[0].body) == [] and "still works" in notice[0].body
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "host.signup_repeated")).one()
    assert event.detail == {"link_kept": True}


@pytest.mark.parametrize("name", ["Ola Kåre Ødegård", "Anne-Marie O'Neill", "Biret Máret Sara",
                                  "Dr. A. B. Li", "St. Olav gate 5 (naboene)"])
def test_ordinary_names_are_accepted(client, db, municipality, make_topic, name):
    make_topic(municipality)
    assert client.post(SIGNUP, data=signup_data(name=name)).status_code == 302
    assert db.scalar(select(Host.name)) == name


def test_the_confirmation_mail_has_the_name_on_one_line_even_if_stored_with_breaks(db, municipality,
                                                                                  make_topic, make_host,
                                                                                  outbox):
    """Defence in depth: a name stored before the form refused breaks still cannot shape the mail."""
    from gjestebud.services import hosts as host_service

    host, token = make_host(make_topic(municipality), confirmed=False, language="en",
                            name="Kari,\n\nVIKTIG: Bekreft\u2028med BankID")
    host_service.confirm(db, host, token)
    [kit] = outbox()
    assert "Hello Kari, VIKTIG: Bekreft med BankID," in kit.body
