"""Reminders: one per host who has not reported, in the window before the deadline, never twice."""

from datetime import date, datetime, timedelta, timezone

import pytest
from babel.dates import format_date

from gjestebud.models import AuditEvent, Report, ReportStatus, Role, TopicStatus
from gjestebud.services import reminders

# Ahead of the real date, so the organiser's button (which checks today) still finds reporting open.
DEADLINE = date.today() + timedelta(days=30)


@pytest.fixture
def topic(municipality, make_topic):
    topic = make_topic(municipality, report_deadline=DEADLINE, signup_deadline=DEADLINE - timedelta(days=20))
    assert topic.reminder_days_before == 3
    return topic


@pytest.fixture
def make_host(make_host, db):
    """A host who confirmed and so was sent the kit with the personal link."""

    def make(topic, **kwargs):
        host, token = make_host(topic, **kwargs)
        if host.confirmed_at is not None:
            host.kit_sent_at = host.confirmed_at
            db.commit()
        return host, token

    return make


def reminders_in(outbox):
    return [mail for mail in outbox() if mail.kind == "reminder"]


def test_host_without_report_gets_one_reminder_with_no_secret_link(db, topic, make_host, outbox):
    host, token = make_host(topic, email="kari@example.org")
    assert reminders.send_due_reminders(db, today=DEADLINE - timedelta(days=3)) == 1
    [mail] = reminders_in(outbox)
    assert mail.recipient == "kari@example.org" and mail.municipality_id == topic.municipality_id
    assert "Gjestebud 1" in mail.subject
    assert token not in mail.body and "/vert/" not in mail.body
    assert "post@salangen.example" in mail.body
    assert "http://localhost/salangen/sjovegan-sentrum/" in mail.body
    assert format_date(DEADLINE, "long", locale="nb") in mail.body
    db.refresh(host)
    assert host.reminder_sent_at is not None
    event = db.query(AuditEvent).filter_by(action="host.reminder").one()
    assert (event.object_id, event.actor) == (host.id, "system")


def test_running_twice_sends_once(db, topic, make_host, outbox):
    make_host(topic)
    day = DEADLINE - timedelta(days=2)
    assert reminders.send_due_reminders(db, today=day) == 1
    assert reminders.send_due_reminders(db, today=day) == 0
    assert reminders.send_due_reminders(db, today=day + timedelta(days=1)) == 0
    assert len(reminders_in(outbox)) == 1


@pytest.mark.parametrize("days_before, expected", [(4, 0), (3, 1), (1, 1), (0, 1), (-1, 0)])
def test_reminders_go_out_only_from_the_reminder_day_until_the_deadline(db, topic, make_host, days_before,
                                                                       expected):
    make_host(topic)
    assert reminders.send_due_reminders(db, today=DEADLINE - timedelta(days=days_before)) == expected


@pytest.mark.parametrize("status, expected", [(ReportStatus.SUBMITTED, 0), (ReportStatus.DRAFT, 1)])
def test_hosts_who_reported_get_none_and_drafting_hosts_do(db, topic, make_host, outbox, status, expected):
    host, _ = make_host(topic)
    db.add(Report(host_id=host.id, topic_id=topic.id, status=status, participants=5,
                  submitted_at=datetime.now(timezone.utc) if status is ReportStatus.SUBMITTED else None))
    db.commit()
    assert reminders.send_due_reminders(db, today=DEADLINE) == expected
    assert len(reminders_in(outbox)) == expected


@pytest.mark.parametrize("change", ["withdrawn", "unconfirmed", "no_email", "erased", "reminded", "no_kit"])
def test_hosts_not_taking_part_or_out_of_reach_get_none(db, topic, make_host, outbox, change):
    host, _ = make_host(topic, confirmed=change != "unconfirmed")
    now = datetime.now(timezone.utc)
    if change == "withdrawn":
        host.withdrawn_at = now
    elif change == "no_email":
        host.email = None
    elif change == "erased":
        host.erased_at = host.withdrawn_at = now
    elif change == "reminded":
        host.reminder_sent_at = now
    elif change == "no_kit":  # a paper host the organiser registered: no link was ever mailed
        host.kit_sent_at = None
    db.commit()
    assert reminders.send_due_reminders(db, today=DEADLINE) == 0
    assert reminders_in(outbox) == []


@pytest.mark.parametrize("status", [TopicStatus.DRAFT, TopicStatus.CLOSED, TopicStatus.ARCHIVED])
def test_topics_that_are_not_open_send_no_reminders(db, topic, make_host, status):
    make_host(topic)
    topic.status = status
    db.commit()
    assert reminders.send_due_reminders(db, today=DEADLINE) == 0


def test_each_host_is_reminded_in_their_own_language_and_each_topic_by_its_own_window(
        db, municipality, topic, make_topic, make_host, outbox):
    make_host(topic, email="nb@example.org", language="nb")
    make_host(topic, email="en@example.org", language="en")
    later = make_topic(municipality, slug="boligplan", report_deadline=DEADLINE + timedelta(days=30))
    make_host(later, email="later@example.org")
    assert reminders.send_due_reminders(db, today=DEADLINE - timedelta(days=1)) == 2
    mails = {mail.recipient: mail for mail in reminders_in(outbox)}
    assert set(mails) == {"nb@example.org", "en@example.org"}
    assert mails["en@example.org"].subject == "Reminder: the report from Gjestebud 2"


def test_organisers_button_reminds_now_but_never_twice(db, municipality, topic, make_host, make_user, outbox):
    organiser = make_user(Role.ORGANISER, municipality)
    first, _ = make_host(topic, email="first@example.org")
    assert reminders.send_due_reminders(db, today=DEADLINE) == 1
    make_host(topic, email="second@example.org")
    assert reminders.send_reminder_now(db, topic, organiser) == 1
    assert reminders.send_reminder_now(db, topic, organiser) == 0
    assert [mail.recipient for mail in reminders_in(outbox)] == ["first@example.org", "second@example.org"]
    event = db.query(AuditEvent).filter_by(action="host.reminder", user_id=organiser.id).one()
    assert event.object_id != first.id


def test_organisers_button_is_refused_once_reporting_has_closed(db, municipality, make_topic, make_host,
                                                                make_user):
    organiser = make_user(Role.ORGANISER, municipality)
    past = make_topic(municipality, report_deadline=date.today() - timedelta(days=1),
                      signup_deadline=date.today() - timedelta(days=10))
    make_host(past)
    with pytest.raises(reminders.RemindersClosed):
        reminders.send_reminder_now(db, past, organiser)


def test_cli_command_prints_how_many_it_queued(runner, db, municipality, make_topic, make_host, outbox):
    topic = make_topic(municipality, report_deadline=date.today() + timedelta(days=1))
    make_host(topic)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Queued 1 reminders."
    assert len(reminders_in(outbox)) == 1
