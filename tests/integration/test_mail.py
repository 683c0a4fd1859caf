"""The outbox: mail is stored first, delivered over real SMTP, retried with backoff, never sent twice."""

import time
from datetime import datetime, timedelta, timezone

from gjestebud.mail import _claim, deliver_due, queue_mail
from tests.conftest import body_of, free_port


def _queue(db, recipient="vert@example.org", language="en"):
    mail = queue_mail(db, recipient=recipient, template="test", language=language, kind="test",
                      municipality_id=None, address=recipient)
    db.commit()
    return mail


def _use_smtp(app, port):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)


def test_queued_mail_is_delivered_over_smtp_and_its_body_cleared(app, db, smtp_server, outbox):
    _use_smtp(app, smtp_server.port)
    mail = _queue(db)
    assert deliver_due(db) == (1, 0)
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "vert@example.org"
    assert received["Subject"] == "Test message from Gjestebud"
    assert "mail from Gjestebud reaches vert@example.org" in body_of(received)
    [stored] = outbox()
    assert stored.id == mail.id and stored.sent_at is not None
    assert stored.body is None, "a delivered body may hold a secret link and must not be kept"


def test_smtp_down_keeps_the_mail_and_retries_later_without_duplicates(app, db, smtp_server, outbox):
    _use_smtp(app, free_port())  # nothing listens there
    _queue(db)
    assert deliver_due(db) == (0, 1)
    [stored] = outbox()
    assert stored.sent_at is None and stored.attempts == 1 and stored.body
    assert stored.last_error
    assert stored.next_attempt_at > datetime.now(timezone.utc) + timedelta(seconds=30)
    assert deliver_due(db) == (0, 0), "a failed mail waits for its backoff"

    _use_smtp(app, smtp_server.port)
    stored.next_attempt_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.commit()
    assert deliver_due(db) == (1, 0)
    assert deliver_due(db) == (0, 0)
    assert len(smtp_server.messages) == 1


def test_a_claimed_mail_cannot_be_claimed_by_a_second_sender(db):
    mail = _queue(db)
    now = datetime.now(timezone.utc)
    assert _claim(db, mail.id, now) is True
    assert _claim(db, mail.id, now) is False


def test_mail_is_rendered_in_the_recipients_language(app, db, outbox):
    _queue(db, language="en")
    _queue(db, language="nb")
    english, bokmal = (mail.subject for mail in outbox())
    assert english == "Test message from Gjestebud"
    assert bokmal != english and "Gjestebud" in bokmal


def test_send_mail_command_delivers_due_mail(app, db, runner, smtp_server):
    _use_smtp(app, smtp_server.port)
    _queue(db)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1, failed 0." in result.output
    assert len(smtp_server.messages) == 1


def test_send_mail_command_fails_visibly_when_smtp_is_down(app, db, runner):
    _use_smtp(app, free_port())
    _queue(db)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "failed 1" in result.output


def test_mail_queued_by_a_request_is_delivered_right_after_it(app, client, municipality, make_topic,
                                                              smtp_server):
    app.config.update(MAIL_DEFER=False, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
                      MAIL_PORT=smtp_server.port)
    topic = make_topic(municipality)
    response = client.post(f"/{municipality.slug}/{topic.slug}/bli-vert", data={
        "name": "Kari", "email": "kari@example.org", "expected_guests": "6", "language": "nb",
        "consent": "y"})
    assert response.status_code == 302
    deadline = time.monotonic() + 10
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [message["To"] for message in smtp_server.messages] == ["kari@example.org"]
