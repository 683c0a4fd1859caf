"""What the load, fault and backup scripts share: scratch databases, a filled round, the app under gunicorn,
a small HTTP client that carries the session cookie and the CSRF token, and an SMTP sink.

Everything runs on 127.0.0.1 only, and every scratch database is dropped afterwards.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.engine import URL

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from gjestebud import create_app  # noqa: E402
from gjestebud.db import Base, get_engine, get_session, make_engine  # noqa: E402
from gjestebud.demo import load_demo  # noqa: E402
from gjestebud.migrate import upgrade  # noqa: E402
from gjestebud.models import Host, Topic  # noqa: E402
from gjestebud.security import new_token  # noqa: E402
from gjestebud.services import hosts as host_service  # noqa: E402
from gjestebud.services import reports as report_service  # noqa: E402

LOOPBACK = "127.0.0.1"
DEFAULT_POSTGRESQL_URL = f"postgresql+psycopg://postgres@{LOOPBACK}:5432/postgres"
AGES = {"age_under_18": None, "age_18_34": 2, "age_35_66": 3, "age_67_plus": 1}


def require_loopback(url: URL) -> None:
    """These scripts create and drop databases: never point them at a server other than this machine's."""
    if url.get_backend_name() == "postgresql" and url.host != LOOPBACK:
        raise SystemExit(f"Only a PostgreSQL server on {LOOPBACK} is allowed, not {url.host!r}.")


@contextmanager
def scratch_database(kind: str, postgresql_url: str = DEFAULT_POSTGRESQL_URL,
                     label: str = "bench") -> Iterator[str]:
    """A new, empty database (a file in a temporary folder, or a PostgreSQL database), dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"gjestebud-{label}-") as folder:
            yield f"sqlite:///{Path(folder) / 'gjestebud.sqlite'}"
        return
    server = make_url(postgresql_url)
    require_loopback(server)
    name = f"gjestebud_{label}_{secrets.token_hex(4)}"
    # Pinged: the fault script restarts PostgreSQL in between.
    admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def libpq_url(url: str) -> str:
    """pg_dump and pg_restore take a plain libpq address, without SQLAlchemy's driver name."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bench_app(database_url: str, secret_key: str, **settings: object) -> Flask:
    """The app as the scripts use it in-process: quiet, mail kept in the outbox."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "MAIL_BACKEND": "console",
                      "MAIL_DEFER": True, "BASE_URL": f"http://{LOOPBACK}",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **settings})
    for name in ("gjestebud", "gjestebud.audit"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return app


def migrate_and_load_demo(app: Flask) -> None:
    """What `flask migrate` and `flask load-demo` do."""
    with app.app_context():
        upgrade(get_engine())
        load_demo(get_session(), secrets.token_urlsafe(12))


def add_confirmed_hosts(app: Flask, count: int, *, reports: int = 0) -> list[str]:
    """Hosts signed up through the service, confirmed with a secret link this script knows (instead of
    reading the confirmation mail), the first `reports` of them with a submitted report. Returns the
    secrets."""
    tokens = []
    with app.app_context():
        session = get_session()
        topic = session.scalar(select(Topic).where(Topic.slug == "sjovegan-sentrum"))
        assert topic is not None
        first = session.scalar(select(func.count()).select_from(Host).where(Host.topic_id == topic.id)) or 0
        for number in range(first, first + count):
            host = host_service.sign_up(session, topic, name=f"Vert {number}",
                                        email=f"vert{number}@example.org", phone=None,
                                        area=topic.areas[number % len(topic.areas)],
                                        planned_date=None, expected_guests=6, language="nb")
            token, host.token_hash = new_token()
            host_service.confirm(session, host, token)
            tokens.append(token)
            if number - first < reports:
                report_service.save_report(
                    session, host, held_on=date.today(), participants=6, age_counts=AGES,
                    lines={qid: [f"Forslag {number}.{qid}.{line}" for line in range(3)]
                           for qid in [question.id for question in topic.questions]},
                    submit=True, actor="host", token=token)
    return tokens


def table_counts(database_url: str) -> dict[str, int]:
    """Rows in every table the app has, and Alembic's version table."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            names = [table.name for table in Base.metadata.sorted_tables] + ["alembic_version"]
            return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                    for name in names}
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


# --- the app under gunicorn -------------------------------------------------------------------------------


class Server:
    """gunicorn serving wsgi:app on a free loopback port, with the given GJESTEBUD_* settings."""

    def __init__(self, database_url: str, secret_key: str, *, workers: int = 4, threads: int = 4,
                 **settings: str) -> None:
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}"
        self.env = {**os.environ, "GJESTEBUD_DATABASE_URL": database_url, "GJESTEBUD_SECRET_KEY": secret_key,
                    "GJESTEBUD_BASE_URL": self.base_url,
                    **{f"GJESTEBUD_{name}": value for name, value in settings.items()}}
        self.command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "-k", "gthread",
                        "--threads", str(threads), "--bind", f"{LOOPBACK}:{self.port}",
                        "--log-level", "warning", "wsgi:app"]
        self.log = tempfile.NamedTemporaryFile(prefix="gjestebud-gunicorn-", suffix=".log", delete=False)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(self.command, cwd=REPO_ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 90 s: see {self.log.name}")

    def __exit__(self, *_exc: object) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def cpu_seconds(self) -> float:
        """CPU time the gunicorn workers have used so far: on a shared machine a steadier figure than the wall
        clock, which includes waiting for other processes."""
        assert self.process is not None
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:  # the parent's pid: a worker of this server
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def exceptions(self) -> Counter:
        """The exceptions in the server's log, by type and message (first line, without parameters)."""
        found: Counter = Counter()
        for line in Path(self.log.name).read_text(errors="replace").splitlines():
            if _EXCEPTION.match(line) and not line.startswith("werkzeug.exceptions."):
                found[line[:160]] += 1
        return found


_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Violation)\b[^ ]*:")


# --- a small HTTP client ----------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: str
    seconds: float

    def csrf_token(self) -> str | None:
        match = _CSRF.search(self.body)
        return (match.group(1) or match.group(2)) if match else None


class Browser:
    """One resident: a cookie jar and one request at a time over a fresh connection (no keep-alive)."""

    def __init__(self, base_url: str, timeout: float = 60) -> None:
        self.host, _, port = base_url.removeprefix("http://").partition(":")
        self.port = int(port)
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    async def get(self, path: str) -> Response:
        return await self._request("GET", path)

    async def post(self, path: str, data: dict[str, str] | list[tuple[str, str]]) -> Response:
        return await self._request("POST", path, urlencode(data).encode())

    async def _request(self, method: str, path: str, body: bytes = b"") -> Response:
        started = time.perf_counter()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close",
                 "Accept-Language: nb", "User-Agent: gjestebud-bench"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), self.timeout)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.timeout)
            status_line, *header_lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
            headers: dict[str, list[str]] = {}
            for line in header_lines:
                name, _, value = line.partition(":")
                headers.setdefault(name.strip().lower(), []).append(value.strip())
            # By Content-Length, as a browser does: the server may go on working (sending mail) before it
            # closes the connection, and the resident does not wait for that.
            length = headers.get("content-length")
            read = reader.readexactly(int(length[0])) if length else reader.read()
            payload = await asyncio.wait_for(read, self.timeout)
        finally:
            writer.close()
        for cookie in headers.get("set-cookie", []):
            for name, morsel in SimpleCookie(cookie).items():
                self.cookies[name] = morsel.value
        return Response(int(status_line.split()[1]), headers, payload.decode("utf-8", "replace"),
                        time.perf_counter() - started)


# --- an SMTP sink -----------------------------------------------------------------------------------------


class SmtpSink:
    """A real SMTP server on loopback that keeps what it receives (aiosmtpd, from the test extra)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.messages: list[email.message.EmailMessage] = []
        self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname=LOOPBACK, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


# --- figures ----------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def yesterday() -> str:
    return (date.today() - timedelta(days=1)).isoformat()
