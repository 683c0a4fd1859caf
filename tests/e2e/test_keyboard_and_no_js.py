"""Universal design beyond the axe crawl: a resident signs up and reports with the keyboard alone, the host
journey works with JavaScript off, resident pages reflow at 320 px and at 200 % zoom, and every resident page
has its headings in order and the page regions named."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import _host_link
from tests.e2e.test_journey import link_in, wait_for_mail

TOPIC = "/salangen/sjovegan-sentrum/"
HOST_HOME = re.compile(r"/vert/$")  # the host's home, with the secret exchanged for a session
FOCUSED = """() => {
  const el = document.activeElement, box = el.getBoundingClientRect(), style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
          href: el.getAttribute("href") || "", type: el.getAttribute("type") || "",
          text: (el.innerText || "").trim().slice(0, 60),
          onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight
                    && box.right > 0 && box.left < innerWidth,
          indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                     || style.boxShadow !== "none"};
}"""


def focused(page) -> dict:
    """What has focus, and whether a sighted keyboard user can see it and see that it has focus."""
    element = page.evaluate(FOCUSED)
    if element["tag"] not in ("body", "main"):
        assert element["onScreen"], f"focused element is off screen: {element}"
        assert element["indicator"], f"focused element has no focus indicator: {element}"
    return element


def tab_to(page, matches, *, backwards: bool = False, limit: int = 60) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches, checking the focus at every stop."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError(f"never reached the element with {'Shift+' if backwards else ''}Tab")


def named(name: str):
    return lambda element: element["name"] == name


def skip_to_main(page) -> None:
    """The skip link is the first thing Tab reaches, and it moves focus to the main content."""
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _day_equal_to_month_not_after(today: date) -> date:
    return max(date(year, month, month) for year in (today.year - 1, today.year) for month in range(1, 13)
               if date(year, month, month) <= today)


def test_a_resident_signs_up_and_reports_with_the_keyboard_alone(browser, live_server, mailbox):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  locale="en-GB")
    page = context.new_page()
    page.goto("/lang/en")
    page.goto(TOPIC)
    skip_to_main(page)
    tab_to(page, lambda element: element["href"].endswith("/bli-vert"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/bli-vert$"))

    # Sent empty: the error summary takes focus, and its links lead to the fields.
    skip_to_main(page)
    tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#name"
    page.keyboard.press("Enter")
    expect(page.locator("#name")).to_be_focused()

    page.keyboard.type("Kari Tastatur")
    email = "kari.tastatur@example.org"
    tab_to(page, named("email"))
    page.keyboard.type(email)
    tab_to(page, named("expected_guests"))
    page.keyboard.type("6")
    tab_to(page, named("consent"))
    page.keyboard.press("Space")
    expect(page.locator("#consent")).to_be_checked()
    tab_to(page, named("name"), backwards=True)  # back up to check what was typed, then on again
    expect(page.locator("#name")).to_have_value("Kari Tastatur")
    seen = len(mailbox.messages)
    tab_to(page, lambda element: element["tag"] == "button" and element["type"] == "submit")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_have_count(0)

    page.goto(link_in(wait_for_mail(mailbox, email, seen), "/bekreft"))
    seen = len(mailbox.messages)
    skip_to_main(page)
    tab_to(page, lambda element: element["tag"] == "button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(HOST_HOME)  # confirmed, and on to the host's page
    host_link = link_in(wait_for_mail(mailbox, email, seen), "/vert/")

    page.goto(host_link)
    skip_to_main(page)
    tab_to(page, lambda element: element["href"].endswith("/rapport"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/rapport$"))
    held_on = _day_equal_to_month_not_after(date.today())
    tab_to(page, named("held_on"))
    page.keyboard.type(held_on.strftime("%d%m%Y"))  # day/month or month/day order: the same keys
    tab_to(page, named("participants"))
    page.keyboard.type("5")
    textareas = page.locator("main textarea")
    lines = [["Benker langs sjøen", "Mer lys i sentrum"], ["Bibliotek med kafé"]]
    for index, question_lines in enumerate(lines):
        name = textareas.nth(index).get_attribute("name")
        tab_to(page, named(name))
        page.keyboard.type("\n".join(question_lines))
    tab_to(page, named("send"))
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_be_visible()
    page.goto(host_link + "rapport")
    expect(page.locator("input[name=held_on]")).to_have_value(held_on.isoformat())
    expect(textareas.first).to_have_value("\n".join(lines[0]))
    context.close()


def test_the_host_journey_works_without_javascript(browser, live_server, mailbox):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780},
                                  locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.goto("/lang/en")
    page.goto(TOPIC)
    page.locator("main a[href$='/bli-vert']").first.click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()  # autofocus: no script needed
    email = "uten.skript@example.org"
    page.fill("input[name=name]", "Ola Utenskript")
    page.fill("input[name=email]", email)
    page.fill("input[name=expected_guests]", "5")
    page.check("input[name=consent]")
    seen = len(mailbox.messages)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_have_count(0)

    page.goto(link_in(wait_for_mail(mailbox, email, seen), "/bekreft"))
    seen = len(mailbox.messages)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(HOST_HOME)
    host_link = link_in(wait_for_mail(mailbox, email, seen), "/vert/")

    page.goto(host_link)
    expect(page.locator("h1")).to_be_visible()
    page.locator("main a[href$='/rapport']").first.click()
    page.fill("input[name=held_on]", (date.today() - timedelta(days=2)).isoformat())
    page.fill("input[name=participants]", "4")
    page.locator("main textarea").first.fill("Gatelys\nBenker")
    page.locator("main button[name=send]").click()
    expect(page.locator(".flash")).to_be_visible()

    page.goto(host_link)
    page.locator("main a[href$='/trekk']").first.click()
    expect(page).to_have_url(re.compile(r"/trekk$"))
    expect(page.locator("main form button[type=submit]")).to_be_visible()
    context.close()


def test_a_fresh_browser_without_javascript_opens_the_mail_link_and_the_secret_leaves_the_address(
        browser, live_server):
    """No page address, redirect target or Referer of the host's visit carries the secret."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780},
                                  locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    link = _host_link(live_server)
    token = link.split("/")[2]
    sent = []
    page.on("request", lambda request: sent.append((request.url, request.headers.get("referer") or "")))
    page.goto(link + "rapport")
    expect(page).to_have_url(re.compile(r"/vert/rapport$"))
    expect(page.locator("main textarea").first).to_be_visible()
    page.locator("main a[href='/vert/']").first.click()
    expect(page).to_have_url(HOST_HOME)
    page.locator("main a[href$='/skjema']").first.click()
    expect(page).to_have_url(re.compile(r"/vert/skjema$"))
    assert len(sent) >= 4
    leaks = [(url, referer) for url, referer in sent[1:] if token in url or token in referer]
    assert not leaks, leaks
    assert token not in page.content()
    context.close()


RESIZED = [pytest.param({"width": 320, "height": 640}, 1, id="320px"),
           pytest.param({"width": 640, "height": 480}, 2, id="zoom-200")]


@pytest.mark.parametrize(("viewport", "scale"), RESIZED)
def test_resident_pages_reflow_without_scrolling_sideways(browser, live_server, viewport, scale):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, device_scale_factor=scale,
                                  locale="nb-NO")
    page = context.new_page()
    host = _host_link(live_server)
    paths = ["/", TOPIC, TOPIC + "bli-vert", host, host + "rapport", host + "skjema", host + "trekk",
             host + "slett", "/personvern", "/tilgjengelighet"]
    too_wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width[0] > width[1]:
            too_wide[path] = width
    page.goto(TOPIC + "bli-vert")
    page.locator("main form button[type=submit]").click()  # the error summary must reflow too
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        too_wide["sign-up with errors"] = width
    assert not too_wide, f"pages wider than the screen (scroll width, client width): {too_wide}"
    context.close()


OUTLINE = """() => {
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter(h => h.getClientRects().length).map(h => Number(h.tagName[1]));
  const skipped = levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1);
  const navs = [...document.querySelectorAll("nav")];
  return {h1: levels.filter(level => level === 1).length, first: levels[0], skipped,
          banner: document.querySelectorAll("body > header").length,
          navs: navs.length, unnamedNavs: navs.filter(n => !n.getAttribute("aria-label")).length,
          main: document.querySelectorAll("main").length,
          contentinfo: document.querySelectorAll("body > footer").length};
}"""


def test_resident_pages_have_headings_in_order_and_named_regions(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                  locale="nb-NO")
    page = context.new_page()
    host = _host_link(live_server)
    paths = ["/", "/salangen/", TOPIC, TOPIC + "bli-vert", host, host + "rapport", host + "trekk",
             host + "slett", "/personvern", "/tilgjengelighet"]
    problems = {}
    for path in paths:
        page.goto(path)
        outline = page.evaluate(OUTLINE)
        wrong = {key: value for key, value in outline.items()
                 if (key in ("h1", "first", "banner", "main", "contentinfo") and value != 1)
                 or (key == "navs" and value < 1) or (key in ("skipped", "unnamedNavs") and value)}
        if wrong:
            problems[path] = wrong
    assert not problems, problems
    context.close()
