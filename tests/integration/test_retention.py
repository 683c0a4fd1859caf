"""Retention: after a topic's report deadline plus its retention period, hosts' personal data goes; the
submitted reports stay as anonymous records."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Host, OutboxMail, ReportStatus
from gjestebud.services import reports
from gjestebud.services.hosts import ERASED_RECIPIENT
from gjestebud.services.retention import erase_expired_personal_data

AGES = {"age_under_18": None, "age_18_34": 3, "age_35_66": 2, "age_67_plus": None}


def _submit(db, host, token, lines=("Flere benker", "Lys langs stien")):
    return reports.save_report(db, host, held_on=date.today(), participants=5, age_counts=AGES,
                               lines={host.topic.questions[0].id: list(lines)}, submit=True, actor="host",
                               token=token)


@pytest.fixture
def expired_and_current(db, municipality, make_topic, make_host):
    """Two topics of one municipality: one whose retention ends after 30 days, one that runs much longer."""
    expired = make_topic(municipality, slug="gammelt", report_deadline=date.today() + timedelta(days=10))
    expired.retention_days = 30
    current = make_topic(municipality, slug="nytt", report_deadline=date.today() + timedelta(days=100))
    reporter, reporter_token = make_host(expired, email="kari@example.org")
    reporter.phone = "400 00 000"
    quiet, quiet_token = make_host(expired, email="ola@example.org", name="Ola Nordmann")
    db.commit()
    _submit(db, reporter, reporter_token)
    still_hosting, still_token = make_host(current, email="per@example.org", name="Per Hansen")
    return {"expired": expired, "current": current, "reporter": (reporter, reporter_token),
            "quiet": (quiet, quiet_token), "still_hosting": (still_hosting, still_token)}


def _day_after_retention(topic) -> date:
    return topic.report_deadline + timedelta(days=topic.retention_days + 1)


def test_expired_hosts_lose_their_personal_data_and_reports_stay_anonymous(db, expired_and_current, client):
    reporter, reporter_token = expired_and_current["reporter"]
    quiet, _quiet_token = expired_and_current["quiet"]
    still_hosting, still_token = expired_and_current["still_hosting"]
    lines_before = [s.text for s in reporter.report.suggestions]
    old_hash = reporter.token_hash
    assert client.get(f"/vert/{reporter_token}/", follow_redirects=True).status_code == 200

    erased = erase_expired_personal_data(db, today=_day_after_retention(expired_and_current["expired"]))

    assert erased == 2
    db.expire_all()
    for host in (reporter, quiet):
        assert (host.name, host.email, host.phone) == (None, None, None)
        assert host.erased_at is not None
    assert reporter.token_hash != old_hash and len(reporter.token_hash) == len(old_hash)
    dead = client.get(f"/vert/{reporter_token}/", follow_redirects=True)
    assert dead.status_code == 404, "the old secret link is dead"
    report = reporter.report
    assert report.status is ReportStatus.SUBMITTED and report.participants == 5
    assert [s.text for s in report.suggestions] == lines_before
    assert (still_hosting.name, still_hosting.email) == ("Per Hansen", "per@example.org")
    assert still_hosting.erased_at is None
    assert client.get(f"/vert/{still_token}/", follow_redirects=True).status_code == 200


def test_the_erasure_is_audited_per_topic_as_the_system(db, expired_and_current):
    topic = expired_and_current["expired"]
    erase_expired_personal_data(db, today=_day_after_retention(topic))
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "topic.retention_erase")).all()
    assert (event.actor, event.user_id, event.object_id, event.municipality_id) == (
        "system", None, topic.id, topic.municipality_id)
    assert event.detail == {"hosts": 2}


def test_a_second_run_erases_nothing_new(db, expired_and_current):
    day = _day_after_retention(expired_and_current["expired"])
    assert erase_expired_personal_data(db, today=day) == 2
    reporter, _token = expired_and_current["reporter"]
    erased_at, token_hash = reporter.erased_at, reporter.token_hash

    assert erase_expired_personal_data(db, today=day + timedelta(days=1)) == 0

    db.expire_all()
    assert (reporter.erased_at, reporter.token_hash) == (erased_at, token_hash)
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "topic.retention_erase")).all()) == 1


@pytest.mark.parametrize(("days_after_deadline", "erased"), [(30, False), (31, True)])
def test_personal_data_is_kept_through_the_last_day_of_the_retention_period(db, expired_and_current,
                                                                           days_after_deadline, erased):
    topic = expired_and_current["expired"]
    today = topic.report_deadline + timedelta(days=days_after_deadline)
    assert erase_expired_personal_data(db, today=today) == (2 if erased else 0)


def test_the_outbox_forgets_erased_addresses_unless_they_still_host_elsewhere(
        db, expired_and_current, make_host, outbox):
    reporter, _token = expired_and_current["reporter"]
    municipality_id = reporter.topic.municipality_id
    assert any(mail.recipient == "kari@example.org" and mail.sent_at is None for mail in outbox()), "receipt"
    db.add(OutboxMail(municipality_id=municipality_id, recipient="kari@example.org", subject="Kit",
                      body="/vert/secret/", kind="kit", sent_at=datetime.now(timezone.utc)))
    make_host(expired_and_current["current"], email="ola@example.org")  # Ola hosts the new topic as well
    db.add(OutboxMail(municipality_id=municipality_id, recipient="ola@example.org", subject="Kit", body="...",
                      kind="kit"))
    db.commit()

    erase_expired_personal_data(db, today=_day_after_retention(expired_and_current["expired"]))

    mails = outbox()
    assert "kari@example.org" not in {mail.recipient for mail in mails}
    [sent] = [mail for mail in mails if mail.recipient == ERASED_RECIPIENT]
    assert sent.subject == "Kit" and sent.body is None, "sent mail stays in the log without address or link"
    assert "ola@example.org" in {mail.recipient for mail in mails}


def test_erase_expired_command_for_cron(db, municipality, make_topic, make_host, runner):
    topic = make_topic(municipality, report_deadline=date.today() - timedelta(days=400))
    host, _token = make_host(topic)
    topic.created_at = host.created_at = datetime.now(timezone.utc) - timedelta(days=420)
    db.commit()

    result = runner.invoke(args=["erase-expired"])

    assert result.exit_code == 0, result.output
    assert "Erased the personal data of 1 hosts." in result.output
    db.expire_all()
    assert db.scalar(select(Host.email).where(Host.id == host.id)) is None


def test_a_topic_without_a_report_deadline_expires_from_its_last_use(db, municipality, make_topic, make_host):
    topic = make_topic(municipality, slug="uten-frist")
    topic.report_deadline, topic.retention_days = None, 30
    host, token = make_host(topic, email="kari@example.org")
    db.commit()
    _submit(db, host, token)
    last_use = host.report.updated_at.date()
    assert erase_expired_personal_data(db, today=last_use + timedelta(days=30)) == 0
    assert erase_expired_personal_data(db, today=last_use + timedelta(days=31)) == 1
    db.expire_all()
    assert host.email is None and host.report.suggestions


def test_a_late_report_moves_the_end_of_retention(db, municipality, make_topic, make_host):
    topic = make_topic(municipality, slug="sent")
    topic.retention_days = 30
    host, token = make_host(topic, email="kari@example.org")
    host.created_at = topic.created_at = datetime.now(timezone.utc) - timedelta(days=200)
    db.commit()
    _submit(db, host, token)
    topic.report_deadline = date.today() - timedelta(days=100)  # the report came in long after the deadline
    db.commit()
    assert erase_expired_personal_data(db, today=date.today() + timedelta(days=30)) == 0
    assert erase_expired_personal_data(db, today=date.today() + timedelta(days=31)) == 1


@pytest.mark.parametrize(("age_days", "erased"), [(6, False), (8, True)])
def test_unconfirmed_sign_ups_are_erased_after_a_week(db, client, municipality, make_topic, make_host,
                                                      age_days, erased):
    topic = make_topic(municipality, slug="ubekreftet")
    unconfirmed, token = make_host(topic, email="noen@example.org", confirmed=False)
    confirmed, _token = make_host(topic, email="kari@example.org")
    unconfirmed.created_at = confirmed.created_at = datetime.now(timezone.utc) - timedelta(days=age_days)
    db.commit()
    assert erase_expired_personal_data(db) == (1 if erased else 0)
    db.expire_all()
    assert (unconfirmed.email is None) is erased and (unconfirmed.withdrawn_at is not None) is erased
    assert confirmed.email == "kari@example.org"
    assert (client.get(f"/vert/{token}/bekreft").status_code == 404) is erased
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "host.unconfirmed_erase")).all()
    assert [e.object_id for e in events] == ([unconfirmed.id] if erased else [])


def test_the_unconfirmed_period_is_a_setting(app, db, municipality, make_topic, make_host):
    app.config["UNCONFIRMED_SIGNUP_DAYS"] = 2
    topic = make_topic(municipality, slug="kort")
    host, _token = make_host(topic, email="noen@example.org", confirmed=False)
    host.created_at = datetime.now(timezone.utc) - timedelta(days=3)
    db.commit()
    assert erase_expired_personal_data(db) == 1
