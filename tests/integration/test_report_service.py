"""The report service as the staff side calls it: paper reports, deadlines, resending the kit."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, ReportStatus
from gjestebud.services import hosts, reports
from tests.conftest import links_in

AGES = {"age_under_18": None, "age_18_34": 3, "age_35_66": 2, "age_67_plus": None}


def save(db, host, *, actor="host", submit=True, lines=None, **kwargs):
    if lines is None:
        lines = {host.topic.questions[0].id: [" Flere benker ", "", "Lys"]}
    return reports.save_report(db, host, held_on=date.today(), participants=5, age_counts=AGES, lines=lines,
                               submit=submit, actor=actor, **kwargs)


def test_host_cannot_save_after_the_deadline_but_staff_can_transcribe(db, municipality, make_topic, make_host,
                                                                      make_user):
    topic = make_topic(municipality, report_deadline=date.today() - timedelta(days=1))
    host, _token = make_host(topic)
    with pytest.raises(reports.ReportClosed):
        save(db, host)
    organiser = make_user("organiser", municipality)
    report = save(db, host, actor=organiser, transcribed=True)
    assert report.status is ReportStatus.SUBMITTED and report.transcribed_by_id == organiser.id
    assert [s.text for s in report.suggestions] == ["Flere benker", "Lys"]
    assert (report.age_18_34, report.age_under_18) == (3, None)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.submit"))
    assert event.user_id == organiser.id and event.detail["transcribed"] is True


def test_editing_a_submitted_report_keeps_it_submitted_and_complete(db, municipality, make_topic, make_host):
    host, _token = make_host(make_topic(municipality))
    first_time = save(db, host).submitted_at
    report = save(db, host, submit=False, lines={host.topic.questions[1].id: ["Kafé"]})
    assert report.status is ReportStatus.SUBMITTED and report.submitted_at == first_time
    with pytest.raises(reports.ReportIncomplete):
        save(db, host, submit=False, lines={})


def test_lines_for_another_topics_question_are_refused(db, municipality, make_topic, make_host):
    host, _token = make_host(make_topic(municipality))
    other = make_topic(municipality, slug="annet")
    with pytest.raises(ValueError):
        save(db, host, lines={other.questions[0].id: ["Feil tema"]})


def test_a_withdrawn_host_reporting_again_ends_the_withdrawal_until_the_deadline(db, municipality, make_topic,
                                                                                   make_host):
    topic = make_topic(municipality)
    host, _token = make_host(topic)
    hosts.withdraw(db, host)
    save(db, host)
    assert host.withdrawn_at is None
    hosts.withdraw(db, host)
    topic.report_deadline = date.today() - timedelta(days=1)
    db.commit()
    with pytest.raises(reports.ReportClosed):
        save(db, host)


def test_resend_kit_rotates_the_link(client, db, municipality, make_topic, make_host, make_user, outbox):
    host, old_token = make_host(make_topic(municipality))
    hosts.resend_kit(db, host, actor=make_user("organiser", municipality))
    [mail] = outbox()
    assert mail.kind == "kit" and mail.recipient == host.email
    new_link = links_in(mail.body)[0]
    assert client.get(f"/vert/{old_token}/", follow_redirects=True).status_code == 404
    assert client.get(new_link.removeprefix("http://localhost"), follow_redirects=True).status_code == 200
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "host.resend_kit")).user_id is not None


def test_mails_follow_the_hosts_language(client, db, municipality, make_topic, make_host, outbox):
    host, token = make_host(make_topic(municipality), language="en")
    client.post(f"/vert/{token}/trekk", headers={"Accept-Language": "nb"})
    assert outbox()[-1].subject == "You have withdrawn from hosting"
