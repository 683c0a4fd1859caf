"""Fixtures in the flaskr style: `app`, `client`, `runner`, and factories that return callables.

Database tests run on SQLite, and on PostgreSQL too when GJESTEBUD_TEST_DATABASE_URL is set. Each test gets
an empty, migrated database: SQLite from a copied template file, PostgreSQL by truncating every table.
"""

from __future__ import annotations

import contextvars
import email
import email.policy
import os
import re
import secrets
import shutil
import socket
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from gjestebud import create_app
from gjestebud.db import Base, get_session, make_engine
from gjestebud.migrate import upgrade
from gjestebud.models import (
    Host,
    Municipality,
    OutboxMail,
    Question,
    Role,
    Topic,
    TopicStatus,
    User,
)
from gjestebud.security import hash_token, new_token
from gjestebud.services.users import create_user

PASSWORD = "correct horse battery staple"
TEST_SECRET = "test-secret-key-not-for-production"

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("GJESTEBUD_TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _postgresql_url():
    """A database of this test session's own on the given server, so parallel runs never collide."""
    base = make_url(os.environ["GJESTEBUD_TEST_DATABASE_URL"])
    name = f"{base.database}_{secrets.token_hex(4)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("_postgresql_url")
    yield url
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict:
    """Override in a test module to change settings before the app is made."""
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "console",
        "MAIL_DEFER": True,
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


@pytest.fixture
def app(app_config: dict):
    app = create_app(app_config)
    yield app
    app.extensions["gjestebud.engine"].dispose()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, so its own `g` and database session, as in production,
    even while the test holds an app context open through the `db` fixture."""

    def open(self, *args, **kwargs):
        def run():
            _cv_app.set(None)
            return super(FreshContextClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(run)


@pytest.fixture
def client(app):
    """Reads pages in English, the language of the source messages.

    Tests of other languages ask for theirs.
    """
    app.test_client_class = FreshContextClient
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """The session of an app context that stays open for the test."""
    with app.app_context():
        yield get_session()


@pytest.fixture
def make_municipality(db):
    def make(slug: str = "salangen", name: str = "Salangen kommune") -> Municipality:
        municipality = Municipality(slug=slug, name=name, contact_email=f"post@{slug}.example")
        db.add(municipality)
        db.commit()
        return municipality

    return make


@pytest.fixture
def municipality(make_municipality) -> Municipality:
    return make_municipality()


@pytest.fixture
def make_user(db, app):
    def make(role: Role | str = Role.ORGANISER, municipality: Municipality | None = None,
             email: str | None = None, password: str = PASSWORD) -> User:
        role = Role(role)
        email = email or f"{role.value}{db.query(User).count() + 1}@example.org"
        user = create_user(db, email=email, name=role.value.title(), password=password, role=role,
                           municipality_id=municipality.id if municipality else None, actor="test")
        return user

    return make


@pytest.fixture
def make_topic(db):
    def make(municipality: Municipality, slug: str = "sjovegan-sentrum",
             title: str = "Utvikling av Sjøvegan sentrum", status: TopicStatus = TopicStatus.OPEN,
             questions: tuple[str, ...] = ("Hva er bra med sentrum i dag?", "Hva mangler i sentrum?",
                                           "Hva bør kommunen gjøre først?"),
             areas: tuple[str, ...] = ("Sjøvegan", "Laksvatn", "Øvre Salangen"),
             report_deadline: date | None = None, signup_deadline: date | None = None) -> Topic:
        today = date.today()
        topic = Topic(municipality_id=municipality.id, slug=slug, title=title, status=status,
                      intro_md="Vi vil høre **deres** tanker om sentrum.",
                      guide_md="Snakk sammen i to timer.",
                      areas=list(areas), signup_deadline=signup_deadline or today + timedelta(days=20),
                      report_deadline=report_deadline or today + timedelta(days=40))
        topic.questions = [Question(position=i, text=q) for i, q in enumerate(questions, 1)]
        db.add(topic)
        db.commit()
        return topic

    return make


@pytest.fixture
def make_host(db, app):
    """A host; returns (host, secret token). Confirmed by default."""

    def make(topic: Topic, email: str = "vert@example.org", confirmed: bool = True, language: str = "nb",
             name: str = "Kari Nordmann", area: str | None = "Sjøvegan") -> tuple[Host, str]:
        token, token_hash = new_token()
        number = len(topic.hosts) + 1
        host = Host(topic_id=topic.id, number=number, name=name, email=email, area=area, language=language,
                    expected_guests=6, planned_date=date.today() + timedelta(days=7),
                    consent_at=datetime.now(timezone.utc), token_hash=token_hash,
                    confirmed_at=datetime.now(timezone.utc) if confirmed else None)
        db.add(host)
        db.commit()
        db.refresh(topic)
        assert host.token_hash == hash_token(token)
        return host, token

    return make


@pytest.fixture
def login(client):
    def do_login(user: User, password: str = PASSWORD):
        response = client.post("/staff/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture
def outbox(db):
    """The mails queued so far, oldest first."""

    def read() -> list[OutboxMail]:
        db.expire_all()
        return db.query(OutboxMail).order_by(OutboxMail.id).all()

    return read


class _Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; `.messages` holds what it received."""
    from aiosmtpd.controller import Controller

    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def body_of(message: email.message.Message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


LINK_RE = re.compile(r"https?://\S+")


def links_in(text_: str) -> list[str]:
    return LINK_RE.findall(text_)
