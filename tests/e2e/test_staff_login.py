"""A staff member logs in with the keyboard in a real browser and reaches the topics."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD


def test_organiser_logs_in_and_sees_the_demo_topic(page, screenshot):
    page.goto("/staff/login")
    page.get_by_label(re.compile("^(E-mail|E-post)")).fill("organiser@example.org")
    page.get_by_label(re.compile("^(Password|Passord)")).fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.get_by_role("link", name="Utvikling av Sjøvegan sentrum")).to_be_visible()
    screenshot("dashboard")


def test_wrong_password_is_refused_with_a_message(page):
    page.goto("/staff/login")
    page.get_by_label(re.compile("^(E-mail|E-post)")).fill("organiser@example.org")
    page.get_by_label(re.compile("^(Password|Passord)")).fill("not the password")
    page.get_by_role("button").last.click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("password|passord", re.I))


def test_staff_member_sets_up_two_factor_and_logs_in_with_a_code(page, live_server):
    """The whole round in the browser: the key shown as text, a code to confirm, recovery codes shown once,
    and a log-in that asks for the code after the password."""
    import secrets
    import time

    import pyotp

    from gjestebud.db import get_session
    from gjestebud.models import Role
    from gjestebud.services.users import create_user

    email = f"totp-{secrets.token_hex(4)}@example.org"  # one account per run: the server is shared
    with live_server.app().app_context():
        create_user(get_session(), email=email, name="Tove Totp", password=DEMO_PASSWORD, role=Role.ADMIN,
                    municipality_id=None, actor="test")

    def log_in() -> None:
        page.goto("/lang/en")
        page.goto("/staff/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()

    log_in()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    key = page.locator(".secret-key code").inner_text().replace(" ", "")
    expect(page.get_by_role("link", name="Add to authenticator app")).to_have_attribute(
        "href", re.compile(rf"^otpauth://totp/.*secret={key}"))
    totp = pyotp.TOTP(key)
    # The code of the step before now: the log-in below uses the current one (each code works once).
    page.get_by_label("Code").fill(totp.generate_otp(totp.timecode(time.time()) - 1))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)

    page.get_by_role("button", name="Log out").click()
    log_in()
    expect(page).to_have_url(re.compile(r"/staff/login/code$"))
    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
