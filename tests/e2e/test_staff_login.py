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
