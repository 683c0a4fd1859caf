"""Rate limits behind reverse proxies: one key function, ProxyFix for TRUSTED_PROXIES hops, and no per-process
counters under several gunicorn workers."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gjestebud import create_app
from gjestebud.security import (
    SharedLimitsRequired,
    check_limit_storage,
    gunicorn_workers,
)
from tests.conftest import free_port

SIGNUP = "/salangen/sjovegan-sentrum/bli-vert"
PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def _signup(client, n: int, forwarded_for: str | None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    data = {"name": "Kari", "area": "Sjøvegan", "expected_guests": "5", "language": "nb", "consent": "y",
            "email": f"kari{n}@example.org"}
    return client.post(SIGNUP, data=data, headers=headers, environ_base=PROXY).status_code


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_SIGNUP": "2 per minute"}


class TestBehindOneProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "TRUSTED_PROXIES": 1}

    def test_two_residents_behind_the_proxy_have_their_own_counters(self, client, municipality, make_topic):
        make_topic(municipality)
        first = [_signup(client, n, "203.0.113.7") for n in range(3)]
        second = [_signup(client, 10 + n, "198.51.100.9") for n in range(2)]
        assert first == [302, 302, 429]
        assert second == [302, 302], "a second resident behind the same proxy is not blocked by the first"

    def test_the_client_address_and_scheme_come_from_the_proxy(self, app, client, municipality, make_topic):
        make_topic(municipality)
        seen = {}

        @app.get("/_probe")
        def probe():
            from flask import request

            from gjestebud.security import client_address

            seen.update(address=client_address(), scheme=request.scheme)
            return "ok"

        client.get("/_probe", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
                   environ_base=PROXY)
        assert seen == {"address": "203.0.113.7", "scheme": "https"}


def test_a_spoofed_forwarded_for_is_ignored_without_trusted_proxies(client, municipality, make_topic):
    make_topic(municipality)
    codes = [_signup(client, n, f"203.0.113.{n}") for n in range(3)]
    assert codes == [302, 302, 429], "a made-up X-Forwarded-For must not buy a fresh counter"


def test_memory_counters_under_several_gunicorn_workers_refuse_to_start(app_config, monkeypatch):
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    monkeypatch.setenv("GJESTEBUD_GUNICORN_WORKERS", "4")
    with pytest.raises(SharedLimitsRequired, match="4 gunicorn workers.*redis://"):
        create_app({**app_config, "TESTING": False, "RATELIMIT_STORAGE_URI": "memory://"})


def test_memory_counters_under_several_workers_only_warn_in_development(app_config, monkeypatch, capsys):
    """create_app sets up logging itself, so the warning is read where its handler writes: standard error."""
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    monkeypatch.setenv("GJESTEBUD_GUNICORN_WORKERS", "3")
    app = create_app({**app_config, "TESTING": False, "DEBUG": True})
    app.extensions["gjestebud.engine"].dispose()
    assert "WARNING gjestebud.security: 3 gunicorn workers" in capsys.readouterr().err


@pytest.mark.parametrize(("storage", "workers"), [("redis://127.0.0.1:6379/0", 4), ("memory://", 1),
                                                  ("memory://", None)])
def test_shared_storage_or_one_worker_starts(storage, workers):
    check_limit_storage({"RATELIMIT_STORAGE_URI": storage, "TESTING": False}, workers)


def test_worker_count_is_read_from_gunicorns_own_command_line(monkeypatch):
    """Without the shipped configuration's hook, gunicorn's parser reads its command line."""
    monkeypatch.setattr(sys, "argv", ["gunicorn", "--workers", "5", "wsgi:app"])
    monkeypatch.delenv("GJESTEBUD_GUNICORN_WORKERS", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert gunicorn_workers({"SERVER_SOFTWARE": "gunicorn/23.0.0"}) == 5
    assert gunicorn_workers({}) is None


@pytest.mark.slow
def test_real_gunicorn_with_two_workers_and_memory_counters_does_not_boot(tmp_path):
    """The shipped configuration under a real gunicorn: the workers refuse, the master stops, the log says
    why."""
    env = {**os.environ, "GJESTEBUD_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "GJESTEBUD_SECRET_KEY": secrets.token_urlsafe(48), "GJESTEBUD_RATELIMIT_STORAGE_URI": "memory://"}
    env.pop("SERVER_SOFTWARE", None)
    env.pop("GJESTEBUD_GUNICORN_WORKERS", None)
    root = Path(__file__).resolve().parents[2]
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "python:gjestebud.gunicorn_conf", "--workers", "2",
         "--bind", f"127.0.0.1:{free_port()}", "wsgi:app"],
        cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "2 gunicorn workers" in result.stderr and "redis://" in result.stderr
    assert time.monotonic() - started < 60


@pytest.mark.skipif(not os.environ.get("GJESTEBUD_TEST_REDIS_URL"),
                    reason="GJESTEBUD_TEST_REDIS_URL is not set")
def test_two_app_processes_share_counters_in_redis(app_config, municipality, make_topic):
    """Two apps stand for two workers: with Redis they count one resident (behind the proxy) together."""
    import redis

    url = os.environ["GJESTEBUD_TEST_REDIS_URL"]
    redis.Redis.from_url(url).flushdb()
    make_topic(municipality)
    config = {**app_config, "RATELIMIT_STORAGE_URI": url, "TRUSTED_PROXIES": 1}
    apps = [create_app(config), create_app(config)]
    try:
        clients = [a.test_client() for a in apps]
        codes = [_signup(clients[n % 2], n, "203.0.113.7") for n in range(3)]
        assert codes == [302, 302, 429]
        assert _signup(clients[0], 9, "198.51.100.9") == 302
    finally:
        for a in apps:
            a.extensions["gjestebud.engine"].dispose()
        redis.Redis.from_url(url).flushdb()
