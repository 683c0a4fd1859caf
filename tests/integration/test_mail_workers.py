"""Several mail senders at once, as separate processes against one database and a real SMTP server: every
queued mail arrives exactly once, and nothing is lost while SMTP is down."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from gjestebud import mail as mail_module
from gjestebud.mail import _claim, deliver_due, queue_mail
from gjestebud.models import OutboxMail
from tests.conftest import TEST_SECRET, _Collector, free_port

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
MAILS = 60
SENDERS = 4


class _SlowCollector(_Collector):
    """Takes a little time per message, so the senders' runs overlap and really compete for the mails."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server():
    from aiosmtpd.controller import Controller

    handler = _SlowCollector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def _queue_numbered_mails(db, count: int = MAILS) -> list[str]:
    """One recipient per mail, so a mail sent twice shows as a recipient seen twice."""
    recipients = [f"vert{number:03d}@example.org" for number in range(count)]
    for recipient in recipients:
        queue_mail(db, recipient=recipient, template="test", language="en", kind="test", municipality_id=None,
                   address=recipient)
    db.commit()
    return recipients


def _start_senders(database_url: str, smtp_port: int, count: int = SENDERS) -> list[subprocess.Popen]:
    env = {**os.environ, "GJESTEBUD_DATABASE_URL": database_url, "GJESTEBUD_SECRET_KEY": TEST_SECRET,
           "GJESTEBUD_MAIL_BACKEND": "smtp", "GJESTEBUD_MAIL_SERVER": "127.0.0.1",
           "GJESTEBUD_MAIL_PORT": str(smtp_port), "GJESTEBUD_MAIL_TIMEOUT": "5"}
    return [subprocess.Popen([sys.executable, "-m", "flask", "--app", "gjestebud", "send-mail"],
                             cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
            for _ in range(count)]


def _finish(senders: list[subprocess.Popen]) -> list[tuple[int, str]]:
    results = []
    for sender in senders:
        out, err = sender.communicate(timeout=120)
        results.append((sender.returncode, out + err))
    return results


def _counts(output: str) -> tuple[int, int]:
    """`send-mail` ends with "Sent N, failed M."."""
    line = next(line for line in output.splitlines() if line.startswith("Sent "))
    words = line.rstrip(".").split()
    return int(words[1].rstrip(",")), int(words[3])


def test_four_sender_processes_deliver_every_mail_exactly_once(db, database_url, slow_smtp_server, outbox):
    recipients = _queue_numbered_mails(db)

    results = _finish(_start_senders(database_url, slow_smtp_server.port))

    assert all(code == 0 for code, _ in results), results
    per_sender = [_counts(output)[0] for _, output in results]
    assert sum(per_sender) == MAILS, per_sender
    assert sum(1 for sent in per_sender if sent) >= 2, f"the senders did not overlap: {per_sender}"
    received = Counter(message["To"] for message in slow_smtp_server.messages)
    assert received == Counter(recipients), "every mail exactly once"
    assert all(mail.sent_at is not None and mail.body is None for mail in outbox())


def test_smtp_down_loses_nothing_and_once_back_every_mail_goes_out_once(db, database_url, smtp_server,
                                                                        outbox):
    recipients = _queue_numbered_mails(db)

    results = _finish(_start_senders(database_url, free_port()))  # nothing listens there

    assert {code for code, _ in results} <= {0, 1}, results
    assert sum(_counts(output)[1] for _, output in results) == MAILS, "each mail failed once, by one sender"
    stored = outbox()
    assert len(stored) == MAILS
    assert all(mail.sent_at is None and mail.body and mail.last_error for mail in stored)
    assert all(mail.attempts == 1 for mail in stored), "a mail one sender failed waits for its backoff"

    # The backoff has passed; SMTP is back.
    db.execute(update(OutboxMail).values(next_attempt_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    db.commit()
    results = _finish(_start_senders(database_url, smtp_server.port))

    assert all(code == 0 for code, _ in results), results
    assert sum(_counts(output)[0] for _, output in results) == MAILS
    assert Counter(message["To"] for message in smtp_server.messages) == Counter(recipients)
    assert all(mail.sent_at is not None and mail.attempts == 2 for mail in outbox())


def test_a_mail_another_sender_failed_a_moment_ago_waits_for_its_backoff(db):
    [recipient] = _queue_numbered_mails(db, 1)
    mail = db.scalar(select(OutboxMail).where(OutboxMail.recipient == recipient))
    now = datetime.now(timezone.utc)
    mail.next_attempt_at = now + timedelta(minutes=1)  # what a failed attempt leaves behind
    db.commit()
    assert _claim(db, mail.id, now) is False


def test_a_claim_late_in_a_long_run_still_holds_off_other_senders(app, db, monkeypatch):
    """The claim lasts CLAIM_FOR from when it is made, not from when the run started."""
    app.config.update(MAIL_BACKEND="smtp")
    monkeypatch.setattr(mail_module, "CLAIM_FOR", timedelta(seconds=1))
    _queue_numbered_mails(db, 3)
    other_sender = app.extensions["gjestebud.sessionmaker"]()
    stolen = []

    def slow_send(message):
        time.sleep(0.6)  # by the second mail, a claim dated from the run's start has run out
        mail = other_sender.scalar(select(OutboxMail).where(OutboxMail.recipient == message["To"]))
        stolen.append(_claim(other_sender, mail.id, datetime.now(timezone.utc)))

    monkeypatch.setattr(mail_module, "_smtp_send", slow_send)
    try:
        assert deliver_due(db) == (3, 0)
    finally:
        other_sender.close()
    assert stolen == [False, False, False]
