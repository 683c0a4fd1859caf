"""The database blinks: a request is tried once more on a fresh connection; if the database stays away the
visitor gets 503 with Retry-After and keeps what they typed, never a bare 500."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from gjestebud import create_app
from gjestebud.models import Report, ReportStatus
from tests.conftest import free_port
from tests.integration.test_host_journey import EN, report_data

TOPIC = "/salangen/sjovegan-sentrum/"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DATABASE_RETRY_DELAY": 0}


def _gone() -> OperationalError:
    return OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"),
                            connection_invalidated=True)


@pytest.fixture
def blink(monkeypatch):
    """Make the next `times` calls of a Session method fail as a dropped connection does."""

    def arrange(method: str, times: int | None) -> dict:
        original = getattr(Session, method)
        state = {"failures": 0}

        def failing(self, *args, **kwargs):
            if times is None or state["failures"] < times:
                state["failures"] += 1
                raise _gone()
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Session, method, failing)
        return state

    return arrange


def _hidden_fields(page: str) -> dict[str, str]:
    return {unescape(name): unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)}


def test_a_page_read_during_a_blink_is_served_from_a_fresh_connection(client, municipality, make_topic,
                                                                      blink):
    make_topic(municipality)
    state = blink("execute", 1)
    response = client.get(TOPIC, headers=EN)
    assert response.status_code == 200 and "Utvikling av Sjøvegan sentrum" in response.get_data(as_text=True)
    assert state["failures"] == 1


def test_a_link_opened_during_a_blink_still_exchanges_the_secret_for_a_session(client, municipality,
                                                                              make_topic, make_host, blink):
    """The blink hits the link's look-up before the view: the retry runs that step again, so the answer is
    still the redirect to the token-free page."""
    _host, token = make_host(make_topic(municipality))
    state = blink("scalar", 1)  # the link's look-up
    response = client.get(f"/vert/{token}/rapport")
    assert state["failures"] == 1
    assert response.status_code == 302 and response.headers["Location"] == "/vert/rapport"
    assert client.get("/vert/rapport").status_code == 200


def test_a_connection_dropped_before_the_session_closes_does_not_spoil_the_answer(
        client, municipality, make_topic, monkeypatch):
    """The page is made; then closing the session meets the restart. The visitor still gets the page."""
    make_topic(municipality)
    original = Session.close
    dropped = []

    def close(self):
        if self.in_transaction() and not dropped:
            dropped.append(True)
            original(self)
            raise _gone()
        return original(self)

    monkeypatch.setattr(Session, "close", close)
    response = client.get(TOPIC, headers=EN)
    assert dropped and response.status_code == 200


def test_a_page_read_while_the_database_is_away_is_503_with_retry_after(client, municipality, make_topic,
                                                                       blink):
    make_topic(municipality)
    state = blink("execute", None)
    response = client.get(TOPIC, headers=EN)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "The service is unavailable for a moment" in response.get_data(as_text=True)
    assert state["failures"] == 2, "tried once more, not forever"


def test_a_report_whose_commit_failed_before_it_began_is_saved_on_the_retry(
        client, db, municipality, make_topic, make_host, blink):
    topic = make_topic(municipality)
    _host, token = make_host(topic)
    blink("commit", 1)
    response = client.post(f"/vert/{token}/rapport", data=report_data(topic), headers=EN)
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(Report)).status is ReportStatus.SUBMITTED


def test_a_report_posted_while_the_database_is_away_keeps_every_typed_word(
        client, db, municipality, make_topic, make_host, blink, monkeypatch):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    client.get(f"/vert/{token}/rapport")
    typed = report_data(topic, **{f"q{topic.questions[2].id}": "Mer lys <i>langs</i> \"sjøen\"\nBenker"})
    blink("commit", None)
    response = client.post("/vert/rapport", data=typed, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "Could not save, try again in a minute" in page
    assert "Mer lys &lt;i&gt;langs&lt;/i&gt;" in page and "<i>langs</i>" not in page, "shown, escaped"
    assert 'action="/vert/rapport"' in page and token not in page
    assert _hidden_fields(page) == {name: value for name, value in typed.items()}
    assert db.scalar(select(Report)) is None

    monkeypatch.undo()  # the database is back: "Send again" posts exactly what was kept
    again = client.post("/vert/rapport", data=_hidden_fields(page), headers=EN)
    assert again.status_code == 302
    db.expire_all()
    report = db.scalar(select(Report))
    assert report.status is ReportStatus.SUBMITTED
    assert "Mer lys <i>langs</i> \"sjøen\"" in [line.text for line in report.suggestions]


def test_a_sign_up_whose_commit_was_under_way_is_not_repeated_but_kept(client, db, municipality, make_topic,
                                                                     monkeypatch):
    """The commit had begun, so it may have been stored: no automatic second try, the resident decides."""
    make_topic(municipality)
    calls = {"n": 0}

    def commit_then_drop(self):
        calls["n"] += 1
        self.dispatch.before_commit(self)
        raise _gone()

    monkeypatch.setattr(Session, "commit", commit_then_drop)
    response = client.post(TOPIC + "bli-vert", headers=EN, data={
        "name": "Kari Nordmann", "email": "kari@example.org", "expected_guests": "5", "language": "nb",
        "consent": "y"})
    assert response.status_code == 503 and calls["n"] == 1
    assert 'value="kari@example.org"' in response.get_data(as_text=True)


def test_staff_pages_while_the_database_is_away_are_503_not_500(client, municipality, make_user, login,
                                                                blink):
    login(make_user("organiser", municipality))
    blink("execute", None)
    blink("get", None)
    response = client.get("/staff/outbox", headers=EN)
    assert response.status_code == 503


def test_a_refused_statement_is_still_a_logged_500(app, client, municipality, make_topic, monkeypatch):
    make_topic(municipality)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the 500 handler answers

    def refuse(self, *args, **kwargs):
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    monkeypatch.setattr(Session, "execute", refuse)
    assert client.get(TOPIC).status_code == 500


def test_an_unreachable_database_server_gives_503_on_pages_and_posts(app_config, tmp_path):
    """A real engine pointed at a closed port: every connection attempt is refused."""
    config = {**app_config, "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none"}
    app = create_app(config)
    try:
        client = app.test_client()
        page = client.get(TOPIC)
        assert page.status_code == 503 and page.headers["Retry-After"]
        posted = client.post("/vert/rapport", data={"held_on": "2026-01-01", "q1": "Benker ved kaia"})
        assert posted.status_code in (403, 503)
        signup = client.post(TOPIC + "bli-vert", data={"name": "Kari", "email": "k@example.org"})
        assert signup.status_code == 503 and "Benker" not in signup.get_data(as_text=True)
        assert 'value="k@example.org"' in signup.get_data(as_text=True)
        assert client.get("/healthz").status_code == 503
    finally:
        app.extensions["gjestebud.engine"].dispose()
