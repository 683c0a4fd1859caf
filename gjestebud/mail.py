"""Mail through an outbox: a message is a row first, committed with the change that caused it, and a sender
delivers due rows over SMTP (or to the console), retrying with backoff, so nothing is lost while SMTP is down.

Several senders may run at once: each claims a row with a conditional UPDATE before sending it, so no mail
goes out twice (the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Flask, current_app, g, render_template
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .i18n import force_locale
from .models import OutboxMail

log = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)


def queue_mail(session: Session, *, recipient: str, template: str, language: str | None, kind: str,
               municipality_id: int | None, **context: object) -> OutboxMail:
    """Render `mail/<template>.txt` in the recipient's language and add it to the outbox (caller commits)."""
    with force_locale(language):
        rendered = render_template(f"mail/{template}.txt", **context)
    subject, _, body = rendered.strip().partition("\n")
    mail = OutboxMail(recipient=recipient, subject=subject.strip(), body=body.strip() + "\n", kind=kind,
                      municipality_id=municipality_id)
    session.add(mail)
    g.setdefault("mail_queued", True)
    return mail


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body or "")
    return message


def _smtp_send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _claim(session: Session, mail_id: int, now: datetime) -> bool:
    """Take the mail if it is still unsent, due and unclaimed. Due again, because another sender may have
    failed it (and set its backoff) since this sender listed it."""
    result = session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now,
               or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now))
        .values(claimed_until=now + CLAIM_FOR)
    )
    session.commit()
    return result.rowcount == 1


def deliver_due(session: Session, limit: int = 100) -> tuple[int, int]:
    """Send what is due; returns (sent, failed)."""
    config = current_app.config
    now = datetime.now(timezone.utc)
    due_ids = session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now,
               OutboxMail.attempts < config["MAIL_MAX_ATTEMPTS"])
        .order_by(OutboxMail.id).limit(limit)
    ).all()
    sent = failed = 0
    for mail_id in due_ids:
        # The time of this claim, not of the listing: a claim must hold CLAIM_FOR from now even late in a
        # long run, or a sender started meanwhile takes the same mail.
        now = datetime.now(timezone.utc)
        if not _claim(session, mail_id, now):
            continue
        mail = session.get(OutboxMail, mail_id)
        assert mail is not None
        try:
            if config["MAIL_BACKEND"] == "smtp":
                _smtp_send(build_message(mail, config["MAIL_SENDER"]))
                mail.body = None
            else:
                log.info("Mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)
                print(f"--- mail to {mail.recipient}: {mail.subject}\n{mail.body}---", flush=True)
        except (OSError, smtplib.SMTPException) as exc:
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            mail.next_attempt_at = now + timedelta(minutes=2 ** (mail.attempts - 1))
            mail.claimed_until = None
            failed += 1
            log.warning("Mail %s to %s failed (attempt %s): %s", mail.id, mail.recipient, mail.attempts, exc)
        else:
            mail.sent_at = datetime.now(timezone.utc)
            mail.attempts += 1
            mail.last_error = None
            sent += 1
        session.commit()
    return sent, failed


class Courier:
    """Delivers mail right after the request that queued it, on a thread of its own, so the visitor never
    waits for SMTP. What it cannot deliver stays in the outbox for the `send-mail` command to retry."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wanted = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def wake(self) -> None:
        with self.lock:
            # Started on first use, so each process of a pre-forking server gets its own thread.
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="gjestebud-courier", daemon=True)
                self.thread.start()
        self.wanted.set()

    def _run(self) -> None:
        from .db import get_session

        while True:
            self.wanted.wait()
            self.wanted.clear()
            with self.app.app_context():
                try:
                    deliver_due(get_session(), limit=50)
                except Exception:  # the sender command retries what is left
                    log.exception("Delivering mail after a request failed")


def init_app(app: Flask) -> None:
    courier = Courier(app)
    app.extensions["gjestebud.courier"] = courier

    @app.after_request
    def _deliver_soon(response):  # type: ignore[no-untyped-def]
        if g.get("mail_queued") and not app.config.get("MAIL_DEFER"):
            courier.wake()
        return response
