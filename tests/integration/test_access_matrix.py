"""Who gets what, for every URL rule of the app and every kind of visitor.

The table below holds one access decision per endpoint. A new route without an entry fails
`test_every_route_has_an_access_decision`, so nobody can add a page without saying who may see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
from sqlalchemy import select

from gjestebud.db import Base
from gjestebud.models import Correction, Measure, Suggestion
from gjestebud.services import bulk_answers, follow_up
from gjestebud.services import measures as measure_service
from gjestebud.services import results as results_service
from gjestebud.services.reports import save_report
from tests.conftest import PASSWORD, FreshContextClient

ROLES = ["anonymous", "host", "other_host", "organiser", "planner", "admin", "other_organiser"]
LOGIN = "login"  # a redirect to the staff log-in page
HOST_ROLES = ("host", "other_host")
NOT_STAFF = ("anonymous", *HOST_ROLES)


@dataclass(frozen=True)
class Access:
    """`audience`: public, health, auth, host, organiser, reader (planner, organiser, admin) or admin.
    `ok`: the answer for those allowed in. `args` fills URL arguments that differ from the common ones;
    `query` is appended to the URL."""

    audience: str
    ok: int | str = 200
    args: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)


MATRIX: dict[str, Access] = {
    # Everyone
    "healthz": Access("health"),
    "set_language": Access("public", 302),
    "public.home": Access("public"),
    "public.privacy": Access("public"),
    "public.accessibility": Access("public"),
    "public.municipality": Access("public"),
    "public.municipality_privacy": Access("public"),
    "public.topic": Access("public"),
    "public.signup": Access("public"),
    "public.signup_done": Access("public"),
    "public.results": Access("public"),
    "public.results_json": Access("public"),
    "public.results_csv": Access("public"),
    "public.results_feed": Access("public"),
    "public.lost_link": Access("public"),
    "public.deadline_ics": Access("public"),
    # The host's secret link
    "hosts.confirm": Access("host", 302),  # confirmed already: on to the host page
    "hosts.home": Access("host"),
    "hosts.sheet": Access("host"),
    "hosts.report": Access("host"),
    "hosts.withdraw": Access("host"),
    "hosts.erase": Access("host"),
    "hosts.my_data": Access("host"),
    "hosts.deadline_ics": Access("host"),
    # Staff log-in
    "auth.login": Access("auth"),
    "auth.login_code": Access("auth", LOGIN),  # no password step in progress: back to the log-in page
    "auth.logout": Access("reader"),
    "auth.dashboard": Access("reader"),
    "auth.account": Access("reader"),
    "auth.change_password": Access("reader"),
    "auth.two_factor_setup": Access("reader"),
    "auth.two_factor_off": Access("reader"),
    # Organisers and admins
    "organiser.new_topic": Access("organiser"),
    "organiser.edit_topic": Access("organiser"),
    "organiser.topic": Access("organiser"),
    "organiser.translate_topic": Access("organiser"),
    "organiser.questions": Access("organiser"),
    "organiser.edit_question": Access("organiser"),
    "organiser.move_question": Access("organiser"),
    "organiser.question_kind": Access("organiser"),
    "organiser.remove_question": Access("organiser"),
    "organiser.new_paper_host": Access("organiser"),
    "organiser.resend_kit": Access("organiser"),
    "organiser.transcribe": Access("organiser"),
    "organiser.lines": Access("organiser"),
    "organiser.hide_line": Access("organiser"),
    "organiser.unhide_line": Access("organiser"),
    "organiser.keep_line_hidden": Access("organiser"),
    "organiser.outbox": Access("organiser", query={"page": 2}),
    "organiser.send_outbox": Access("organiser"),
    "organiser.send_reminders": Access("organiser"),
    # Planners, organisers and admins
    "planner.dashboard": Access("reader"),
    "planner.report": Access("reader"),
    "planner.export": Access("reader", args={"what": "measures", "fmt": "csv"}),
    "planner.suggestions": Access("reader"),
    "planner.measures": Access("reader", query={"page": 2, "q": "benk"}),
    "planner.consolidate": Access("reader"),
    "planner.consolidate_preview": Access("reader"),
    "planner.merge_measures": Access("reader"),
    "planner.measure": Access("reader"),
    "planner.measure_lines": Access("reader"),
    "planner.rename_measure": Access("reader"),
    "planner.decide_measure": Access("reader"),
    "planner.corrections": Access("reader", query={"page": 3}),
    "planner.undo_correction": Access("reader"),
    "planner.review": Access("reader"),
    "planner.review_answer": Access("reader"),
    "planner.review_reset_skipped": Access("reader"),
    "planner.confirm_title": Access("reader"),
    "planner.publish": Access("reader"),
    "planner.publish_mail_preview": Access("reader"),
    "planner.save_next_steps": Access("reader"),
    "planner.publish_now": Access("reader"),
    "planner.unpublish": Access("reader"),
    "planner.milestones": Access("reader"),
    "planner.bulk_decide": Access("reader"),
    "planner.answer_templates": Access("reader"),
    "planner.edit_answer_template": Access("reader", args={"template_id": "template_id"}),
    "planner.delete_answer_template": Access("reader", args={"template_id": "template_id"}),
    "planner.delete_milestone": Access("reader", args={"milestone_id": "milestone_id"}),
    # Admins only
    "admin.users": Access("admin"),
    "admin.new_user": Access("admin"),
    "admin.edit_user": Access("admin", args={"user_id": "planner_id"}),
    "admin.reset_two_factor": Access("admin", args={"user_id": "planner_id"}),
    "admin.deactivate_user": Access("admin", args={"user_id": "planner_id"}),
    "admin.reactivate_user": Access("admin", args={"user_id": "planner_id"}),
    "admin.reset_password": Access("admin", args={"user_id": "planner_id"}),
    "admin.municipalities": Access("admin"),
    "admin.new_municipality": Access("admin"),
    "admin.edit_municipality": Access("admin"),
    "admin.pages": Access("admin"),
    "admin.edit_page": Access("admin", args={"key": "page_key"}),
}

# URL argument -> key in the world's values; an entry's `args` overrides these.
COMMON_ARGS = {
    "municipality": "municipality_slug", "topic": "topic_slug", "topic_id": "topic_id",
    "question_id": "question_id", "host_id": "host_id", "suggestion_id": "suggestion_id",
    "measure_id": "measure_id", "correction_id": "correction_id", "number": "host_number",
    "municipality_id": "municipality_id", "user_id": "planner_id", "language": "language",
    "direction": "direction", "code": "language", "key": "page_key",
}


def _rules(app) -> dict[str, Any]:
    """One rule per endpoint; for host pages the token-free address, which the personal link leads to."""
    rules: dict[str, Any] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and not (rule.endpoint in rules and "token" in rule.arguments):
            rules[rule.endpoint] = rule
    return rules


def _entry_rules(app) -> list[Any]:
    return [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]


def test_every_route_has_an_access_decision(app):
    routes = set(_rules(app))
    assert routes == set(MATRIX), (
        f"Routes without an entry in MATRIX (add one: who may see it?): {sorted(routes - set(MATRIX))}; "
        f"entries without a route: {sorted(set(MATRIX) - routes)}")


@pytest.fixture
def make_world(db, make_municipality, make_topic, make_host, make_user):
    """Two municipalities, each with a topic and a host; Salangen's round consolidated, corrected and
    published, so every page has something to show."""

    def make() -> dict[str, Any]:
        salangen = make_municipality()
        lavangen = make_municipality("lavangen", "Lavangen kommune")
        topic = make_topic(salangen, report_deadline=date.today() + timedelta(days=30))
        other_topic = make_topic(lavangen, slug="lavangen-sentrum", title="Lavangen sentrum")
        host, token = make_host(topic, name="Kari Nordmann", email="kari@example.org")
        _other, other_token = make_host(other_topic, name="Per Annen", email="per@example.org")
        users = {"organiser": make_user("organiser", salangen), "planner": make_user("planner", salangen),
                 "admin": make_user("admin"), "other_organiser": make_user("organiser", lavangen)}
        first, second = topic.questions[0], topic.questions[1]
        save_report(db, host, held_on=date.today(), participants=5, age_counts={},
                    lines={first.id: ["Flere benker ved havna", "Benker langs havna"],
                           second.id: ["Bedre lys i parken"]},
                    submit=True, actor="host")
        measure_service.run_consolidation(db, topic, users["planner"])
        measure = db.scalars(select(Measure).where(Measure.topic_id == topic.id).order_by(Measure.id)).first()
        measure_service.rename_measure(db, topic, measure, "Benker ved havna", users["planner"])
        results_service.publish_results(db, topic, users["planner"])
        milestone = follow_up.add_milestone(db, topic, measure, on=date.today(), text="Anbud sendt ut",
                                            percent=None, unit="", actor=users["planner"])
        template = bulk_answers.save_template(db, salangen.id, None, title="Fylket",
                                              answer_md="Sendt videre.", actor=users["planner"])
        return {
            "users": users, "token": token, "other_token": other_token,
            "municipality_slug": salangen.slug, "topic_slug": topic.slug, "topic_id": topic.id,
            "question_id": first.id, "host_id": host.id, "host_number": host.number,
            "suggestion_id": db.scalars(select(Suggestion.id).order_by(Suggestion.id)).first(),
            "measure_id": measure.id, "correction_id": db.scalars(select(Correction.id)).one(),
            "municipality_id": salangen.id, "planner_id": users["planner"].id, "language": "nn",
            "direction": "down", "page_key": "privacy", "measures": "measures", "csv": "csv",
            "milestone_id": milestone.id, "template_id": template.id,
        }

    return make


def _client_for(app, role: str, world: dict[str, Any]) -> FreshContextClient:
    app.test_client_class = FreshContextClient
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if role in world["users"]:
        response = client.post("/staff/login",
                               data={"email": world["users"][role].email, "password": PASSWORD})
        assert response.status_code == 302
    if role in HOST_ROLES:
        assert client.get(f"/vert/{_token_for(role, world)}/").status_code == 302, "the link opens a session"
    return client


def _token_for(role: str, world: dict[str, Any]) -> str:
    """A host opens their own link; everybody else tries a well-formed link that was never handed out."""
    return {"host": world["token"], "other_host": world["other_token"]}.get(role, "x" * 43)


def _url(rule, access: Access, role: str, world: dict[str, Any]) -> str:
    values = {}
    for name in rule.arguments:
        if name == "token":
            values[name] = _token_for(role, world)
            continue
        key = access.args.get(name, COMMON_ARGS.get(name))
        assert key is not None, f"{rule.endpoint}: no value for the URL argument {name!r}"
        values[name] = world[key]
    url = rule.build(values, append_unknown=False)[1]
    return f"{url}?{urlencode(access.query)}" if access.query else url


def expected(access: Access, role: str, scoped: bool) -> int | str:
    audience = access.audience
    if audience in ("public", "health", "auth"):
        return access.ok
    if audience == "host":
        return access.ok if role in HOST_ROLES else 403  # without the link in this browser
    if role in NOT_STAFF:
        return LOGIN
    if audience == "admin":
        return access.ok if role == "admin" else 403
    if audience == "organiser" and role == "planner":
        return 403
    if role == "other_organiser" and scoped:
        return 404
    return access.ok


def _answer(response) -> int | str:
    if response.status_code == 302 and urlparse(response.headers["Location"]).path == "/staff/login":
        return LOGIN
    return response.status_code


def _snapshot(app) -> dict[str, list[tuple]]:
    with app.extensions["gjestebud.engine"].connect() as connection:
        return {table.name: sorted(map(tuple, connection.execute(table.select())), key=repr)
                for table in Base.metadata.sorted_tables}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, make_world, role):
    world = make_world()
    client = _client_for(app, role, world)
    wrong: list[str] = []
    refused_posts = []
    for endpoint, rule in sorted(_rules(app).items()):
        access = MATRIX.get(endpoint)
        if access is None:
            continue  # test_every_route_has_an_access_decision names it
        url = _url(rule, access, role, world)
        scoped = "topic_id" in rule.arguments
        want = expected(access, role, scoped)
        if "GET" in rule.methods:
            response = client.get(url, buffered=True)  # a streamed body is read inside the request
            got = _answer(response)
            if got != want:
                wrong.append(f"GET {url} ({endpoint}): {got}, expected {want}")
            elif role == "other_host" and access.audience == "host":
                assert "Kari" not in response.get_data(as_text=True), f"{endpoint} shows another host's data"
        else:
            # 405, or a public page's slash redirect (/staff/logout -> /staff/logout/, a topic that can't be)
            got = client.get(url, buffered=True).status_code
            if got not in (405, 308):
                wrong.append(f"GET {url} ({endpoint}) of a POST-only rule: {got}, expected 405")
        if "POST" in rule.methods and want in (LOGIN, 403, 404):
            refused_posts.append((endpoint, url, want))
    before = _snapshot(app)
    for endpoint, url, want in refused_posts:
        got = _answer(client.post(url, data={"title": "Hacked", "measure_ids": "1,2", "answer_md": "x",
                                             "status": "adopted", "reason": "personal_data"},
                                 buffered=True))
        if got != want:
            wrong.append(f"POST {url} ({endpoint}): {got}, expected {want}")
    assert not wrong, "\n".join(wrong)
    assert _snapshot(app) == before, "a refused POST changed the database"
    if role in ("anonymous", "planner", "other_organiser"):
        assert refused_posts, "the refused POSTs were tried"


@pytest.mark.parametrize("role", ROLES)
def test_personal_links_open_only_their_own_host_and_never_stay_in_the_address(app, make_world, role):
    """Every host page's token address: the right link redirects to the token-free page (never with the
    secret in Location), any other is 404 and opens no session, for every kind of visitor."""
    world = make_world()
    client = _client_for(app, role, world)
    wrong = []
    for rule in _entry_rules(app):
        token = _token_for(role, world)
        url = rule.build({"token": token}, append_unknown=False)[1]
        response = client.get(url, buffered=True)
        if role in HOST_ROLES:
            if response.status_code != 302 or token in response.headers["Location"]:
                wrong.append(f"GET {url}: {response.status_code} {response.headers.get('Location')}")
        elif response.status_code != 404:
            wrong.append(f"GET {url}: {response.status_code}, expected 404")
        if response.headers.get("Referrer-Policy") != "no-referrer":
            wrong.append(f"GET {url}: Referrer-Policy {response.headers.get('Referrer-Policy')}")
    assert not wrong, "\n".join(wrong)
    if role not in HOST_ROLES:
        assert client.get("/vert/", buffered=True).status_code == 403, "a wrong link opened a session"
