"""WCAG 2.1 AA: a crawler visits every page it can reach as each role and runs axe-core on it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urldefrag, urlparse

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from sqlalchemy import select

from tests.e2e.conftest import DEMO_PASSWORD

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
MAX_PAGES = 60
# Pages of one shape (ids replaced) visited at most this often: enough to see each template's variants.
MAX_PER_SHAPE = 2
SKIP = re.compile(r"^/(lang/|static/|staff/logout)|\.(csv|xlsx|json|ics)$")
STAFF = {"organiser": "organiser@example.org", "planner": "planner@example.org", "admin": "admin@example.org"}
# Residents' pages in every language; staff pages share their templates across languages, so one will do.
CRAWLS = [("anonymous", "nb"), ("anonymous", "nn"), ("anonymous", "en"), ("anonymous", "se"),
          ("host", "nb"), ("host", "nn"), ("host", "en"), ("host", "se"),
          ("organiser", "nb"), ("planner", "nb"), ("admin", "nb")]
crawled: dict[tuple[str, str], int] = {}


def axe_violations(page) -> list[str]:
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def _shape(path: str) -> str:
    return re.sub(r"/[0-9]+(?=/|$)", "/N", re.sub(r"/vert/[^/]+", "/vert/T", path))


def _host_link(live_server) -> str:
    """A confirmed host on the demo topic with a known secret link."""
    from gjestebud.db import get_session
    from gjestebud.models import Host, Topic
    from gjestebud.security import new_token

    app = live_server.app()
    with app.app_context():
        session = get_session()
        topic = session.scalar(select(Topic).where(Topic.slug == "sjovegan-sentrum"))
        token, token_hash = new_token()
        number = len(topic.hosts) + 1
        session.add(Host(topic_id=topic.id, number=number, name="Axe Vert", email=f"axe{number}@example.org",
                         area="Sjøvegan", language="nb", token_hash=token_hash,
                         consent_at=datetime.now(timezone.utc), confirmed_at=datetime.now(timezone.utc),
                         planned_date=(datetime.now(timezone.utc) + timedelta(days=5)).date()))
        session.commit()
    return f"/vert/{token}/"


def _finished_round_host_link(live_server) -> str:
    """A further link for a host of the demo's published round, so the crawl sees the host page with the
    group's lines and what became of them."""
    from gjestebud.db import get_session
    from gjestebud.models import Host, HostLink, Topic
    from gjestebud.security import new_token

    app = live_server.app()
    with app.app_context():
        session = get_session()
        topic = session.scalar(select(Topic).where(Topic.slug == "fritid-og-moteplasser"))
        host = session.scalar(select(Host).where(Host.topic_id == topic.id, Host.number == 1))
        token, token_hash = new_token()
        session.add(HostLink(host_id=host.id, token_hash=token_hash))
        session.commit()
    return f"/vert/{token}/"


# Pages no link leads to (a form's target, a filtered view): crawled first, as residents reach them.
RESULTS = "/salangen/fritid-og-moteplasser/results"
ANONYMOUS_STARTS = [RESULTS, f"{RESULTS}?group=1", f"{RESULTS}?all=1", f"{RESULTS}?kind=strengths",
                    "/salangen/fritid-og-moteplasser/mistet-lenken"]


@pytest.mark.parametrize(("role", "language"), CRAWLS, ids=[f"{r}-{lang}" for r, lang in CRAWLS])
def test_every_reachable_page_passes_axe(browser, live_server, role, language):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"/lang/{language}")
    start = "/"
    if role == "host":
        start = _host_link(live_server)
    elif role in STAFF:
        page.goto("/staff/login")
        page.fill("input[name=email]", STAFF[role])
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(re.compile(r"/staff/$"))
        start = "/staff/"

    queue, seen, shapes, failures = [start], set(), {}, {}
    if role == "anonymous":
        queue += ANONYMOUS_STARTS
    elif role == "host":
        queue.append(_finished_round_host_link(live_server))
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        parsed_path = urlparse(path)
        # The results page's filters are one template each: their parameter names count, not the values.
        shape = _shape(parsed_path.path) + "?" + ",".join(sorted(parse_qs(parsed_path.query)))
        if path in seen or shapes.get(shape, 0) >= MAX_PER_SHAPE:
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = page.goto(path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{path} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == language, path
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            href = urldefrag(href)[0]
            parsed = urlparse(href)
            if parsed.netloc or not parsed.path.startswith("/") or SKIP.search(parsed.path):
                continue
            if role == "host" and parsed.path.startswith("/staff"):
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    context.close()
    crawled[(role, language)] = len(seen)
    print(f"crawled {len(seen)} pages as {role} in {language}")
    assert not failures, "\n".join(f"{path}: {v}" for path, vs in failures.items() for v in vs)
