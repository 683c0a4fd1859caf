"""A staff member's own account: password change, common-password refusal, two-factor sign-in."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, User
from gjestebud.services.users import PasswordTooWeak, check_password_rules
from tests.conftest import PASSWORD

NEW = "tre ulike ord og litt til"


@pytest.fixture
def organiser(make_user, municipality):
    return make_user("organiser", municipality, email="kari.nordmann@salangen.example")


def _reload(db, user):
    db.expire_all()
    return db.get(User, user.id)


# Passwords

@pytest.mark.parametrize("password", [
    "passordpassord", "Sommer2024!!!", "sommer2025sommer", "P@ssw0rd12345", "qwertyuiopå", "1234567890123",
    "Velkommen123!", "abcabcabcabc", "!!!!2024!!!!!", "iloveyou1234", "Fotball2024!!", "kari.nordmann99",
    "KariNordmann2024", "Nordmann12345",
])
def test_common_and_personal_passwords_are_refused(app, password):
    with app.app_context(), pytest.raises(PasswordTooWeak):
        check_password_rules(password, "kari.nordmann@salangen.example", "Kari Nordmann")


@pytest.mark.parametrize("password", [PASSWORD, "tre ulike ord og litt til", "Blåbær-Tromsø-Kaffe-Regn",
                                      "xq7-Fjord-lampe-91"])
def test_unusual_passwords_are_accepted(app, password):
    with app.app_context():
        check_password_rules(password, "kari.nordmann@salangen.example", "Kari Nordmann")


def test_the_shipped_list_is_read_from_the_package(app):
    from gjestebud.services.users import common_passwords

    with app.app_context():
        listed = common_passwords()
    assert len(listed) > 2000
    assert {"passord", "sommer2024", "123456", "qwerty"} <= listed
    assert not any(word.startswith("#") for word in listed)


# Changing one's own password

def test_change_password_needs_the_current_one(client, db, login, organiser):
    login(organiser)
    page = client.post("/staff/account/password", data={"current": "not my password", "password": NEW,
                                                        "confirm": NEW}).get_data(as_text=True)
    assert 'id="current-error"' in page and "not your current password" in page
    assert _reload(db, organiser).password_hash == organiser.password_hash


@pytest.mark.parametrize("new, confirm, message", [
    (NEW, NEW + "x", "not the same"),
    ("Sommer2024!!!", "Sommer2024!!!", "too common"),
    ("kort", "kort", "at least 12 characters"),
    (PASSWORD, PASSWORD, "different from the current one"),
    ("kari.nordmann lager kaffe", "kari.nordmann lager kaffe", "cannot contain the name"),
])
def test_change_password_refuses_bad_choices(client, db, login, organiser, new, confirm, message):
    login(organiser)
    response = client.post("/staff/account/password", data={"current": PASSWORD, "password": new,
                                                            "confirm": confirm})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _reload(db, organiser).password_hash == organiser.password_hash


def test_change_password_keeps_this_session_and_ends_the_others(app, client, db, login, organiser):
    login(organiser)
    other = app.test_client()
    other.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    assert other.get("/staff/").status_code == 200
    response = client.post("/staff/account/password", data={"current": PASSWORD, "password": NEW,
                                                            "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert other.get("/staff/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/staff/login", data={"email": organiser.email, "password": NEW}).status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.set_password"))
    assert event.user_id == organiser.id
    assert _reload(db, organiser).must_change_password is False


# Two-factor sign-in

def _previous_code(key: str) -> str:
    totp = pyotp.TOTP(key)
    return totp.generate_otp(totp.timecode(time.time()) - 1)


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/staff/account/two-factor").get_data(as_text=True)
    key = re.search(r'<p class="secret-key"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert "otpauth://totp/Gjestebud:" in page and f"secret={key}" in page
    assert "api.qrserver" not in page and "chart.googleapis" not in page
    # The code of the step before: the log-ins that follow use the current one, never the same twice.
    page = client.post("/staff/account/two-factor", data={"code": _previous_code(key)}).get_data(as_text=True)
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page)
    return key, codes


def test_the_key_being_enrolled_is_not_in_the_session_cookie(client, login, organiser):
    """Flask's session cookie is signed, not encrypted: the key must not travel in it."""
    login(organiser)
    key = two_factor_key(client.get("/staff/account/two-factor").get_data(as_text=True))
    with client.session_transaction() as session:
        assert key not in repr(dict(session))
    again = client.get("/staff/account/two-factor").get_data(as_text=True)
    assert two_factor_key(again) == key, "the same key until it is confirmed"


def two_factor_key(page: str) -> str:
    return re.search(r'<p class="secret-key"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")


def test_enrolment_needs_a_matching_code(client, db, login, organiser):
    login(organiser)
    client.get("/staff/account/two-factor")
    page = client.post("/staff/account/two-factor", data={"code": "000000"}).get_data(as_text=True)
    assert "does not match" in page
    assert _reload(db, organiser).totp_secret is None


def test_enrolment_shows_ten_recovery_codes_once_and_stores_only_hashes(client, db, login, organiser):
    login(organiser)
    key, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    user = _reload(db, organiser)
    assert user.totp_secret == key and len(user.recovery_code_hashes) == 10
    stored = " ".join(user.recovery_code_hashes)
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)
    page = client.get("/staff/account").get_data(as_text=True)
    assert "10 unused recovery codes left" in page and codes[0] not in page
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.two_factor_enable")) is not None


@pytest.fixture
def enrolled(app, client, login, organiser):
    """(key, recovery codes); the test's client is logged out again."""
    login(organiser)
    key, codes = _enrol(client)
    client.post("/staff/logout")
    return key, codes


def test_the_password_alone_no_longer_logs_in(client, organiser, enrolled):
    response = client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/login/code"
    assert client.get("/staff/").status_code == 302


def test_code_after_password_logs_in_and_follows_next(client, db, organiser, enrolled):
    client.post("/staff/login", query_string={"next": "/staff/outbox"},
                data={"email": organiser.email, "password": PASSWORD})
    response = client.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    assert response.headers["Location"] == "/staff/outbox"
    assert client.get("/staff/").status_code == 200


def test_a_code_works_only_once(app, client, organiser, enrolled):
    code = pyotp.TOTP(enrolled[0]).now()
    client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    assert client.post("/staff/login/code", data={"code": code}).status_code == 302
    other = app.test_client()
    other.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    page = other.post("/staff/login/code", data={"code": code}).get_data(as_text=True)
    assert "Koden er ikke riktig" in page and other.get("/staff/").status_code == 302


def test_a_recovery_code_works_once(app, client, db, organiser, enrolled):
    code = enrolled[1][3]
    client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    assert client.post("/staff/login/code", data={"code": code.upper().replace("-", " ")}).status_code == 302
    assert len(_reload(db, organiser).recovery_code_hashes) == 9
    other = app.test_client()
    other.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    page = other.post("/staff/login/code", data={"code": code}).get_data(as_text=True)
    assert "Koden er ikke riktig" in page


def test_too_many_wrong_codes_start_the_log_in_again(app, client, db, organiser, enrolled):
    client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    for _ in range(app.config["TWO_FACTOR_MAX_ATTEMPTS"]):
        response = client.post("/staff/login/code", data={"code": "123456"})
    assert response.headers["Location"] == "/staff/login"
    response = client.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    assert response.headers["Location"] == "/staff/login"
    assert client.get("/staff/").status_code == 302


def test_the_code_step_cannot_be_reached_without_the_password(client, organiser, enrolled):
    with client.session_transaction() as session:
        session["pending_login"] = {"user": f"{organiser.id}:guessed", "at": 10**10, "tries": 0, "next": None}
    response = client.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    assert response.headers["Location"] == "/staff/login"
    assert client.get("/staff/").status_code == 302


def test_turning_two_factor_off_needs_the_password(client, db, login, organiser, enrolled):
    client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    client.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    page = client.post("/staff/account/two-factor/off", data={"current": "wrong"}).get_data(as_text=True)
    assert "not your current password" in page and _reload(db, organiser).totp_secret is not None
    client.post("/staff/account/two-factor/off", data={"current": PASSWORD})
    user = _reload(db, organiser)
    assert user.totp_secret is None and user.recovery_code_hashes == []


def test_admin_resets_two_factor_and_ends_sessions(app, client, db, make_user, organiser, enrolled):
    session = app.test_client()
    session.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    session.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    assert session.get("/staff/").status_code == 200
    admin = make_user("admin")
    client.post("/staff/login", data={"email": admin.email, "password": PASSWORD})
    assert "Reset two-factor sign-in" in client.get("/staff/admin/users").get_data(as_text=True)
    client.post(f"/staff/admin/users/{organiser.id}/two-factor/reset")
    assert _reload(db, organiser).totp_secret is None
    assert session.get("/staff/").status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.two_factor_reset"))
    assert event.user_id == admin.id and event.object_id == organiser.id


def test_the_code_step_expires(client, organiser, enrolled):
    client.post("/staff/login", data={"email": organiser.email, "password": PASSWORD})
    with client.session_transaction() as session:
        pending = session["pending_login"]
        pending["at"] -= 3600
        session["pending_login"] = pending
    response = client.post("/staff/login/code", data={"code": pyotp.TOTP(enrolled[0]).now()})
    assert response.headers["Location"] == "/staff/login"
    assert client.get("/staff/").status_code == 302
