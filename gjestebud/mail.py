"""Mail through an outbox: a message is a row first, committed with the change that caused it, and a sender
delivers due rows over SMTP (or to the console), retrying with backoff, so nothing is lost while SMTP is down.

Several senders may run at once: each claims a row with a conditional UPDATE before sending it, so no mail
goes out twice (the same on SQLite and PostgreSQL).

One mail never stops the others: anything that goes wrong while building or sending it is a failed attempt of
that mail alone (counted, retried with backoff). After MAIL_MAX_ATTEMPTS attempts, or at once when the
receiving server refuses the address for good, the sender gives up and deletes the body, which may hold a
host's secret link; a delivered body is deleted too, except in console mode (the demo's outbox shows it, with
every secret masked).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import unicodedata
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, cast

from flask import Flask, current_app, g, render_template, render_template_string
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from .i18n import force_locale
from .models import OutboxMail
from .security import redact_secrets

log = logging.getLogger(__name__)

CLAIM_FOR = timedelta(minutes=5)
SUBJECT_LENGTH = 200
NAME_LENGTH = 80
# Dropped from one-line text: format characters (bidi overrides, zero-width ones), surrogates, private use.
_INVISIBLE = {"Cf", "Cs", "Co", "Cn"}


def one_line(value: object, limit: int = NAME_LENGTH) -> str:
    """Text that can only be one line of a mail or a header: every line or paragraph separator, control
    character and run of whitespace becomes one space, invisible characters go, and the length is bounded."""
    kept = []
    for char in str(value):
        category = unicodedata.category(char)
        if category in _INVISIBLE:
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else char)
    text = " ".join("".join(kept).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def queue_mail(session: Session, *, recipient: str, template: str, language: str | None, kind: str,
               municipality_id: int | None, **context: object) -> OutboxMail:
    """Render `mail/<template>.txt` in the recipient's language and add it to the outbox (caller commits)."""
    name = f"mail/{template}.txt"
    # The template's first line is the subject. Rendered on its own, so a line break inside a value (a topic
    # title, say) cannot move part of the subject into the body or the body into the headers.
    loader = current_app.jinja_env.loader
    assert loader is not None
    source = loader.get_source(current_app.jinja_env, name)[0]
    with force_locale(language):
        subject = render_template_string(source.partition("\n")[0], **context)
        rendered = render_template(name, **context)
    body = rendered[len(subject):] if rendered.startswith(subject) else rendered.partition("\n")[2]
    mail = OutboxMail(recipient=recipient, subject=one_line(subject, SUBJECT_LENGTH),
                      body=body.strip() + "\n", kind=kind, municipality_id=municipality_id)
    session.add(mail)
    g.setdefault("mail_queued", True)
    return mail


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = one_line(mail.subject, SUBJECT_LENGTH)  # rows queued before subjects were cleaned
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body or "")
    return message


def _smtp_send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]),
                      timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _claim(session: Session, mail_id: int, now: datetime) -> bool:
    """Take the mail if it is still unsent, due and unclaimed. Due again, because another sender may have
    failed it (and set its backoff) since this sender listed it."""
    result = cast(CursorResult[Any], session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now,
               or_(OutboxMail.claimed_until.is_(None), OutboxMail.claimed_until < now))
        .values(claimed_until=now + CLAIM_FOR)
    ))
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
            _send(mail)
        except Exception as exc:  # noqa: BLE001 (whatever it is, it is this mail's failure, not the run's)
            session.rollback()
            mail = session.get(OutboxMail, mail_id)
            assert mail is not None
            _failed(mail, exc, now, max_attempts=config["MAIL_MAX_ATTEMPTS"])
            failed += 1
        else:
            mail.sent_at = datetime.now(timezone.utc)
            mail.attempts += 1
            mail.last_error = None
            if config["MAIL_BACKEND"] == "smtp":
                mail.body = None
            sent += 1
        session.commit()
    return sent, failed


def _send(mail: OutboxMail) -> None:
    config = current_app.config
    if config["MAIL_BACKEND"] == "smtp":
        _smtp_send(build_message(mail, config["MAIL_SENDER"]))
    else:
        log.info("Mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)
        print(f"--- mail to {mail.recipient}: {mail.subject}\n{mail.body}---", flush=True)


def _refused_for_good(exc: Exception) -> bool:
    """The receiving side refused every recipient with a permanent (5xx) answer: retrying cannot help."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and bool(exc.recipients) and all(
        int(code) >= 500 for code, _message in exc.recipients.values())


def _failed(mail: OutboxMail, exc: Exception, now: datetime, *, max_attempts: int) -> None:
    """Count the attempt and back off; give up (and drop the body) after the last one."""
    mail.attempts += 1
    mail.last_error = redact_secrets(f"{type(exc).__name__}: {exc}")[:500]
    mail.next_attempt_at = now + timedelta(minutes=2 ** min(mail.attempts - 1, 16))
    mail.claimed_until = None
    if _refused_for_good(exc):
        mail.attempts = max(mail.attempts, max_attempts)
    if mail.attempts >= max_attempts:
        mail.body = None
        log.error("Mail %s to %s failed for good after %s attempts: %s", mail.id, mail.recipient,
                  mail.attempts, exc)
    else:
        log.warning("Mail %s to %s failed (attempt %s): %s", mail.id, mail.recipient, mail.attempts, exc)


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
    app.add_template_filter(one_line, "one_line")
    app.add_template_filter(redact_secrets, "redact_secrets")
    courier = Courier(app)
    app.extensions["gjestebud.courier"] = courier

    @app.after_request
    def _deliver_soon(response):  # type: ignore[no-untyped-def]
        if g.get("mail_queued") and not app.config.get("MAIL_DEFER"):
            courier.wake()
        return response
