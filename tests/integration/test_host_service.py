"""The host service under concurrency: numbers stay unique when two sign-ups race."""

from sqlalchemy import select

from gjestebud.models import AuditEvent, Host
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
    assert db.scalars(select(AuditEvent.action).where(AuditEvent.action == "host.signup")).all() == ["host.signup"]
