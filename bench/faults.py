"""Faults the app must ride out without losing anything a resident was told was received.

    python bench/faults.py                          # (a) SMTP down during sign-ups, on SQLite
    python bench/faults.py --database postgresql    # (a) on PostgreSQL
    python bench/faults.py --database postgresql --restart-postgresql   # (a), then (b)

(a) SMTP down: residents sign up through gunicorn while nothing listens on the SMTP port. Every sign-up must
succeed (302) and its mail stay queued. Then an SMTP server starts on that port, the script waits out the
retry backoff, and four `flask send-mail` processes run at once: every mail must arrive exactly once.

(b) PostgreSQL restarted under load (opt-in: it restarts the server on this machine, which disturbs anyone
else using it): hosts submit reports while `pg_ctlcluster ... main restart` runs. A request that meets the
restart is tried once more on a fresh connection; if the database is still away it gets 503 with Retry-After
and a page that keeps what was typed (the resident sends again). The app must recover on its own
(pool_pre_ping), no acknowledged report may be lost, and no request may get a bare 500.

Only 127.0.0.1; the scratch database is dropped at the end; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from harness import (
    DEFAULT_POSTGRESQL_URL,
    REPO_ROOT,
    Server,
    SmtpSink,
    bench_app,
    free_port,
    scratch_database,
)
from load import drive, lost_submissions, prepare, print_figures
from sqlalchemy import select

from gjestebud.db import get_session
from gjestebud.models import OutboxMail

BACKOFF_WAIT_LIMIT = 200  # seconds; a mail that failed once is due again after one minute


def smtp_down_during_signups(database: str, postgresql_url: str, signups: int, clients: int) -> bool:
    print(f"(a) SMTP down during sign-ups ({database})")
    secret_key = secrets.token_hex(32)
    smtp_port = free_port()  # nothing listens here until the SMTP server "comes back"
    with scratch_database(database, postgresql_url, label="faults") as database_url:
        app = bench_app(database_url, secret_key)
        target = prepare(app, report_hosts=0)
        started_at = datetime.now(timezone.utc)
        with Server(database_url, secret_key, RATELIMIT_ENABLED="false", MAIL_BACKEND="smtp",
                    MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_port)) as server:
            stats = asyncio.run(drive(server.base_url, target, clients=clients, submissions=signups,
                                      duration=120, kinds=("signup",)))
        print_figures(stats, database, clients)
        for exception, count in server.exceptions().most_common(5):
            print(f"  server log: {exception} x {count}")
        acknowledged = len(stats.acknowledged_signups)

        with app.app_context():
            mails = get_session().scalars(select(OutboxMail).where(OutboxMail.created_at >= started_at)).all()
            queued = len(mails)
            waiting = sum(1 for mail in mails if mail.sent_at is None)
            attempts = Counter(mail.attempts for mail in mails)
            due_again = max((mail.next_attempt_at for mail in mails), default=datetime.now(timezone.utc))
        print(f"  while SMTP was down: {acknowledged} sign-ups acknowledged, {queued} mails queued, "
              f"{waiting} of them unsent (attempts so far: {dict(sorted(attempts.items()))})")

        sink = SmtpSink(smtp_port).start()
        try:
            wait = max(0.0, (due_again - datetime.now(timezone.utc)).total_seconds()) + 1
            print(f"  SMTP back; waiting {wait:.0f} s for the retry backoff")
            time.sleep(min(wait, BACKOFF_WAIT_LIMIT))
            sent_per_sender = run_senders(database_url, secret_key, smtp_port)
            received = Counter(message["To"] for message in sink.messages)
        finally:
            sink.stop()
        with app.app_context():
            session = get_session()
            left = session.scalars(select(OutboxMail).where(
                OutboxMail.created_at >= started_at, OutboxMail.sent_at.is_(None))).all()
            unsent = len(left)
            # Being sent when gunicorn stopped its worker: the next sender run after the claim runs out
            # (CLAIM_FOR) sends it. Late, not lost.
            claimed = sum(1 for mail in left if mail.claimed_until is not None)
        lost_signups, _ = lost_submissions(app, stats)
        app.extensions["gjestebud.engine"].dispose()

    twice = sum(count - 1 for count in received.values() if count > 1)
    missing = len(set(stats.acknowledged_signups) - set(received))
    print(f"  4 senders at once sent {sum(sent_per_sender)} ({' + '.join(map(str, sent_per_sender))}); "
          f"SMTP received "
          f"{sum(received.values())}, sent twice: {twice}, acknowledged sign-ups without their mail: "
          f"{missing}, still unsent: {unsent} ({claimed} claimed by a worker gunicorn stopped mid-send)")
    print(f"  lost: {lost_signups}")
    print(f"  bare 500s: {status_count(stats, 500)}")
    ok = (acknowledged == signups and stats.server_errors == 0 and waiting == queued == acknowledged
          and twice == 0 and missing == claimed and unsent == claimed and lost_signups == 0)
    print(f"  {'OK' if ok else 'FAILED'}")
    return ok


def run_senders(database_url: str, secret_key: str, smtp_port: int, count: int = 4) -> list[int]:
    """`flask send-mail` in `count` processes at once, as several cron hosts would; returns what each sent."""
    env = {**os.environ, "GJESTEBUD_DATABASE_URL": database_url, "GJESTEBUD_SECRET_KEY": secret_key,
           "GJESTEBUD_MAIL_BACKEND": "smtp", "GJESTEBUD_MAIL_SERVER": "127.0.0.1",
           "GJESTEBUD_MAIL_PORT": str(smtp_port)}
    command = [sys.executable, "-m", "flask", "--app", "gjestebud", "send-mail"]
    senders = [subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
               for _ in range(count)]
    sent = []
    for sender in senders:
        out, _ = sender.communicate(timeout=300)
        line = next((line for line in out.splitlines() if line.startswith("Sent ")), "Sent 0,")
        sent.append(int(line.split()[1].rstrip(",")))
    return sent


def restart_postgresql_under_load(postgresql_url: str, clients: int, duration: float,
                                  restart_after: float) -> bool:
    print("(b) PostgreSQL restarted while hosts submit reports")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"]
    secret_key = secrets.token_hex(32)
    with scratch_database("postgresql", postgresql_url, label="faults") as database_url:
        app = bench_app(database_url, secret_key)
        target = prepare(app, report_hosts=max(3000, clients * 20))
        sink = SmtpSink().start()
        restart: dict[str, float] = {}
        try:
            with Server(database_url, secret_key, RATELIMIT_ENABLED="false", MAIL_BACKEND="smtp",
                        MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port)) as server:

                async def load_and_restart():  # type: ignore[no-untyped-def]
                    load = asyncio.create_task(drive(server.base_url, target, clients=clients,
                                                     submissions=len(target.tokens), duration=duration,
                                                     kinds=("report",)))
                    await asyncio.sleep(restart_after)
                    started = time.perf_counter()
                    process = await asyncio.create_subprocess_exec(*command)
                    restart["code"] = await process.wait()
                    restart["seconds"] = time.perf_counter() - started
                    stats = await load
                    restart["from"] = started - stats.started
                    return stats

                stats = asyncio.run(load_and_restart())
                healthy = healthz_ok(server.base_url)
        finally:
            sink.stop()
        print(f"  `{' '.join(command)}` after {restart['from']:.1f} s: exit {restart['code']}, "
              f"took {restart['seconds']:.1f} s")
        print_figures(stats, "postgresql", clients)
        restart_end = restart["from"] + restart["seconds"]
        failures = [at for at, what in stats.timeline if what == "fail"]
        acks_after = [at for at, what in stats.timeline if what == "ack" and at > restart_end]
        recovered = (acks_after[0] - restart_end) if acks_after else None
        before = sum(1 for at, what in stats.timeline if what == "ack" and at < restart["from"])
        print(f"  acknowledged reports: {before} before the restart, {len(acks_after)} after it ended; "
              f"failed requests: {len(failures)}"
              + (f", between {min(failures):.1f} s and {max(failures):.1f} s" if failures else ""))
        print("  first acknowledged report after the restart: "
              + (f"{recovered:.1f} s after it ended" if recovered is not None else "never"))
        print(f"  /healthz afterwards: {'200' if healthy else 'not 200'}")
        for exception, count in server.exceptions().most_common(5):
            print(f"  server log: {exception} x {count}")
        _, lost_reports = lost_submissions(app, stats)
        bare_500s, unavailable = status_count(stats, 500), status_count(stats, 503)
        print(f"  lost: {lost_reports}")
        print(f"  bare 500s: {bare_500s}; 503 with Retry-After (the resident sends again): {unavailable}")
        app.extensions["gjestebud.engine"].dispose()
    ok = (restart["code"] == 0 and recovered is not None and healthy and lost_reports == 0
          and bare_500s == 0)
    print(f"  {'OK' if ok else 'FAILED'}")
    return ok


def status_count(stats, status: int) -> int:  # type: ignore[no-untyped-def]
    """How many requests of any kind were answered with `status`."""
    return sum(counter.get(status, 0) for counter in stats.statuses.values())


def healthz_ok(base_url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help="for (a); (b) always uses PostgreSQL")
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL_URL,
                        help="a server on 127.0.0.1 where a scratch database may be created and dropped")
    parser.add_argument("--signups", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--restart-postgresql", action="store_true",
                        help="also run (b): restarts the PostgreSQL server on this machine")
    parser.add_argument("--duration", type=float, default=40, help="(b): seconds of load")
    parser.add_argument("--restart-after", type=float, default=10, help="(b): seconds into the load")
    args = parser.parse_args()

    if args.restart_postgresql and not Path("/etc/postgresql").is_dir():
        raise SystemExit("--restart-postgresql needs a Debian PostgreSQL cluster (pg_ctlcluster).")
    results = [smtp_down_during_signups(args.database, args.postgresql_url, args.signups, args.clients)]
    if args.restart_postgresql:
        results.append(restart_postgresql_under_load(args.postgresql_url, args.clients, args.duration,
                                                     args.restart_after))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
