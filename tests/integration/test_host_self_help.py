"""Hosts help themselves: a lost link sent again (without telling who hosts), the group's own lines and what
became of them on the host page, and host pages in the host's language."""

import re

import pytest
from sqlalchemy import select

from gjestebud.models import HostLink
from gjestebud.services import lost_link, results

from .test_results_publish import build_round

TOPIC = "/salangen/sjovegan-sentrum/"
LOST = TOPIC + "mistet-lenken"


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


def link_in(body):
    return re.search(r"https?://\S+/vert/(\S+)/", body).group(1)


def answer_text(response):
    page = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", page[page.index("<main"):page.index("</main>")])


def test_the_topic_page_offers_the_lost_link_form(client, municipality, make_topic):
    make_topic(municipality)
    page = client.get(TOPIC).get_data(as_text=True)
    assert "Lost your link?" in page and f'action="{LOST}"' in page and 'name="email"' in page


def test_a_known_host_gets_a_new_link_and_the_old_one_keeps_working(client, db, municipality, make_topic,
                                                                    make_host, outbox):
    topic = make_topic(municipality)
    _host, old_token = make_host(topic, email="kari@example.org", language="en")
    known = client.post(LOST, data={"email": " Kari@Example.org "})
    unknown = client.post(LOST, data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert answer_text(known) == answer_text(unknown)
    [sent] = outbox()
    assert sent.recipient == "kari@example.org" and sent.kind == "lost_link"
    new_token = link_in(sent.body)
    assert new_token != old_token and "older link still works" in sent.body
    assert client.get(f"/vert/{new_token}/", follow_redirects=True).status_code == 200
    assert client.get(f"/vert/{old_token}/", follow_redirects=True).status_code == 200
    # Asking again at once sends nothing more, and says the same.
    again = client.post(LOST, data={"email": "kari@example.org"})
    assert answer_text(again) == answer_text(known) and len(outbox()) == 1


def test_the_host_may_stop_the_old_link(client, db, municipality, make_topic, make_host, outbox):
    topic = make_topic(municipality)
    _host, old_token = make_host(topic, email="kari@example.org", language="en")
    client.post(LOST, data={"email": "kari@example.org", "stop_old_links": "y"})
    new_token = link_in(outbox()[0].body)
    assert "no longer work" in outbox()[0].body
    assert client.get(f"/vert/{old_token}/", follow_redirects=True).status_code == 404
    assert client.get(f"/vert/{new_token}/", follow_redirects=True).status_code == 200


@pytest.mark.parametrize("confirmed, erased", [(False, False), (True, True)])
def test_unconfirmed_and_erased_hosts_and_other_topics_get_nothing(db, municipality, make_topic, make_host,
                                                                    outbox, confirmed, erased):
    from datetime import datetime, timezone
    topic = make_topic(municipality)
    other = make_topic(municipality, slug="annet")
    host, _token = make_host(topic, email="kari@example.org", confirmed=confirmed)
    if erased:
        host.erased_at = datetime.now(timezone.utc)
        db.commit()
    assert lost_link.request_link(db, topic, "kari@example.org") is False
    make_host(other, email="ola@example.org")
    assert lost_link.request_link(db, topic, "ola@example.org") is False
    assert outbox() == [] and db.scalars(select(HostLink)).all() == []


def test_a_bad_address_is_refused_next_to_the_field_and_kept(client, municipality, make_topic, outbox):
    make_topic(municipality)
    response = client.post(LOST, data={"email": "not an address"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an e-mail address like name@example.no." in page and 'value="not an address"' in page
    assert outbox() == []


def test_host_pages_open_in_the_hosts_language_unless_the_visitor_chose_another(client, municipality,
                                                                              make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="nn")
    assert '<html lang="nn">' in client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    client.get("/lang/en")
    assert '<html lang="en">' in client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)


def test_after_submitting_the_host_sees_the_groups_lines_and_once_published_what_became_of_them(
        client, db, municipality, make_topic, make_host, planner):
    round_ = build_round(db, municipality, make_topic, make_host)
    kari = round_.kari
    token = "kari-token-for-this-test-0000000000000"
    from gjestebud.security import hash_token
    kari.token_hash = hash_token(token)
    db.commit()
    page = client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    assert "What your group sent" in page and "Flere benker ved havna" in page and "Sykkelparkering" in page
    assert "Part of:" not in page and "results page" not in page
    assert "Not published: the municipality hid this line." in page  # her phone-number line
    results.publish_results(db, round_.topic, planner)
    page = client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    assert "/salangen/sjovegan-sentrum/results?group=1#measures-heading" in page
    benches = page[page.index("Flere benker ved havna</span>"):]
    assert "Part of:" in benches[:400] and "Adopted" in benches[:600]
    assert "Ola Hansen" not in page
