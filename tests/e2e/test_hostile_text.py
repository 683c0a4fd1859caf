"""Hostile text in every field that is shown again, read back in a real browser: nothing runs.

The payloads set `window.__xss` instead of calling alert(); the test checks it stays undefined on every page,
that no dialog opened, that the Content Security Policy never had to block anything (escaping alone kept the
payloads inert), and that template syntax comes back literally."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from gjestebud.db import get_session
from gjestebud.models import Host, Measure, MeasureStatus, Municipality, Role, Suggestion, TopicStatus
from gjestebud.security import new_token
from gjestebud.services import hosts as host_service
from gjestebud.services import measures as measure_service
from gjestebud.services import privacy as privacy_service
from gjestebud.services import results as results_service
from gjestebud.services import topics as topic_service
from gjestebud.services.reports import save_report
from gjestebud.services.users import create_user
from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP

RUN = "window.__xss=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f'<img src=x onerror="{RUN}">',
    f"[lenke](javascript:{RUN})",
    f"[data](data:text/html,<script>{RUN}</script>)",
    f"![bilde](javascript:{RUN})",
    f'![x](x" onerror="{RUN})',
    f"[x](javascript&#58;{RUN})",
    f'<svg onload="{RUN}">',
    f"<style>body{{background:url(javascript:{RUN})}}</style>",
    f'<a href="javascript:{RUN}">klikk</a>',
    f'"><script>{RUN}</script>',
    "\u202eRTL-overstyring\u202c null\u200bbredde Sаlangen",  # RTL override, zero-width space, Cyrillic а
    "{{7*7}} {% raw %}${7*7}",
]
# Every payload, for the Markdown fields; a short mix for fields with tight length limits.
LONG = "\n\n".join(PAYLOADS)
SHORT = f'"><script>{RUN}</script><img src=x onerror={RUN}>{{{{7*7}}}}\u202e'
SLUG = "fiendtlig"
EMAIL_ORGANISER, EMAIL_PLANNER = "xss-organiser@example.org", "xss-planner@example.org"
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
                          e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _arrange(live_server) -> dict:
    """A municipality whose every shown field holds payloads, through the same services the pages use."""
    app = live_server.app()
    with app.app_context():
        session = get_session()
        place = Municipality(slug=SLUG, name=f"Fiendtlig kommune {SHORT}"[:120],
                             contact_email="post@fiendtlig.example")
        session.add(place)
        session.commit()
        organiser = create_user(session, email=EMAIL_ORGANISER, name=SHORT, password=DEMO_PASSWORD,
                                role=Role.ORGANISER, municipality_id=place.id, actor="test")
        planner = create_user(session, email=EMAIL_PLANNER, name=SHORT, password=DEMO_PASSWORD,
                              role=Role.PLANNER, municipality_id=place.id, actor="test")
        privacy_service.set_privacy_notice(session, place, LONG, actor=organiser)
        today = date.today()
        topic = topic_service.create_topic(
            session, municipality_id=place.id, title=SHORT, slug="sentrum", intro_md=LONG, guide_md=LONG,
            areas=[SHORT, "Sjøvegan"], signup_deadline=today + timedelta(days=10),
            report_deadline=today + timedelta(days=20), status=TopicStatus.OPEN, reminder_days_before=3,
            retention_days=365, actor=organiser, questions=[LONG[:500], SHORT])
        token, token_hash = new_token()
        now = datetime.now(timezone.utc)
        host = Host(topic_id=topic.id, number=1, name=SHORT, email="xss-vert@example.org", area=SHORT,
                    language="nb", expected_guests=6, token_hash=token_hash, consent_at=now, confirmed_at=now)
        session.add(host)
        session.commit()
        first, second = topic.questions
        save_report(session, host, held_on=today, participants=6, age_counts={},
                    lines={first.id: PAYLOADS[:7], second.id: PAYLOADS[7:]}, submit=True, actor="host")
        measure_service.run_consolidation(session, topic, planner)
        measure = session.scalars(select(Measure).where(Measure.topic_id == topic.id)).first()
        measure_service.rename_measure(session, topic, measure, SHORT, planner)
        measure_service.set_decision(session, topic, measure, MeasureStatus.ADOPTED, LONG, planner)
        results_service.save_next_steps(session, topic, LONG, planner)
        results_service.publish_results(session, topic, planner)
        assert session.scalar(select(Suggestion.id).where(Suggestion.text == PAYLOADS[0]))
        # A hidden payload the host rewords waits in "changed since moderation"; a flagged line is marked.
        hidden = session.scalars(select(Suggestion).where(Suggestion.text == PAYLOADS[0])).one()
        topic_service.hide_line(session, hidden, "personal_data", actor=organiser)
        save_report(session, host, held_on=today, participants=6, age_counts={},
                    lines={first.id: [f"{SHORT} ring Ola Hansen 99887766", *PAYLOADS[1:7]],
                           second.id: [*PAYLOADS[7:], f"{SHORT} Kontakt Kari Nordmann"]},
                    submit=True, actor="host")
        assert topic_service.lines_to_review(session, topic)
        return {"token": token, "topic_id": topic.id, "measure_id": measure.id, "host_id": host.id,
                "organiser_id": organiser.id}


def _log_in(page, email: str) -> None:
    page.goto("/lang/en")
    page.goto("/staff/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def _visit(page, path: str, dialogs: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, (path, response and response.status)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined", f"a payload ran on {path}"
    assert page.evaluate("window.__csp") == [], f"the CSP had to block something on {path}"
    assert not dialogs, (path, dialogs)
    assert page.locator("script:not([src])").count() == 0, f"an inline script element on {path}"
    assert page.locator("[onerror], [onload]").count() == 0, f"an event handler attribute on {path}"
    dangerous = "a[href^='javascript:' i], a[href^='data:' i], img[src^='javascript:' i]"
    assert page.locator(dangerous).count() == 0, f"a script URL on {path}"
    assert "{{7*7}}" in page.content(), f"template syntax was not shown literally on {path}"


def test_hostile_text_is_shown_as_text_everywhere(browser, live_server):
    ids = _arrange(live_server)
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO",
                                  accept_downloads=False)
    context.add_init_script(WATCH)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    topic_path = f"/{SLUG}/sentrum"

    # Residents and the host
    _visit(page, f"{topic_path}/", dialogs)
    _visit(page, f"{topic_path}/bli-vert", dialogs)
    _visit(page, f"/{SLUG}/personvern", dialogs)
    _visit(page, f"/vert/{ids['token']}/", dialogs)
    _visit(page, f"/vert/{ids['token']}/rapport", dialogs)
    _visit(page, f"{topic_path}/results", dialogs)
    _visit(page, f"{topic_path}/results.json", dialogs)
    assert "<script>" not in page.locator("body").inner_html(), "JSON shown as text, not markup"
    csv = context.request.get(f"{topic_path}/results.csv")
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["x-content-type-options"] == "nosniff"

    # Staff
    _log_in(page, EMAIL_ORGANISER)
    _visit(page, f"/staff/topics/{ids['topic_id']}/", dialogs)
    _visit(page, f"/staff/topics/{ids['topic_id']}/lines", dialogs)
    assert page.locator("h2#review-heading").count() == 1, "the changed-since-moderation list"
    assert page.locator(".review-lines .flag").count() >= 1, "a held line flagged as possible personal data"
    _visit(page, f"/staff/topics/{ids['topic_id']}/hosts/{ids['host_id']}/report", dialogs)
    # A kit with the host's new personal link, under a hostile topic title: staff see neither the secret
    # nor the title's bidi override in the subject.
    with live_server.app().app_context():
        session = get_session()
        host_service.resend_kit(session, session.get(Host, ids["host_id"]), actor="test")
    _visit(page, "/staff/outbox", dialogs)
    outbox = page.content()
    assert "/vert/[secret]/" in outbox and not re.search(r"/vert/[A-Za-z0-9_-]{20,}", outbox)
    assert "\u202e" not in page.locator("table.outbox td").nth(1).inner_text().split("\n")[0]
    _visit(page, "/staff/account", dialogs)
    # Hostile `next` values: the browser stays on the site, whatever the encoding.
    for target in ("/%09/evil.example", "/%5Cevil.example", "//evil.example", "/%0d%0a/evil.example"):
        page.goto(f"/lang/en?next={target}")
        assert page.url.startswith(live_server.url + "/"), (target, page.url)
    context.clear_cookies()
    _log_in(page, "admin@example.org")
    _visit(page, "/staff/admin/users", dialogs)
    _visit(page, f"/staff/admin/users/{ids['organiser_id']}/edit", dialogs)
    context.clear_cookies()
    _log_in(page, EMAIL_PLANNER)
    _visit(page, f"/staff/planner/topics/{ids['topic_id']}/measures", dialogs)
    _visit(page, f"/staff/planner/topics/{ids['topic_id']}/measures/{ids['measure_id']}", dialogs)
    export = context.request.get(f"/staff/planner/topics/{ids['topic_id']}/export/measures.csv")
    assert export.ok and export.headers["content-type"].startswith("text/csv")
    assert export.headers["x-content-type-options"] == "nosniff"
    context.close()


def test_a_phishing_name_is_refused_at_sign_up_in_the_browser(browser, live_server):
    """A name that carries a link would be pasted into the official confirmation mail: refused, kept."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto("/lang/en")
    page.goto("/salangen/sjovegan-sentrum/bli-vert")
    hostile = "Kari, VIKTIG: bekreft med BankID på https://bankid-sjekk.example/logg-inn"
    page.fill("input[name=name]", hostile)
    page.fill("input[name=email]", "offer@example.org")
    page.fill("input[name=expected_guests]", "5")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    assert "cannot contain web addresses" in page.locator("#name-error").inner_text()
    assert page.input_value("input[name=name]") == hostile, "what was typed is kept"
    context.close()
