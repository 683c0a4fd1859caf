"""The report deadline as a calendar file, from the host's page and from the public topic page."""

from datetime import date, timedelta

import pytest

from gjestebud.models import TopicStatus

DEADLINE = date.today() + timedelta(days=40)


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality, report_deadline=DEADLINE)


def unfolded(response):
    """The calendar's content lines, with folded continuation lines joined again (RFC 5545, 3.1)."""
    return response.get_data(as_text=True).replace("\r\n ", "").split("\r\n")


def assert_is_deadline_calendar(response, topic):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="sjovegan-sentrum-frist.ics"'
    lines = unfolded(response)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    assert f"DTSTART;VALUE=DATE:{DEADLINE:%Y%m%d}" in lines
    assert f"UID:topic-{topic.id}-report-deadline@localhost" in lines
    assert "SUMMARY:Report deadline: Utvikling av Sjøvegan sentrum" in lines
    assert "URL:http://localhost/salangen/sjovegan-sentrum/" in lines


def test_public_topic_page_links_to_the_calendar_file(client, topic):
    html = client.get("/salangen/sjovegan-sentrum/").get_data(as_text=True)
    assert 'href="/salangen/sjovegan-sentrum/frist.ics"' in html
    assert_is_deadline_calendar(client.get("/salangen/sjovegan-sentrum/frist.ics"), topic)


def test_host_page_links_to_the_calendar_file_which_never_holds_the_secret_link(client, topic, make_host):
    host, token = make_host(topic, language="en")
    html = client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/vert/frist.ics"' in html and token not in html
    response = client.get(f"/vert/{token}/frist.ics", follow_redirects=True)
    assert_is_deadline_calendar(response, topic)
    body = response.get_data(as_text=True)
    assert token not in body and "/vert/" not in body and host.name not in body


def test_a_topic_without_report_deadline_has_no_calendar_file_or_link(client, db, topic, make_host):
    _host, token = make_host(topic)
    topic.report_deadline = None
    db.commit()
    assert "frist.ics" not in client.get("/salangen/sjovegan-sentrum/").get_data(as_text=True)
    assert "frist.ics" not in client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    assert client.get("/salangen/sjovegan-sentrum/frist.ics").status_code == 404
    assert client.get(f"/vert/{token}/frist.ics", follow_redirects=True).status_code == 404


@pytest.mark.parametrize("path", ["/salangen/ukjent/frist.ics", "/lavangen/sjovegan-sentrum/frist.ics",
                                  "/vert/not-a-real-token-at-all-0000000000000/frist.ics"])
def test_unknown_topics_and_tokens_are_404(client, topic, path):
    assert client.get(path).status_code == 404


def test_a_draft_topic_has_no_public_calendar_file(client, db, topic):
    topic.status = TopicStatus.DRAFT
    db.commit()
    assert client.get("/salangen/sjovegan-sentrum/frist.ics").status_code == 404


def test_an_unconfirmed_host_is_sent_to_confirm_first(client, topic, make_host):
    _host, token = make_host(topic, confirmed=False)
    response = client.get(f"/vert/{token}/frist.ics", follow_redirects=True)
    assert response.request.path == "/vert/bekreft"


def test_calendar_file_follows_the_readers_language(client, topic):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nb"
    lines = unfolded(client.get("/salangen/sjovegan-sentrum/frist.ics"))
    assert "SUMMARY:Report deadline: Utvikling av Sjøvegan sentrum" not in lines
    assert any(line.startswith("SUMMARY:") and "Utvikling av Sjøvegan sentrum" in line for line in lines)
