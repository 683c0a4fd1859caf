"""Staff pages that do not trip people up: wording, translated labels, plural forms, lists to choose from."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from gjestebud.models import Host, OutboxMail
from gjestebud.services.hosts import ERASED_RECIPIENT
from tests.integration.test_public_signup import SIGNUP, signup_data

EN = {"Accept-Language": "en"}


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def topic(make_topic, municipality):
    return make_topic(municipality)


def test_required_marker_is_inside_the_label(client, topic):
    page = client.get(SIGNUP, headers=EN).get_data(as_text=True)
    label = re.search(r'<label for="name">(.*?)</label>', page, re.S)
    assert label and '<span class="required" aria-hidden="true">(required)</span>' in label.group(1)
    assert not re.search(r'</label>\s*<span class="required"', page)
    # Screen readers hear it from the input itself.
    assert re.search(r'<input[^>]* id="name"[^>]* required', page)


def test_error_summary_drops_the_stop_at_the_end_of_a_label(client, topic):
    page = client.post(SIGNUP, data=signup_data(consent=""), headers=EN).get_data(as_text=True)
    summary = page[page.index('class="error-summary"'):]
    assert "the privacy notice: You must agree before you can sign up." in summary
    assert ".:" not in summary


def test_outbox_translates_kinds_and_erased_recipients(client, db, municipality, organiser):
    now = datetime.now(timezone.utc)
    for kind, recipient in (("reminder", "vert@example.org"), ("kit", ERASED_RECIPIENT)):
        db.add(OutboxMail(recipient=recipient, subject=f"Emne {kind}", body="Tekst", kind=kind,
                          municipality_id=municipality.id, created_at=now))
    db.commit()
    english = client.get("/staff/outbox", headers=EN).get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", english)
    # Labels through the catalogue, never the stored codes (the translation pass gives them Norwegian).
    assert "Reminder" in cells and "Host kit" in cells and "(erased)" in cells
    assert "reminder" not in cells and "kit" not in cells
    assert "2 e-mails, page 1 of 1" in english


def test_outbox_counts_one_mail_in_the_singular(client, db, municipality, organiser):
    db.add(OutboxMail(recipient="vert@example.org", subject="Emne", body="Tekst", kind="kit",
                      municipality_id=municipality.id, created_at=datetime.now(timezone.utc)))
    db.commit()
    assert "1 e-mail, page 1 of 1" in client.get("/staff/outbox", headers=EN).get_data(as_text=True)


def test_host_page_says_status_once(client, topic, make_host):
    _host, token = make_host(topic)
    page = client.get(f"/vert/{token}/", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert page.count(">Status<") == 1


def test_paper_host_chooses_the_area_from_the_topics_list(client, db, organiser, topic):
    page = client.get(f"/staff/topics/{topic.id}/hosts/new", headers=EN).get_data(as_text=True)
    assert '<select' in page and '<option value="Laksvatn">Laksvatn</option>' in page
    assert "Other / not listed" in page
    # A variant typed by hand is not an area: it is refused and nothing is registered.
    response = client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": "laksvatn"}, headers=EN)
    assert response.status_code == 200 and 'id="area-error"' in response.get_data(as_text=True)
    assert db.scalar(select(Host)) is None
    client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": "Laksvatn"})
    client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": ""})
    assert sorted(db.scalars(select(Host.area)), key=str) == ["Laksvatn", None]


def test_paper_host_area_is_free_text_when_the_topic_has_no_areas(client, db, organiser, municipality,
                                                                  make_topic):
    topic = make_topic(municipality, slug="uten-omrader", areas=())
    page = client.get(f"/staff/topics/{topic.id}/hosts/new", headers=EN).get_data(as_text=True)
    assert '<input' in page and 'id="area"' in page and "<select" not in page.split('id="area"')[0][-200:]
    client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": "Ved fjorden"})
    assert db.scalar(select(Host.area)) == "Ved fjorden"


def test_hosts_table_puts_contact_details_in_one_column(client, organiser, topic, make_host):
    make_host(topic)
    page = client.get(f"/staff/topics/{topic.id}/", headers=EN).get_data(as_text=True)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', page[page.index('class="hosts"'):])
    assert headers == ["Gathering", "Host", "Area", "Planned", "Language", "Status", "Actions"]
    assert "6 guests" in page and "vert@example.org" in page


def test_removing_a_question_asks_first(client, db, organiser, topic):
    from gjestebud.models import Question

    first = topic.questions[0]
    first_id = first.id
    page = client.get(f"/staff/topics/{topic.id}/questions", headers=EN).get_data(as_text=True)
    url = f"/staff/topics/{topic.id}/questions/{first.id}/remove"
    assert f'href="{url}"' in page and f'action="{url}"' not in page
    confirm = client.get(url, headers=EN).get_data(as_text=True)
    assert "Remove this question?" in confirm and first.text in confirm
    assert f'<form method="post" action="{url}">' in confirm  # its CSRF token: test_organiser_csrf.py
    db.expire_all()
    assert db.get(Question, first_id) is not None, "asking removes nothing"
    client.post(url)
    db.expire_all()
    assert db.get(Question, first_id) is None


def test_resending_a_kit_asks_first_and_says_the_old_link_dies(client, db, organiser, topic, make_host,
                                                              outbox):
    host, token = make_host(topic)
    page = client.get(f"/staff/topics/{topic.id}/", headers=EN).get_data(as_text=True)
    url = f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit"
    assert f'href="{url}"' in page and f'action="{url}"' not in page
    confirm = client.get(url, headers=EN).get_data(as_text=True)
    assert "old link stops working" in confirm and f'action="{url}"' in confirm
    assert outbox() == [] and client.get(f"/vert/{token}/", follow_redirects=True).status_code == 200
    client.post(url)
    assert [mail.kind for mail in outbox()] == ["kit"]
    assert client.get(f"/vert/{token}/", follow_redirects=True).status_code == 404


def test_resend_confirmation_for_a_host_without_email_goes_back(client, organiser, topic, make_host):
    host, _token = make_host(topic, email=None)
    response = client.get(f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit", headers=EN)
    assert response.status_code == 302


def test_sign_up_offers_one_catch_all_area_and_the_topic_form_says_so(client, organiser, topic):
    signup = client.get(SIGNUP, headers=EN).get_data(as_text=True)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", signup)
    assert options.count("Other / not listed") == 1
    form = client.get(f"/staff/topics/{topic.id}/edit", headers=EN).get_data(as_text=True)
    assert "always ends with “Other / not listed”" in form

