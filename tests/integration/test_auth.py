"""Staff log-in: hashed passwords, lockout after repeated failures, throttling, sessions that end."""

import pytest

from gjestebud.models import AuditEvent, User
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


def test_repeated_failures_lock_the_account_even_for_the_right_password(app, client, db, make_user,
                                                                         municipality):
    user = make_user("organiser", municipality)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/staff/login", data={"email": user.email, "password": "wrong password here"})
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert "locked" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    assert db.query(AuditEvent).filter_by(action="user.locked", object_id=user.id).count() == 1


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
def test_weak_passwords_are_refused(password):
    with pytest.raises(PasswordTooWeak):
        check_password_rules(password, "kari@example.org")


class TestThrottle:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "3 per minute"}

    def test_login_attempts_are_throttled_per_address(self, client):
        codes = [client.post("/staff/login", data={"email": f"x{n}@example.org", "password": "x" * 12}).status_code
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
