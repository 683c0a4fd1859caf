"""Residents signing up and hosts submitting reports, many at once, against the app under gunicorn.

    python bench/load.py --clients 200 --requests 2000 --database postgresql
    python bench/load.py --clients 200 --requests 2000 --database sqlite

The script makes a scratch database (a temporary SQLite file in WAL mode, or a new PostgreSQL database on
127.0.0.1, dropped at the end), migrates it, loads the demo and adds confirmed hosts whose secret links it
knows. It starts `gunicorn -w 4 -k gthread --threads 4 wsgi:app` on a free loopback port with CSRF on, as in
production, and the rate limits off (GJESTEBUD_RATELIMIT_ENABLED=false: every client comes from 127.0.0.1,
so the per-address limits would stop the test, not the app). Mail goes over SMTP to a sink in this process,
as the app sends it right after the request.

Each client is a resident with a cookie jar: it GETs the form, posts it back with the CSRF token, and moves
on to the next one, alternating between signing up and submitting a report (each report from a different
host). `--requests` bounds the form submissions in all, `--duration` the time. At the end the script prints
throughput, p50/p95/p99 latency per kind of request, the number of 5xx and other failures, and checks that
every acknowledged submission (302 after the POST) is in the database ("lost: 0") and that every mail went
out exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask import Flask
from harness import (
    DEFAULT_POSTGRESQL_URL,
    Browser,
    Server,
    SmtpSink,
    bench_app,
    migrate_and_load_demo,
    percentile,
    scratch_database,
    yesterday,
)
from sqlalchemy import select, update

from gjestebud.db import get_session
from gjestebud.mail import deliver_due
from gjestebud.models import Host, OutboxMail, ReportStatus, Topic
from gjestebud.security import hash_token, new_token

KINDS = ("signup form GET", "signup POST", "report link GET", "report form GET", "report POST")


@dataclass
class Target:
    """Where the clients go: the demo topic's sign-up page, and hosts' secret links for reports."""

    signup_path: str
    question_ids: list[int]
    tokens: list[str]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: Counter = field(default_factory=Counter)
    acknowledged_signups: list[str] = field(default_factory=list)
    acknowledged_reports: dict[str, str] = field(default_factory=dict)  # token -> a line only that report has
    # When each acknowledged report came back, and when each failure happened (seconds since the start).
    timeline: list[tuple[float, str]] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    finished: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def record(self, kind: str, status: int | None, seconds: float) -> None:
        self.statuses[kind][status or "error"] += 1
        if status is not None:
            self.latencies[kind].append(seconds)

    @property
    def requests(self) -> int:
        return sum(sum(counter.values()) for counter in self.statuses.values())

    @property
    def acknowledged(self) -> int:
        return len(self.acknowledged_signups) + len(self.acknowledged_reports)

    @property
    def server_errors(self) -> int:
        return sum(n for counter in self.statuses.values() for status, n in counter.items()
                   if isinstance(status, int) and status >= 500)


def prepare(app: Flask, report_hosts: int) -> Target:
    """Demo data, and confirmed hosts with secret links this script knows (instead of reading their mail)."""
    migrate_and_load_demo(app)
    with app.app_context():
        session = get_session()
        topic = session.scalar(select(Topic).where(Topic.slug == "sjovegan-sentrum"))
        assert topic is not None
        tokens = []
        now = datetime.now(timezone.utc)
        first = max((host.number for host in topic.hosts), default=0) + 1
        for number in range(first, first + report_hosts):
            token, token_hash = new_token()
            session.add(Host(topic_id=topic.id, number=number, name=f"Vert {number}",
                             email=f"vert{number}@example.org", area=topic.areas[0], language="nb",
                             expected_guests=6, consent_at=now, confirmed_at=now, kit_sent_at=now,
                             token_hash=token_hash))
            tokens.append(token)
        # The setup's own mail is not part of the load.
        session.execute(update(OutboxMail).where(OutboxMail.sent_at.is_(None)).values(sent_at=now, body=None))
        session.commit()
        return Target(f"/{topic.municipality.slug}/{topic.slug}/bli-vert", [q.id for q in topic.questions],
                      tokens)


async def sign_up(base_url: str, target: Target, stats: Stats, number: int, think: float) -> None:
    browser = Browser(base_url)
    form = await _step(stats, "signup form GET", browser.get(target.signup_path))
    if form is None or form.status != 200 or not form.csrf_token():
        return
    await asyncio.sleep(random.uniform(0, 2 * think))
    address = f"last{number}-{secrets.token_hex(3)}@example.org"
    posted = await _step(stats, "signup POST", browser.post(target.signup_path, {
        "csrf_token": form.csrf_token() or "", "name": f"Lasttest {number}", "email": address, "phone": "",
        "area": "Sjøvegan", "planned_date": "", "expected_guests": "6", "language": "nb", "consent": "y",
        "website": ""}))
    if posted is not None and posted.status == 302:
        stats.acknowledged_signups.append(address)


async def submit_report(base_url: str, target: Target, stats: Stats, token: str, think: float) -> None:
    browser = Browser(base_url)
    # The mail's link opens a host session and redirects to the token-free page, which the form posts to.
    entry = await _step(stats, "report link GET", browser.get(f"/vert/{token}/rapport"))
    if entry is None or entry.status != 302:
        return
    path = "/vert/rapport"
    form = await _step(stats, "report form GET", browser.get(path))
    if form is None or form.status != 200 or not form.csrf_token():
        return
    await asyncio.sleep(random.uniform(0, 2 * think))
    marker = f"Lasttest {secrets.token_hex(6)}"
    data = [("csrf_token", form.csrf_token() or ""), ("held_on", yesterday()), ("participants", "6"),
            ("age_under_18", ""), ("age_18_34", "2"), ("age_35_66", "3"), ("age_67_plus", "1"),
            ("send", "Submit the report")]
    for position, question_id in enumerate(target.question_ids):
        lines = [f"Flere benker langs sjøen {position}", "Lys på turstien", "Kafé for ungdom"]
        if position == 0:
            lines.append(marker)
        data.append((f"q{question_id}", "\n".join(lines)))
    posted = await _step(stats, "report POST", browser.post(path, data))
    if posted is not None and posted.status == 302:
        stats.acknowledged_reports[token] = marker
        stats.timeline.append((time.perf_counter() - stats.started, "ack"))


async def _step(stats: Stats, kind: str, request):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        response = await request
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
        stats.record(kind, None, time.perf_counter() - started)
        stats.failures[f"{kind}: {type(exc).__name__}"] += 1
        stats.timeline.append((time.perf_counter() - stats.started, "fail"))
        return None
    stats.record(kind, response.status, response.seconds)
    expected = 302 if kind.endswith(("POST", "link GET")) else 200
    if response.status != expected:
        stats.failures[f"{kind}: HTTP {response.status}"] += 1
        stats.timeline.append((time.perf_counter() - stats.started, "fail"))
    return response


async def drive(base_url: str, target: Target, *, clients: int, submissions: int, duration: float,
                think: float = 0, kinds: tuple[str, ...] = ("signup", "report")) -> Stats:
    """`clients` residents at once until `submissions` forms are posted or `duration` seconds have passed.
    Between opening a form and sending it, a resident takes 0 to 2 x `think` seconds (0: no pause at all)."""
    stats = Stats()
    deadline = time.monotonic() + duration
    issued = 0
    tokens = list(target.tokens)

    async def client(number: int) -> None:
        nonlocal issued
        turn = number
        while issued < submissions and time.monotonic() < deadline:
            issued += 1
            kind = kinds[turn % len(kinds)]
            turn += 1
            if kind == "report" and tokens:
                await submit_report(base_url, target, stats, tokens.pop(), think)
            else:
                await sign_up(base_url, target, stats, issued, think)

    await asyncio.gather(*(client(number) for number in range(clients)))
    stats.finished = time.perf_counter()
    return stats


def lost_submissions(app: Flask, stats: Stats) -> tuple[int, int]:
    """Acknowledged sign-ups and reports that are not in the database."""
    with app.app_context():
        session = get_session()
        found = set(session.scalars(select(Host.email).where(Host.email.in_(stats.acknowledged_signups))))
        lost_signups = len(set(stats.acknowledged_signups) - found)
        lost_reports = 0
        for token, marker in stats.acknowledged_reports.items():
            host = session.scalar(select(Host).where(Host.token_hash == hash_token(token)))
            report = host.report if host is not None else None
            if report is None or report.status is not ReportStatus.SUBMITTED or \
                    marker not in {line.text for line in report.suggestions}:
                lost_reports += 1
        return lost_signups, lost_reports


def settle_mail(app: Flask, sink: SmtpSink, since: datetime) -> tuple[int, int, int, int]:
    """Once the server has stopped: send what is left as the cron job would, and count (mails queued since
    `since`, mails still unsent, of those still claimed, mails that arrived more than once)."""
    with app.app_context():
        session = get_session()
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port)
        session.execute(update(OutboxMail).where(OutboxMail.sent_at.is_(None))
                        .values(next_attempt_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
        session.commit()
        deliver_due(session, limit=100_000)
        session.expire_all()
        mails = session.scalars(select(OutboxMail).where(OutboxMail.created_at >= since)).all()
        unsent = sum(1 for mail in mails if mail.sent_at is None)
        # Being sent when gunicorn stopped its worker: the first sender run after the claim runs out sends it.
        claimed = sum(1 for mail in mails if mail.sent_at is None and mail.claimed_until is not None)
    received = Counter((message["To"], message["Subject"]) for message in sink.messages)
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    return len(mails), unsent, claimed, duplicates


def print_figures(stats: Stats, database: str, clients: int) -> None:
    elapsed = stats.finished - stats.started
    print(f"{database}: {clients} clients, {stats.requests} requests in {elapsed:.1f} s: "
          f"{stats.requests / elapsed:.1f} requests/s, "
          f"{stats.acknowledged / elapsed:.1f} acknowledged submissions/s")
    print(f"  {'request':<16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for kind in KINDS:
        values = stats.latencies.get(kind, [])
        if not values and not stats.statuses.get(kind):
            continue
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(stats.statuses[kind].items(), key=str))
        print(f"  {kind:<16} {len(values):>6} {percentile(values, .5) * 1000:>8.0f} "
              f"{percentile(values, .95) * 1000:>8.0f} {percentile(values, .99) * 1000:>8.0f} "
              f"{max(values, default=0) * 1000:>8.0f}  {statuses}")
    if stats.server_cpu:
        per_request = stats.server_cpu / stats.requests
        print(f"  app CPU: {per_request * 1000:.0f} ms per request (gunicorn workers, without the database), "
              f"so about {os.cpu_count() / per_request:.0f} requests/s on {os.cpu_count()} free cores; "
              f"this client used {stats.client_cpu:.0f} s CPU in {elapsed:.0f} s")
    print(f"  5xx: {stats.server_errors}")
    for failure, count in sorted(stats.failures.items()):
        print(f"  failed: {failure} x {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000,
                        help="form submissions in all (each after a GET of its form)")
    parser.add_argument("--duration", type=float, default=300, help="stop after this many seconds anyway")
    parser.add_argument("--think", type=float, default=0,
                        help="mean seconds a resident takes to fill in a form (0: a tight loop)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL_URL,
                        help="a server on 127.0.0.1 where a scratch database may be created and dropped")
    args = parser.parse_args()

    secret_key = secrets.token_hex(32)
    with scratch_database(args.database, args.postgresql_url, label="load") as database_url:
        app = bench_app(database_url, secret_key)
        target = prepare(app, report_hosts=args.requests // 2 + args.clients)
        sink = SmtpSink().start()
        try:
            with Server(database_url, secret_key, RATELIMIT_ENABLED="false", MAIL_BACKEND="smtp",
                        MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port)) as server:
                print(f"gunicorn -w 4 -k gthread --threads 4 on {server.base_url}, {args.database}, CSRF on, "
                      f"rate limits off (GJESTEBUD_RATELIMIT_ENABLED=false), think time {args.think:g} s",
                      flush=True)
                load_started = datetime.now(timezone.utc)
                cpu_before, client_cpu_before = server.cpu_seconds(), time.process_time()
                stats = asyncio.run(drive(server.base_url, target, clients=args.clients,
                                          submissions=args.requests, duration=args.duration,
                                          think=args.think))
                stats.server_cpu = server.cpu_seconds() - cpu_before
                stats.client_cpu = time.process_time() - client_cpu_before
            # gunicorn stopped gracefully: the requests it had taken, and the mail they send, are done.
            queued, unsent, claimed, duplicates = settle_mail(app, sink, load_started)
            print_figures(stats, args.database, args.clients)
            lost_signups, lost_reports = lost_submissions(app, stats)
            print(f"  acknowledged: {len(stats.acknowledged_signups)} sign-ups, "
                  f"{len(stats.acknowledged_reports)} reports")
            print(f"  lost: {lost_signups + lost_reports}")
            print(f"  mail: {queued} queued, {queued - unsent} delivered, {unsent} unsent ({claimed} of them "
                  f"claimed by a worker that stopped mid-send), {duplicates} sent twice")
            for exception, count in server.exceptions().most_common(5):
                print(f"  server log: {exception} x {count}")
        finally:
            sink.stop()
            app.extensions["gjestebud.engine"].dispose()
    sys.exit(0 if not (lost_signups or lost_reports or duplicates or stats.server_errors) else 1)


if __name__ == "__main__":
    main()
