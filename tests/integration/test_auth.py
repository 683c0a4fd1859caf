"""Staff log-in: hashed passwords, a back-off per account and address, throttling, sessions that end."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, LoginThrottle, User
from gjestebud.services.users import PasswordTooWeak, check_password_rules, set_password
from tests.conftest import PASSWORD


def test_password_is_stored_hashed(db, make_user, municipality):
    user = make_user("organiser", municipality)
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_wrong_password_is_refused_without_telling_which_part_was_wrong(client, make_user, municipality):
    user = make_user("organiser", municipality)
    for email, password in ((user.email, "wrong password here"), ("nobody@example.org", PASSWORD)):
        response = client.post("/staff/login", data={"email": email, "password": password})
        assert response.status_code == 200
        assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


FAILED = "Wrong e-mail address or password."


def _attempt(client, email, password, address="198.51.100.7"):
    return client.post("/staff/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_every_kind_of_failure_gets_the_same_answer(app, client, db, make_user, municipality):
    """Unknown, inactive, wrong password and waiting accounts: one page, so none tells what exists."""
    user = make_user("organiser", municipality)
    inactive = make_user("planner", municipality)
    inactive.active = False
    db.commit()
    waiting = make_user("organiser", municipality)
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        _attempt(client, waiting.email, "wrong password here")
    pages = [_attempt(client, email, password).get_data(as_text=True).replace(email, "EMAIL")
             for email, password in (("nobody@example.org", PASSWORD), (inactive.email, PASSWORD),
                                     (user.email, "wrong password here"), (waiting.email, PASSWORD))]
    assert all(FAILED in page for page in pages)
    assert len(set(pages)) == 1, "the pages differ"
    assert "locked" not in pages[-1]


def test_failures_make_that_address_wait_with_a_growing_back_off(app, client, db, make_user, municipality):
    user = make_user("organiser", municipality)
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        assert _attempt(client, user.email, "wrong password here").status_code == 200
    throttle = db.scalar(select(LoginThrottle).where(LoginThrottle.account == user.email))
    first_wait = throttle.blocked_until - throttle.last_failure_at
    assert first_wait == app.config["LOGIN_BACKOFF_BASE"]
    # The right password from the same address waits too, and does not extend the wait.
    assert _attempt(client, user.email, PASSWORD).status_code == 200
    assert client.get("/staff/").status_code == 302
    throttle.blocked_until = datetime.now(timezone.utc) - timedelta(seconds=1)
    db.commit()
    _attempt(client, user.email, "wrong password again")
    db.expire_all()
    throttle = db.get(LoginThrottle, throttle.id)
    assert throttle.blocked_until - throttle.last_failure_at == 2 * first_wait
    assert db.query(AuditEvent).filter_by(action="user.login_backoff", object_id=user.id).count() == 2


def test_the_back_off_is_capped(app, db, make_user, municipality):
    from gjestebud.services.users import record_failure

    user = make_user("organiser", municipality)
    with app.test_request_context():
        for _ in range(40):
            record_failure(db, user.email, "198.51.100.7", user)
    throttle = db.scalar(select(LoginThrottle).where(LoginThrottle.account == user.email))
    assert throttle.blocked_until - throttle.last_failure_at == app.config["LOGIN_BACKOFF_MAX"]


def test_an_attacker_elsewhere_cannot_lock_the_staff_member_out(app, client, make_user, municipality):
    user = make_user("organiser", municipality)
    for _ in range(app.config["LOGIN_FREE_FAILURES"] * 3):
        _attempt(client, user.email, "wrong password here", address="203.0.113.66")
    assert _attempt(app.test_client(), user.email, PASSWORD, address="192.0.2.10").status_code == 302


def test_a_successful_log_in_clears_the_failures(app, client, db, make_user, municipality):
    user = make_user("organiser", municipality)
    for _ in range(app.config["LOGIN_FREE_FAILURES"] - 1):
        _attempt(client, user.email, "wrong password here")
    assert _attempt(client, user.email, PASSWORD).status_code == 302
    assert db.scalar(select(LoginThrottle).where(LoginThrottle.account == user.email)) is None


def test_unknown_accounts_take_as_long_as_known_ones(app, db, make_user, municipality):
    """A password hash is computed for unknown and inactive accounts too (the configured method)."""
    from werkzeug import security as werkzeug_security

    from gjestebud.services import users as user_service

    user = make_user("organiser", municipality)
    calls = []
    original = werkzeug_security.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash.split("$")[0])
        return original(pwhash, password)

    user_service.check_password_hash = counting
    try:
        with app.test_request_context():
            for email in ("nobody@example.org", user.email):
                user_service.check_credentials(db, email, "wrong password here", address="198.51.100.7")
    finally:
        user_service.check_password_hash = original
    assert calls == [app.config["PASSWORD_HASH_METHOD"]] * 2


def test_logout_ends_every_copy_of_the_session_cookie(app, client, login, make_user, municipality):
    login(make_user("organiser", municipality))
    assert client.get("/staff/").status_code == 200
    stolen = client.get_cookie("session").value
    client.post("/staff/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("target", ["/%09/evil.example", "/\r\n/evil.example", "/\t/evil.example",
                                    "//evil.example", "/\\evil.example", "https:evil.example",
                                    "/%5cevil.example", "/x%0d%0aSet-Cookie:a=b", "/\uff0f/evil.example"])
def test_login_never_redirects_to_another_site(client, make_user, municipality, target):
    user = make_user("organiser", municipality)
    response = client.post("/staff/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_login_follows_a_next_on_this_site(client, make_user, municipality):
    user = make_user("organiser", municipality)
    response = client.post("/staff/login", query_string={"next": "/staff/outbox?page=2"},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/outbox?page=2"


def test_login_renews_the_session_and_logout_ends_it(client, login, make_user, municipality):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(make_user("organiser", municipality))
    with client.session_transaction() as session:
        assert "planted" not in session
    assert client.get("/staff/").status_code == 200
    client.post("/staff/logout")
    assert client.get("/staff/").status_code == 302


def test_changing_the_password_ends_other_sessions(client, db, login, make_user, municipality):
    user = make_user("organiser", municipality)
    login(user)
    set_password(db, db.get(User, user.id), "a brand new long passphrase", actor="test")
    assert client.get("/staff/").status_code == 302


def test_inactive_account_cannot_log_in(client, db, make_user, municipality):
    user = make_user("organiser", municipality)
    user.active = False
    db.commit()
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("password", ["short", "aaaaaaaaaaaaaaaa", "kari@example.org"])
def test_weak_passwords_are_refused(app, password):
    with app.app_context(), pytest.raises(PasswordTooWeak):
        check_password_rules(password, "kari@example.org")


class TestThrottle:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}

    def test_login_attempts_are_throttled_per_address(self, client):
        codes = [client.post("/staff/login",
                             data={"email": f"x{n}@example.org", "password": "x" * 12}).status_code
                 for n in range(4)]
        assert codes == [200, 200, 200, 429]
        assert "Too many attempts" in client.post("/staff/login", data={}).get_data(as_text=True)


class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_login_without_csrf_token_is_refused(self, client, make_user, municipality):
        user = make_user("organiser", municipality)
        response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert client.get("/staff/").status_code == 302

    def test_login_form_carries_a_csrf_token(self, client):
        assert 'name="csrf_token"' in client.get("/staff/login").get_data(as_text=True)


def test_parallel_failures_are_all_counted(app, db, make_user, municipality):
    """Failures at the same moment (a scripted attack) must not be lost to one another, nor raise."""
    import threading

    from gjestebud.db import get_session
    from gjestebud.services.users import record_failure

    user = make_user("organiser", municipality)
    workers, errors = 6, []
    barrier = threading.Barrier(workers)

    def fail() -> None:
        with app.test_request_context():
            barrier.wait()
            try:
                record_failure(get_session(), user.email, "198.51.100.7")
            except Exception as exc:  # noqa: BLE001 (collected and asserted below)
                errors.append(exc)

    threads = [threading.Thread(target=fail) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.expire_all()
    assert db.scalar(select(LoginThrottle.failures).where(LoginThrottle.account == user.email)) == workers
