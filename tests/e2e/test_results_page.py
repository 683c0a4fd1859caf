"""The results page of the demo round on a phone with JavaScript off: the first screen says what was decided,
filters and search are plain GET forms, and the group link shows the group's own lines."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE

RESULTS = "/salangen/fritid-og-moteplasser/results"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/lang/en")
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_first_phone_screen_says_what_was_decided(page):
    page.goto(RESULTS)
    summary = page.get_by_role("heading", name="What was decided", level=2)
    expect(summary).to_be_visible()
    first_status = page.locator(".results-status-summary a").first
    expect(first_status).to_contain_text("Adopted")
    box = first_status.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], "below the first screen"
    no_sideways_scroll(page)


def test_filter_by_status_and_search_without_javascript(page):
    page.goto(RESULTS)
    page.get_by_label("Status", exact=True).select_option("adopted")
    page.get_by_role("button", name="Show", exact=True).click()
    assert parse_qs(urlparse(page.url).query)["status"] == ["adopted"]
    statuses = page.locator(".results-measure .results-status strong")
    expect(statuses.first).to_be_visible()
    assert set(statuses.all_inner_texts()) == {"Adopted"}

    page.get_by_label("Search in titles, answers and suggestions").fill("klubb")
    page.get_by_role("button", name="Show", exact=True).click()
    query = parse_qs(urlparse(page.url).query)
    assert query["q"] == ["klubb"] and query["status"] == ["adopted"]
    measures = page.locator(".results-measure")
    expect(measures.first).to_be_visible()
    for text in measures.all_text_contents():  # folded lines count too
        assert "klubb" in text.lower()
    no_sideways_scroll(page)


def test_find_your_group_shows_the_groups_own_lines(page):
    page.goto(RESULTS)
    page.get_by_label("Your gathering's number", exact=False).fill("1")
    page.get_by_role("button", name="Show our measures").click()
    assert parse_qs(urlparse(page.url).query)["group"] == ["1"]
    expect(page.get_by_text("Showing the measures with suggestions from Gjestebud 1")).to_be_visible()
    own = page.locator(".results-own-line")
    expect(own.first).to_be_visible()
    for text in own.all_text_contents():
        assert "Gjestebud 1" in text
    assert "Demovert" not in page.content() and "vert01@example.org" not in page.content()
    no_sideways_scroll(page)


def test_the_full_list_is_one_page_with_every_line_unfolded(page):
    page.goto(RESULTS)
    page.get_by_role("link", name="Show the full list (for printing)").click()
    assert "all=1" in page.url
    expect(page.locator(".results-measures details")).to_have_count(0)
    assert page.locator(".results-measure").count() > 12
