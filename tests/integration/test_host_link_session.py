"""The personal link is exchanged for a session on first visit: no later address, redirect, Referer or log
line carries the secret, and everything still works from the mail link in a fresh browser."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from gjestebud.services import hosts as host_service
from tests.conftest import free_port, links_in
from tests.integration.test_host_journey import EN, report_data

PAGES = ["", "skjema", "rapport", "trekk", "slett", "mine-data.json", "frist.ics"]


def _chain(client, url: str, **kwargs):
    response = client.get(url, follow_redirects=True, **kwargs)
    return [*response.history, response]


@pytest.mark.parametrize("page", PAGES)
def test_opening_a_link_redirects_to_the_same_page_without_the_secret(client, municipality, make_topic,
                                                                      make_host, page):
    _host, token = make_host(make_topic(municipality))
    first = client.get(f"/vert/{token}/{page}")
    assert first.status_code == 302 and first.headers["Location"] == f"/vert/{page}"
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    then = client.get(f"/vert/{page}", headers=EN)
    assert then.status_code == 200 and token not in then.get_data(as_text=True)


@pytest.mark.parametrize("page", [*PAGES, "bekreft"])
@pytest.mark.parametrize("confirmed", [True, False])
def test_no_host_response_carries_the_secret_in_a_location_and_all_send_no_referrer(
        client, municipality, make_topic, make_host, page, confirmed):
    _host, token = make_host(make_topic(municipality), confirmed=confirmed)
    chain = _chain(client, f"/vert/{token}/{page}")
    assert chain[-1].status_code == 200
    for response in chain:
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert token not in response.headers.get("Location", "")
        assert token not in response.get_data(as_text=True)


def test_a_wrong_link_answers_404_with_no_referrer(client, municipality, make_topic, make_host):
    make_host(make_topic(municipality))
    response = client.get("/vert/" + "x" * 43 + "/rapport")
    assert response.status_code == 404 and response.headers["Referrer-Policy"] == "no-referrer"


def test_public_pages_keep_their_referrer_policy(client, municipality, make_topic):
    make_topic(municipality)
    assert client.get("/salangen/sjovegan-sentrum/").headers["Referrer-Policy"] == "same-origin"


def test_posting_the_report_after_the_exchange_keeps_the_secret_out_and_mails_the_full_link(
        client, db, municipality, make_topic, make_host, outbox):
    topic = make_topic(municipality)
    _host, token = make_host(topic)
    client.get(f"/vert/{token}/rapport")
    response = client.post("/vert/rapport", data=report_data(topic), headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/vert/"
    [receipt] = outbox()
    assert f"http://localhost/vert/{token}/" in links_in(receipt.body), "the mail holds the personal link"


def test_confirming_from_a_fresh_browser_sends_the_kit_with_the_link(client, db, municipality, make_topic,
                                                                    make_host, outbox):
    host, token = make_host(make_topic(municipality), confirmed=False)
    page = client.get(f"/vert/{token}/bekreft", follow_redirects=True, headers=EN)
    assert page.request.path == "/vert/bekreft"
    response = client.post("/vert/bekreft", headers=EN)
    assert response.status_code == 302 and response.headers["Location"] == "/vert/"
    db.refresh(host)
    assert host.confirmed_at is not None
    assert host_service.personal_link(token) in links_in(outbox()[-1].body)


def test_a_form_posted_to_the_old_token_address_still_works(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic)
    response = client.post(f"/vert/{token}/rapport", data=report_data(topic))
    assert response.status_code == 302 and response.headers["Location"] == "/vert/"
    assert client.get("/vert/", headers=EN).status_code == 200, "the post started the session too"


@pytest.mark.parametrize("page", PAGES)
def test_without_the_link_in_this_browser_the_pages_ask_for_it(client, municipality, make_topic, make_host,
                                                                page):
    make_host(make_topic(municipality))
    response = client.get(f"/vert/{page}", headers=EN)
    assert response.status_code == 403
    assert "Open your personal link again" in response.get_data(as_text=True)


def test_the_session_ends_after_its_lifetime(app, client, municipality, make_topic, make_host, monkeypatch):
    _host, token = make_host(make_topic(municipality))
    client.get(f"/vert/{token}/")
    assert client.get("/vert/").status_code == 200
    later = time.time() + app.config["HOST_SESSION_LIFETIME"].total_seconds() + 1
    assert app.config["HOST_SESSION_LIFETIME"].total_seconds() <= 24 * 3600, "short-lived"
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/vert/", headers=EN).status_code == 403
    reopened = client.get(f"/vert/{token}/", follow_redirects=True)
    assert reopened.status_code == 200, "the mail link still opens"


def test_the_lifetime_can_be_set_in_seconds_from_the_environment(app, client, municipality, make_topic,
                                                                 make_host, monkeypatch):
    app.config["HOST_SESSION_LIFETIME"] = 60  # as GJESTEBUD_HOST_SESSION_LIFETIME=60 gives it
    _host, token = make_host(make_topic(municipality))
    client.get(f"/vert/{token}/")
    assert client.get("/vert/").status_code == 200
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/vert/").status_code == 403


def test_a_resent_kit_ends_the_old_links_session(client, db, municipality, make_topic, make_host):
    host, token = make_host(make_topic(municipality))
    client.get(f"/vert/{token}/")
    host_service.resend_kit(db, host, actor="test")
    assert client.get("/vert/").status_code == 404


def test_the_apps_log_lines_never_hold_the_secret(app_config, capsys):
    """The development server's request lines and the app's own messages pass the same redacting filter."""
    import logging

    from gjestebud import create_app
    app = create_app(app_config)
    app.extensions["gjestebud.engine"].dispose()
    token = secrets.token_urlsafe(32)
    logging.getLogger("werkzeug").warning('127.0.0.1 - - "GET /vert/%s/rapport HTTP/1.1" 302 -', token)
    logging.getLogger("gjestebud.mail").warning("Mail to a@example.org:\nhttp://localhost/vert/%s/", token)
    err = capsys.readouterr().err
    assert "GET /vert/[secret]/rapport" in err and "/vert/[secret]/" in err
    assert token not in err


@pytest.mark.slow
def test_gunicorns_access_log_with_the_shipped_configuration_never_holds_the_secret(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "GJESTEBUD_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "GJESTEBUD_SECRET_KEY": secrets.token_urlsafe(48)}
    env.pop("SERVER_SOFTWARE", None)
    subprocess.run([sys.executable, "-m", "flask", "--app", "gjestebud", "migrate"], cwd=root, env=env,
                   check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:gjestebud.gunicorn_conf", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "wsgi:app"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    token = secrets.token_urlsafe(32)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
                break
            except OSError:  # not listening yet, or too slow to answer on a busy machine
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/vert/{token}/rapport?t={token}",
                                         headers={"Referer": f"http://127.0.0.1:{port}/vert/{token}/"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=60)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "GET /vert/[secret]/rapport" in output
    assert token not in output
