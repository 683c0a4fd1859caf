"""Organisers follow their hosts: resend a kit, register a paper sign-up, type in a paper report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Host, Report, ReportStatus
from gjestebud.services.reports import save_report
from tests.conftest import links_in


@pytest.fixture
def organiser(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def topic(make_topic, municipality):
    return make_topic(municipality)


def report_data(topic, **overrides: str) -> dict[str, str]:
    first, second, _third = topic.questions
    data = {"held_on": (date.today() - timedelta(days=1)).isoformat(), "participants": "7",
            "age_18_34": "3", "age_67_plus": "2",
            f"q{first.id}": "Kaia\n\nBiblioteket", f"q{second.id}": "Kafé for unge", "send": "Submit"}
    data.update(overrides)
    return data


def test_resend_kit_rotates_the_link_and_queues_the_kit(client, db, organiser, topic, make_host, outbox):
    host, old_token = make_host(topic)
    assert client.get(f"/vert/{old_token}/", follow_redirects=True).status_code == 200
    response = client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit")
    assert response.status_code == 302
    mails = outbox()
    assert [(m.recipient, m.kind) for m in mails] == [("vert@example.org", "kit")]
    new_link = next(link for link in links_in(mails[0].body) if "/vert/" in link and old_token not in link)
    assert client.get(f"/vert/{old_token}/", follow_redirects=True).status_code == 404
    assert client.get(new_link.replace("http://localhost", ""), follow_redirects=True).status_code == 200
    db.expire_all()
    assert db.get(Host, host.id).kit_sent_at is not None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "host.resend_kit"))
    assert event.user_id == organiser.id


def test_host_without_email_gets_no_kit(client, db, organiser, topic, make_host, outbox):
    host, _token = make_host(topic, email=None)
    response = client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit", follow_redirects=True)
    assert "has no e-mail address" in response.get_data(as_text=True)
    assert outbox() == []


def test_host_of_another_topic_is_404(client, organiser, municipality, topic, make_topic, make_host):
    other = make_topic(municipality, slug="annet")
    host, _token = make_host(other)
    assert client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit").status_code == 404
    assert client.get(f"/staff/topics/{topic.id}/hosts/{host.id}/report").status_code == 404


def test_register_paper_host_without_email(client, db, organiser, topic, make_host, outbox):
    make_host(topic)
    response = client.post(f"/staff/topics/{topic.id}/hosts/new", data={"name": "", "area": "Laksvatn"})
    assert response.status_code == 302
    host = db.scalar(select(Host).where(Host.area == "Laksvatn"))
    assert (host.number, host.name, host.email) == (2, None, None)
    assert host.confirmed_at is not None and host.status == "confirmed"
    assert len(host.token_hash) == 64
    assert outbox() == []
    page = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert "Gjestebud 2" in page
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "host.register_paper"))
    assert event.user_id == organiser.id


@pytest.mark.parametrize("data, field", [({"email": "not an address"}, "email"),
                                         ({"name": "n" * 121}, "name"),
                                         ({"area": "a" * 121}, "area"),
                                         ({"phone": "1" * 41}, "phone")])
def test_paper_host_form_validates(client, db, organiser, topic, data, field):
    response = client.post(f"/staff/topics/{topic.id}/hosts/new", data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.scalar(select(Host)) is None


def test_transcription_creates_a_submitted_report_marked_transcribed(client, db, organiser, topic):
    client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": "Sjøvegan"})
    host = db.scalar(select(Host))
    form_page = client.get(f"/staff/topics/{topic.id}/hosts/{host.id}/report").get_data(as_text=True)
    assert topic.questions[0].text in form_page
    response = client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/report", data=report_data(topic))
    assert response.status_code == 302
    report = db.scalar(select(Report).where(Report.host_id == host.id))
    assert report.status is ReportStatus.SUBMITTED
    assert report.transcribed_by_id == organiser.id
    assert (report.participants, report.age_18_34, report.age_67_plus) == (7, 3, 2)
    assert sorted(s.text for s in report.suggestions) == ["Biblioteket", "Kafé for unge", "Kaia"]
    page = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert f"Transcribed by {organiser.name}" in page
    assert "<strong>1</strong> reported" in page


def test_transcription_is_allowed_after_the_deadline(client, db, organiser, municipality, make_topic,
                                                     make_host):
    today = date.today()
    topic = make_topic(municipality, signup_deadline=today - timedelta(days=20),
                       report_deadline=today - timedelta(days=2))
    host, _token = make_host(topic)
    client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/report", data=report_data(topic))
    assert db.scalar(select(Report.status).where(Report.host_id == host.id)) is ReportStatus.SUBMITTED


def test_incomplete_transcription_is_kept_in_the_form(client, db, organiser, topic, make_host):
    host, _token = make_host(topic)
    response = client.post(f"/staff/topics/{topic.id}/hosts/{host.id}/report",
                           data=report_data(topic, participants=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="participants-error"' in page
    assert "Kafé for unge" in page
    assert db.scalar(select(Report)) is None


def _online_report(db, host):
    return save_report(db, host, held_on=date.today(), participants=5, age_counts={},
                       lines={host.topic.questions[0].id: ["Vertens egne ord"]}, submit=True, actor="host")


def test_transcription_is_offered_only_where_there_is_no_online_report(client, db, organiser, topic,
                                                                       make_host):
    online, _token = make_host(topic)
    drafting, _token = make_host(topic, email="utkast@example.org")
    _online_report(db, online)
    save_report(db, drafting, held_on=None, participants=None, age_counts={}, lines={}, submit=False,
                actor="host")
    client.post(f"/staff/topics/{topic.id}/hosts/new", data={"area": "Sjøvegan"})
    page = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert page.count("Type in paper report") == 1
    paper = db.scalar(select(Host).where(Host.email.is_(None)))
    assert f"/hosts/{paper.id}/report" in page
    assert f"/hosts/{online.id}/report" not in page and f"/hosts/{drafting.id}/report" not in page


def test_staff_change_an_online_report_only_when_they_confirm_and_the_host_stays_its_author(
        client, db, organiser, topic, make_host):
    host, _token = make_host(topic)
    report = _online_report(db, host)
    url = f"/staff/topics/{topic.id}/hosts/{host.id}/report"
    assert "the host's own online report" in client.get(url).get_data(as_text=True)

    refused = client.post(url, data=report_data(topic))
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert "Tick the box to change the host" in page and "Kafé for unge" in page
    db.expire_all()
    assert [s.text for s in report.suggestions] == ["Vertens egne ord"]

    assert client.post(url, data=report_data(topic, confirm="y")).status_code == 302
    db.expire_all()
    assert report.transcribed_by_id is None
    assert sorted(s.text for s in report.suggestions) == ["Biblioteket", "Kafé for unge", "Kaia"]
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "report.staff_edit")).one()
    assert event.user_id == organiser.id
    assert [line["text"] for line in event.detail["previous"]["lines"]] == ["Vertens egne ord"]
    assert "Transcribed by" not in client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)


def test_the_hosts_kept_version_stays_out_of_the_log_and_goes_when_the_host_erases(client, db, organiser,
                                                                                   topic, make_host, caplog):
    host, token = make_host(topic)
    report = _online_report(db, host)
    url = f"/staff/topics/{topic.id}/hosts/{host.id}/report"
    client.post(url, data=report_data(topic, confirm="y"))
    assert "Vertens egne ord" not in caplog.text
    client.post(f"/vert/{token}/slett")
    db.expire_all()
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "report.staff_edit")).one()
    assert event.object_id == report.id and "Vertens egne ord" not in str(event.detail)
