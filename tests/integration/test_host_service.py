"""The host service: numbers stay unique when sign-ups race, and erasing a host leaves nothing behind."""

import threading
from datetime import datetime, timezone

from sqlalchemy import select

from gjestebud.db import get_session
from gjestebud.models import Host, Topic, TopicStatus
from gjestebud.services import hosts


def test_sign_ups_at_the_same_moment_get_numbers_one_after_the_other(app, db, municipality, make_topic,
                                                                     make_host, outbox):
    topic = make_topic(municipality)
    make_host(topic, email="first@example.org")
    errors = []

    def sign_up(worker: int) -> None:
        with app.test_request_context():
            session = get_session()
            try:
                for n in range(3):
                    hosts.sign_up(session, session.get(Topic, topic.id), name=f"Vert {worker}.{n}",
                                  email=f"vert{worker}.{n}@example.org", phone=None, area=None,
                                  planned_date=None, expected_guests=5, language="nb")
            except Exception as exc:  # collected, so the test shows what went wrong in a thread
                errors.append(exc)

    threads = [threading.Thread(target=sign_up, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.expire_all()
    assert db.scalars(select(Host.number).order_by(Host.number)).all() == list(range(1, 20))
    assert len(outbox()) == 18


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


def test_personal_links_stop_working_when_the_topic_is_archived(client, db, municipality, make_topic,
                                                                 make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic)
    assert client.get(f"/vert/{token}/", follow_redirects=True).status_code == 200
    topic.status = TopicStatus.ARCHIVED
    db.commit()
    assert client.get(f"/vert/{token}/", follow_redirects=True).status_code == 404
