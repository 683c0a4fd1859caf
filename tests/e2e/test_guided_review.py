"""The guided review in a real browser: a planner answers with the keyboard and with the buttons (also without
JavaScript, on a phone), sees the measures change, and undoes the answers from the correction history."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from .conftest import DESKTOP, PHONE
from .test_journey import log_in

FINISHED_ROUND = "fritid-og-moteplasser"


def _topic_id(live_server) -> int:
    from gjestebud.db import get_session
    from gjestebud.models import Topic

    with live_server.app().app_context():
        return get_session().scalar(select(Topic.id).where(Topic.slug == FINISHED_ROUND))


def _measures_of(live_server, line_ids: list[int]) -> dict[int, int]:
    from gjestebud.db import get_session
    from gjestebud.models import MeasureLine

    with live_server.app().app_context():
        return dict(get_session().execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id)
                                          .where(MeasureLine.suggestion_id.in_(line_ids))).all())


def _sides(page) -> tuple[list[int], list[int]]:
    return tuple([int(box.get_attribute("value")) for box in page.locator(f"input[name={side}]").all()]
                 for side in ("left", "right"))


def test_a_planner_answers_sees_the_measures_change_and_undoes(browser, live_server):
    topic_id = _topic_id(live_server)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in(page, "planner@example.org")
    page.goto(f"/staff/planner/topics/{topic_id}/review")
    expect(page.get_by_role("heading", name="Is this the same measure?")).to_be_visible()
    expect(page.get_by_text("Keyboard: J or Y for yes")).to_be_visible()
    before_any = _measures_of(live_server, [i for side in _sides(page) for i in side])

    # "Yes" by keyboard: both sides end in one measure.
    left, right = _sides(page)
    page.keyboard.press("j")
    expect(page.locator("#review-progress")).to_contain_text("1 question answered")
    after_yes = _measures_of(live_server, left + right)
    assert len(set(after_yes.values())) == 1

    # "No" by the button: the two sides end in different measures.
    second_left, second_right = _sides(page)
    assert (second_left, second_right) != (left, right)
    page.get_by_role("button", name=re.compile(r"^No")).click()
    expect(page.locator("#review-progress")).to_contain_text("2 questions answered")
    after_no = _measures_of(live_server, second_left + second_right)
    assert not {after_no[i] for i in second_left} & {after_no[i] for i in second_right}

    # Undo both from the history, newest first: the measures are as before.
    page.goto(f"/staff/planner/topics/{topic_id}/corrections")
    for _ in range(2):
        page.get_by_role("button", name=re.compile(r"Undo.*Answered a review question")).first.click()
        expect(page.locator(".flash")).to_contain_text("undone")
    assert _measures_of(live_server, list(before_any)) == before_any
    page.goto(f"/staff/planner/topics/{topic_id}/review")
    expect(page.locator("#review-progress")).to_contain_text("0 questions answered")
    context.close()


def test_the_review_works_without_javascript_on_a_phone(browser, live_server):
    topic_id = _topic_id(live_server)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "planner@example.org")
    page.goto(f"/staff/planner/topics/{topic_id}/review")
    first = _sides(page)
    expect(page.get_by_text("Keyboard: J or Y for yes")).to_be_hidden()

    page.get_by_role("button", name=re.compile(r"^Skip")).click()

    expect(page.get_by_text("You skipped 1 question.")).to_be_visible()
    assert _sides(page) != first
    page.get_by_role("button", name="Ask the skipped questions again").click()
    assert _sides(page) == first
    context.close()
