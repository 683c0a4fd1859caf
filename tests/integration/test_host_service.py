"""The host service: numbers stay unique when sign-ups race, and erasing a host leaves nothing behind."""

from datetime import datetime, timezone

from sqlalchemy import select

from gjestebud.models import AuditEvent, Host, TopicStatus
from gjestebud.services import hosts


def test_a_sign_up_that_loses_the_race_for_a_number_takes_the_next_one(app, db, municipality, make_topic,
                                                                      make_host, outbox, monkeypatch):
    topic = make_topic(municipality)
    make_host(topic, email="first@example.org")
    real = hosts.next_host_number
    calls = []

    def stale_then_real(session, topic_):
        calls.append(1)
        return 1 if len(calls) == 1 else real(session, topic_)

    monkeypatch.setattr(hosts, "next_host_number", stale_then_real)
    with app.test_request_context():
        host = hosts.sign_up(db, topic, name="Ola", email="ola@example.org", phone=None, area=None,
                             planned_date=None, expected_guests=5, language="nb")
    assert host.number == 2 and len(calls) == 2
    assert db.scalars(select(Host.number).order_by(Host.number)).all() == [1, 2]
    assert [mail.recipient for mail in outbox()] == ["ola@example.org"], "the failed attempt queued nothing"
    signups = db.scalars(select(AuditEvent.action).where(AuditEvent.action == "host.signup")).all()
    assert signups == ["host.signup"]


def test_erasing_a_host_leaves_no_address_or_link_in_the_outbox(app, db, municipality, make_topic, make_host,
                                                                outbox):
    topic = make_topic(municipality)
    host, _token = make_host(topic)
    other, _other_token = make_host(make_topic(municipality, slug="annet"), email="nabo@example.org")
    with app.test_request_context():
        hosts.resend_kit(db, host, actor="test")
        hosts.resend_kit(db, other, actor="test")
        outbox()[0].sent_at = datetime.now(timezone.utc)
        hosts.withdraw(db, host)
        hosts.erase(db, host, remove_suggestions=False)
    mails = outbox()
    assert [(mail.recipient, mail.body) for mail in mails][0] == (hosts.ERASED_RECIPIENT, None)
    assert [mail.recipient for mail in mails] == [hosts.ERASED_RECIPIENT, "nabo@example.org"], \
        "unsent mail to the erased host is dropped; other hosts' mail is untouched"


def test_an_address_another_host_still_uses_stays_in_the_outbox(app, db, municipality, make_topic, make_host,
                                                               outbox):
    host, _token = make_host(make_topic(municipality))
    make_host(make_topic(municipality, slug="annet"))
    with app.test_request_context():
        hosts.resend_kit(db, host, actor="test")
        hosts.erase(db, host, remove_suggestions=False)
    assert [mail.recipient for mail in outbox()] == ["vert@example.org"]


def test_personal_links_stop_working_when_the_topic_is_archived(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic)
    assert client.get(f"/vert/{token}/").status_code == 200
    topic.status = TopicStatus.ARCHIVED
    db.commit()
    assert client.get(f"/vert/{token}/").status_code == 404
