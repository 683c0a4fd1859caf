"""Layout that used to trip staff up, measured in Chromium at 1280 px and 360 px: the hosts table fits the
page, the "required" marker is part of its label, headings keep clear of the top bar, topic cards have no
bullets hanging outside them, and no page scrolls sideways."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

# The demo's closed topic, with its 32 hosts.
HOSTS_TOPIC = "Fritid og møteplasser for unge"


def log_in(page):
    page.goto("/staff/login")
    page.get_by_label(re.compile("^(E-mail|E-post)")).fill("organiser@example.org")
    page.get_by_label(re.compile("^(Password|Passord)")).fill(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/$"))


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def heading_gap(page) -> float:
    return page.evaluate("""() => document.querySelector('h1').getBoundingClientRect().top
                                  - document.querySelector('.site-header').getBoundingClientRect().bottom""")


def test_hosts_table_fits_and_its_status_column_is_on_screen(page, screenshot):
    log_in(page)
    page.get_by_role("link", name=HOSTS_TOPIC).first.click()
    table = page.locator("table.hosts")
    expect(table).to_be_visible()
    width = page.viewport_size["width"]
    box = table.bounding_box()
    status = table.get_by_role("columnheader", name="Status").bounding_box()
    if width >= 1280:
        assert box["x"] + box["width"] <= width, "the hosts table is wider than the page"
        assert status["x"] + status["width"] <= width, "the Status column is off-screen"
    no_sideways_scroll(page)
    assert heading_gap(page) >= 16, "the main heading touches the top bar"
    screenshot("hosts")


def test_required_marker_sits_in_the_label_above_its_input(page, screenshot):
    page.goto("/salangen/sjovegan-sentrum/bli-vert")
    label = page.locator("label[for=name]")
    marker = label.locator(".required")
    expect(marker).to_be_visible()
    name_input = page.locator("#name")
    marker_box, input_box = marker.bounding_box(), name_input.bounding_box()
    assert marker_box["y"] + marker_box["height"] <= input_box["y"], "the marker is beside the input"
    # The input starts where the label starts: nothing pushes it sideways.
    assert abs(input_box["x"] - label.bounding_box()["x"]) < 1
    no_sideways_scroll(page)
    assert heading_gap(page) >= 16
    screenshot("signup")


def test_topic_cards_on_the_municipality_page_have_no_bullets(page, screenshot):
    page.goto("/salangen/")
    card = page.locator(".topic-list > li.card").first
    expect(card).to_be_visible()
    assert card.evaluate("e => getComputedStyle(e).listStyleType") == "none" or \
        card.evaluate("e => getComputedStyle(e.parentElement).listStyleType") == "none"
    main_left = page.locator("h1").bounding_box()["x"]
    assert card.bounding_box()["x"] >= main_left - 1, "the cards hang outside the content column"
    no_sideways_scroll(page)
    assert heading_gap(page) >= 16
    screenshot("municipality")
