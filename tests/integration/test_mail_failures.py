"""One bad mail never stops the others: clean subjects and names, every failure counted for its own mail,
giving up after the last attempt (or at once on a permanent refusal) with the body dropped, and secret links
never shown to staff in the outbox."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from gjestebud.mail import deliver_due, one_line, queue_mail
from gjestebud.models import OutboxMail
from gjestebud.services import hosts as host_service
from tests.conftest import _Collector, body_of, free_port

BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c\x1c"


def _use_smtp(app, port):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)


def _make_due(db):
    db.expire_all()
    for mail in db.query(OutboxMail).all():
        mail.next_attempt_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.commit()


@pytest.mark.parametrize("separator", list(BREAKS) + ["\u202e", "\x00", "\t\t"])
def test_one_line_collapses_every_separator_and_control_character(separator):
    cleaned = one_line(f"Kari,{separator}{separator}VIKTIG: Bekreft med BankID")
    assert cleaned in ("Kari, VIKTIG: Bekreft med BankID", "Kari,VIKTIG: Bekreft med BankID")
    assert len(one_line("x" * 500, 80)) == 80


@pytest.mark.parametrize("separator", list(BREAKS))
def test_a_topic_title_with_a_line_break_gives_a_one_line_subject_that_is_delivered(
        app, db, municipality, make_topic, make_host, smtp_server, outbox, separator):
    _use_smtp(app, smtp_server.port)
    topic = make_topic(municipality, title=f"Sjøvegan sentrum{separator}Bcc: evil@example.org")
    host, token = make_host(topic, confirmed=False)
    host_service.confirm(db, host, token)
    [kit] = outbox()
    assert "\n" not in kit.subject and "\u2028" not in kit.subject and "Sjøvegan sentrum Bcc" in kit.subject
    assert deliver_due(db) == (1, 0)
    [received] = smtp_server.messages
    assert received["Bcc"] is None and received["To"] == "vert@example.org"


def test_a_subject_stored_before_cleaning_is_cleaned_when_sent(app, db, smtp_server, outbox):
    _use_smtp(app, smtp_server.port)
    db.add(OutboxMail(recipient="vert@example.org", subject="Vertskit\u2028Sjøvegan", body="Hei\n",
                      kind="kit"))
    db.commit()
    assert deliver_due(db) == (1, 0)
    assert smtp_server.messages[0]["Subject"] == "Vertskit Sjøvegan"


def test_a_mail_that_cannot_be_built_fails_alone_and_the_run_goes_on(app, db, make_municipality, smtp_server,
                                                                    outbox):
    """A recipient with a header break raises while building; the other municipality's mail still goes."""
    _use_smtp(app, smtp_server.port)
    first, second = make_municipality("salangen"), make_municipality("lavangen", "Lavangen kommune")
    db.add(OutboxMail(municipality_id=first.id, recipient="vert@example.org\r\nBcc: evil@example.org",
                      subject="Kit", body="Lenke: http://localhost/vert/abc/\n", kind="kit"))
    db.add(OutboxMail(municipality_id=second.id, recipient="kari@example.org", subject="Kit", body="Hei\n",
                      kind="kit"))
    db.commit()
    assert deliver_due(db) == (1, 1)
    bad, good = outbox()
    assert good.sent_at is not None and [m["To"] for m in smtp_server.messages] == ["kari@example.org"]
    assert bad.sent_at is None and bad.attempts == 1 and bad.last_error.startswith("ValueError")
    assert bad.next_attempt_at > datetime.now(timezone.utc), "a failed mail backs off"


def test_smtp_down_counts_attempts_then_gives_up_and_drops_the_body(app, db, outbox):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    _use_smtp(app, free_port())  # nothing listens there
    queue_mail(db, recipient="vert@example.org", template="test", language="en", kind="test",
               municipality_id=None, address="vert@example.org")
    db.commit()
    for attempt in (1, 2):
        assert deliver_due(db) == (0, 1)
        [mail] = outbox()
        assert mail.attempts == attempt and mail.body, "the body is kept while a retry is due"
        _make_due(db)
    assert deliver_due(db) == (0, 1)
    [mail] = outbox()
    assert mail.attempts == 3 and mail.body is None and mail.sent_at is None
    _make_due(db)
    assert deliver_due(db) == (0, 0), "after the last attempt the sender has given up"


@pytest.fixture
def bouncing_smtp_server():
    """An SMTP server that refuses one address for good (550), as a mailbox that does not exist."""

    class Bouncer(_Collector):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            if address.startswith("nobody@"):
                return "550 5.1.1 No such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    handler = Bouncer()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def test_a_bouncing_address_is_given_up_at_once_and_its_body_dropped(app, db, bouncing_smtp_server, outbox):
    _use_smtp(app, bouncing_smtp_server.port)
    for address in ("nobody@example.org", "kari@example.org"):
        queue_mail(db, recipient=address, template="test", language="en", kind="test", municipality_id=None,
                   address=address)
    db.commit()
    assert deliver_due(db) == (1, 1)
    bounced, delivered = outbox()
    assert bounced.body is None and bounced.sent_at is None
    assert bounced.attempts == app.config["MAIL_MAX_ATTEMPTS"] and "550" in bounced.last_error
    assert delivered.sent_at is not None
    assert "kari@example.org" in body_of(bouncing_smtp_server.messages[0])


class TestOutboxNeverShowsSecretLinks:
    @pytest.fixture
    def page(self, app, db, client, login, make_user, municipality, make_topic, make_host):
        """Kits for unconfirmed → confirmed hosts: the mail carries the host's real personal link."""
        topic = make_topic(municipality)
        host, token = make_host(topic, confirmed=False)
        host_service.confirm(db, host, token)
        login(make_user("organiser", municipality))

        def read():
            return client.get("/staff/outbox").get_data(as_text=True), token

        return read

    def test_console_mode_keeps_the_text_but_masks_the_link(self, app, page):
        text, token = page()
        assert "Show text" in text and "/vert/[secret]/" in text
        assert token not in text

    def test_smtp_down_shows_the_failure_but_not_the_link(self, app, db, page):
        _use_smtp(app, free_port())
        assert deliver_due(db) == (0, 1)
        text, token = page()
        assert "Failed 1 time" in text and token not in text and "/vert/[secret]/" in text

    def test_a_given_up_mail_has_no_text_left(self, app, db, page, outbox):
        app.config["MAIL_MAX_ATTEMPTS"] = 1
        _use_smtp(app, free_port())
        assert deliver_due(db) == (0, 1)
        text, token = page()
        assert "Given up" in text and "Show text" not in text and token not in text
        assert outbox()[0].body is None

    def test_any_token_shaped_text_in_a_stored_body_is_masked(self, app, db, page, municipality):
        stray = secrets.token_urlsafe(32)
        db.add(OutboxMail(municipality_id=municipality.id, recipient="a@example.org", subject="Annet",
                          body=f"Se https://andre.example/lenke?t={stray}\n", kind="kit"))
        db.commit()
        text, _token = page()
        assert stray not in text
