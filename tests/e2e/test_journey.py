"""The whole round in a real browser: an organiser sets up a topic from a template, two residents sign up
through the links that reach a real SMTP server and report (one in Nynorsk), a planner consolidates, merges,
decides and publishes, and the first host's results mail leads to the results page.

Each step is saved as a screenshot at phone and desktop width (test-artifacts/)."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.conftest import body_of
from tests.e2e.conftest import DEMO_PASSWORD


def field_label(text: str) -> re.Pattern[str]:
    """A field's label exactly, with or without the "(required)" marker that the label holds."""
    return re.compile(rf"^{re.escape(text)}( \(required\))?$")


LINK = re.compile(r"https?://\S+")


def wait_for_mail(mailbox, recipient: str, after: int = 0, timeout: float = 30):
    """The newest mail to `recipient` among those received after index `after`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mailbox.messages[after:]):
            if message["To"] == recipient:
                return message
        time.sleep(0.1)
    received = [(m["To"], m["Subject"]) for m in mailbox.messages[after:]]
    raise AssertionError(f"no mail to {recipient} within {timeout} s; received since: {received}")


def link_in(message, path_part: str) -> str:
    return next(link for link in LINK.findall(body_of(message)) if path_part in link)


def log_in(page, email: str) -> None:
    page.goto("/lang/en")
    page.goto("/staff/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/staff/$"), timeout=20_000)


def sign_up_and_report(page, shot, mailbox, *, topic_path, language, email, name, lines):
    page.goto(f"/lang/{language}")
    page.goto(topic_path)
    shot(f"{language}-topic")
    page.locator("main a[href$='/bli-vert']").first.click()
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    page.fill("input[name=expected_guests]", "6")
    page.select_option("select[name=language]", language)
    page.check("input[name=consent]")
    shot(f"{language}-signup")
    seen = len(mailbox.messages)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    shot(f"{language}-signup-done")

    page.goto(link_in(wait_for_mail(mailbox, email, seen), "/bekreft"))
    shot(f"{language}-confirm")
    seen = len(mailbox.messages)
    page.locator("main form button[type=submit]").click()
    shot(f"{language}-confirmed")
    kit = wait_for_mail(mailbox, email, seen)
    host_link = link_in(kit, "/vert/")
    assert re.search(r"/vert/[A-Za-z0-9_-]{40,}/", host_link), "a secret link of at least 128 bits"
    shot(f"{language}-host-home")

    page.locator("main a[href$='/rapport']").first.click()
    page.fill("input[name=held_on]", (date.today() - timedelta(days=1)).isoformat())
    page.fill("input[name=participants]", "6")
    textareas = page.locator("main textarea")
    for index, question_lines in enumerate(lines):
        textareas.nth(index).fill("\n".join(question_lines))
    shot(f"{language}-report")
    page.locator("main button[name=send]").click()
    expect(page.locator(".flash")).to_be_visible()
    shot(f"{language}-reported")
    return host_link


def test_a_whole_round_from_template_to_published_results(browser, live_server, mailbox, viewport, request):
    def context(locale: str):
        return browser.new_context(base_url=live_server.url, viewport=viewport, locale=locale)

    def shooter(page, role: str):
        def shot(step: str) -> None:
            from tests.e2e.conftest import ARTIFACTS

            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"journey-{viewport['width']}px-{role}-{step}.png"),
                            full_page=True)
        return shot

    slug = f"sentrum-{viewport['width']}"
    # 1. The organiser sets up a topic from the town-centre template and opens it.
    staff = context("en-GB")
    organiser = staff.new_page()
    shot = shooter(organiser, "organiser")
    log_in(organiser, "organiser@example.org")
    organiser.goto("/staff/topics/new?template=sentrumsutvikling")
    organiser.get_by_label(field_label("Title")).fill(f"Sentrum for alle ({viewport['width']})")
    organiser.get_by_label(field_label("Web address (slug)")).fill(slug)
    organiser.get_by_label(field_label("Sign-up deadline")).fill(
        (date.today() + timedelta(days=10)).isoformat())
    organiser.get_by_label(field_label("Report deadline")).fill(
        (date.today() + timedelta(days=30)).isoformat())
    organiser.get_by_label(field_label("Status")).select_option("open")
    shot("new-topic")
    organiser.locator("main [name=save]").click()
    expect(organiser).to_have_url(re.compile(r"/staff/topics/\d+/"))
    topic_id = re.search(r"/staff/topics/(\d+)/", organiser.url).group(1)
    shot("topic-created")
    staff.close()

    topic_path = f"/salangen/{slug}/"
    # 2. Two residents on their phones: one in Bokmål, one in Nynorsk.
    first = context("nb-NO")
    first_page = first.new_page()
    sign_up_and_report(
        first_page, shooter(first_page, "host1"), mailbox, topic_path=topic_path, language="nb",
        email=f"kari-{viewport['width']}@example.org", name="Kari",
        lines=[["Torget med benker og blomster"],
               ["Et sted å sitte inne uten å måtte kjøpe noe", "Offentlig toalett i sentrum"],
               ["Flere benker langs gata", "Bedre belysning i sentrum om kvelden",
                "Offentlig toalett ved torget"]])
    second = context("nn-NO")
    second_page = second.new_page()
    sign_up_and_report(
        second_page, shooter(second_page, "host2"), mailbox, topic_path=topic_path, language="nn",
        email=f"ola-{viewport['width']}@example.org", name="Ola",
        lines=[["Nærleiken til sjøen"],
               ["Offentleg toalett i sentrum", "Ein kafé der ungdom kan vere"],
               ["Fleire benkar langs gata", "Betre lys i sentrum om kvelden",
                "Offentleg toalett ved torget"]])
    second.close()

    # 3. The planner consolidates, merges two measures, decides and publishes.
    staff = context("en-GB")
    planner = staff.new_page()
    shot = shooter(planner, "planner")
    log_in(planner, "planner@example.org")
    planner.goto(f"/staff/planner/topics/{topic_id}/measures")
    planner.get_by_role("button", name="Consolidate").click()
    shot("consolidating")
    expect(planner.locator("input[name=measure_ids]").first).to_be_visible(timeout=30_000)
    shot("consolidated")
    before = planner.locator("input[name=measure_ids]").count()
    assert before >= 3
    planner.locator("input[name=measure_ids]").nth(0).check()
    planner.locator("input[name=measure_ids]").nth(1).check()
    planner.get_by_role("button", name="Merge the selected measures").click()
    # The merged measure's own page: its lines from both groups, where the decision is taken.
    expect(planner).to_have_url(re.compile(r"/measures/\d+$"))
    shot("merged")
    planner.get_by_label(field_label("Status")).select_option("adopted")
    planner.locator("textarea[name=answer_md]").fill("Kommunen setter ut **ti nye benker** til våren.")
    planner.get_by_role("button", name="Save status and answer").click()
    expect(planner.locator(".flash")).to_be_visible()
    shot("decided")

    planner.goto(f"/staff/planner/topics/{topic_id}/publish")
    shot("publish")
    seen = len(mailbox.messages)
    expect(planner.locator("#check-measures_new")).to_be_visible()  # the checklist warns, and does not block
    planner.get_by_label("I have read the checklist above, and the results may go public").check()
    planner.get_by_role("button", name="Publish the results and tell the hosts").click()
    expect(planner.locator(".flash")).to_be_visible()
    staff.close()

    # 4. The first host's results mail arrives, and its link shows the results.
    results_mail = wait_for_mail(mailbox, f"kari-{viewport['width']}@example.org", seen)
    first_page.goto(link_in(results_mail, "/results"))
    shot = shooter(first_page, "host1")
    expect(first_page.locator("h1")).to_be_visible()
    expect(first_page.get_by_text("ti nye benker")).to_be_visible()
    assert "Kari" not in first_page.content(), "no host is named on the results page"
    shot("results")
    first.close()
