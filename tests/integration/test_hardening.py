"""Start-up and response hardening: refused secret keys, a separate key for link hashes, HSTS and
Permissions-Policy, and the language switch's `next`."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from gjestebud import WeakSecretKey, create_app
from gjestebud.models import Host
from gjestebud.security import hash_token, token_hashes
from gjestebud.services.hosts import host_for_token
from tests.conftest import TEST_SECRET

EXAMPLE_KEY = "change-me"  # the value instance/config.example.py ships with


def _production(database_url: str, **config) -> dict:
    return {"DATABASE_URL": database_url, "BASE_URL": "https://gjestebud.example.no", **config}


@pytest.mark.parametrize("key", [EXAMPLE_KEY, "dev", "secret", "Change-Me",
                                 "kort-nøkkel-bare-tjue", "a" * 64, ""])
def test_weak_secret_keys_stop_the_app_outside_development(database_url, key):
    with pytest.raises(WeakSecretKey, match="GJESTEBUD_SECRET_KEY"):
        create_app(_production(database_url, SECRET_KEY=key))


def test_the_example_configs_key_is_refused(database_url):
    from pathlib import Path

    namespace: dict = {}
    example = Path(__file__).parents[2] / "instance" / "config.example.py"
    exec(compile(example.read_text(), str(example), "exec"), namespace)  # noqa: S102 (our own file)
    with pytest.raises(WeakSecretKey):
        create_app(_production(database_url, SECRET_KEY=namespace["SECRET_KEY"]))


def test_weak_keys_are_fine_for_tests_and_debugging(database_url):
    assert create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "dev"}).testing
    assert create_app({"DEBUG": True, "DATABASE_URL": database_url, "SECRET_KEY": "dev"}).debug


def test_a_long_random_key_starts(database_url):
    app = create_app(_production(database_url, SECRET_KEY="6f1c0e9a5b7d4f3a8c2e1d0b9a8f7e6d5c4b3a29"))
    assert not app.testing


def test_link_hashes_use_a_key_derived_from_but_not_equal_to_the_secret_key(app):
    with app.app_context():
        token = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
        signing = hmac.new(TEST_SECRET.encode(), token.encode(), hashlib.sha256).hexdigest()
        assert hash_token(token) != signing
        assert token_hashes(token) == [hash_token(token), signing]


def test_links_hashed_before_the_derived_key_keep_working(app, db, make_topic, make_host, municipality):
    topic = make_topic(municipality)
    host, token = make_host(topic)
    host.token_hash = hmac.new(TEST_SECRET.encode(), token.encode(), hashlib.sha256).hexdigest()
    db.commit()
    with app.test_request_context():
        assert host_for_token(db, token).id == host.id
        app.config["LEGACY_LINK_HASHES"] = False
        assert host_for_token(db, token) is None
        assert db.get(Host, host.id) is not None


class TestHttps:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "BASE_URL": "https://gjestebud.example.no"}

    def test_https_deployments_send_hsts(self, client):
        response = client.get("/")
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("path", ["/", "/staff/login", "/healthz", "/no/such/page"])
def test_permissions_policy_denies_device_features(client, path):
    policy = client.get(path).headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example",
                                    "https:evil.example", "/%5cevil.example", "/\uff0f/evil.example"])
def test_language_switch_never_redirects_to_another_site(client, target):
    response = client.get("/lang/nb", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("raw", ["/lang/nb?next=/%0d%0aSet-Cookie:%20x=y", "/lang/nb?next=/%0a/evil.example",
                                 "/lang/nb?next=%2F%09%2Fevil.example"])
def test_a_line_break_in_next_is_no_server_error(client, raw):
    response = client.get(raw)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Set-Cookie: x" not in str(response.headers)
