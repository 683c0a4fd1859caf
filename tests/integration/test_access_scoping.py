"""Who may open which staff page: anonymous visitors are sent to log in, planners are refused organiser and
admin pages, organisers never see another municipality's topics (404, as if they did not exist), admins see
all.
"""

from __future__ import annotations

from datetime import date

import pytest

from gjestebud.models import Report, ReportStatus, Suggestion

TOPIC_ROUTES = [
    ("GET", "/staff/topics/{topic}/"),
    ("GET", "/staff/topics/{topic}/edit"),
    ("POST", "/staff/topics/{topic}/edit"),
    ("GET", "/staff/topics/{topic}/questions"),
    ("POST", "/staff/topics/{topic}/questions"),
    ("GET", "/staff/topics/{topic}/questions/{question}/edit"),
    ("POST", "/staff/topics/{topic}/questions/{question}/edit"),
    ("POST", "/staff/topics/{topic}/questions/{question}/move/up"),
    ("POST", "/staff/topics/{topic}/questions/{question}/remove"),
    ("GET", "/staff/topics/{topic}/hosts/new"),
    ("POST", "/staff/topics/{topic}/hosts/new"),
    ("POST", "/staff/topics/{topic}/hosts/{host}/resend-kit"),
    ("GET", "/staff/topics/{topic}/hosts/{host}/report"),
    ("POST", "/staff/topics/{topic}/hosts/{host}/report"),
    ("GET", "/staff/topics/{topic}/translations/se"),
    ("POST", "/staff/topics/{topic}/translations/se"),
    ("GET", "/staff/topics/{topic}/lines"),
    ("POST", "/staff/topics/{topic}/lines/{line}/hide"),
    ("POST", "/staff/topics/{topic}/lines/{line}/unhide"),
]
ORGANISER_ROUTES = TOPIC_ROUTES + [
    ("GET", "/staff/topics/new"),
    ("POST", "/staff/topics/new"),
    ("GET", "/staff/outbox"),
    ("POST", "/staff/outbox/send"),
]
ADMIN_ROUTES = [
    ("GET", "/staff/admin/users"),
    ("GET", "/staff/admin/users/new"),
    ("POST", "/staff/admin/users/new"),
    ("POST", "/staff/admin/users/{user}/deactivate"),
    ("POST", "/staff/admin/users/{user}/reactivate"),
    ("GET", "/staff/admin/users/{user}/password"),
    ("POST", "/staff/admin/users/{user}/password"),
    ("GET", "/staff/admin/municipalities"),
    ("GET", "/staff/admin/municipalities/new"),
    ("POST", "/staff/admin/municipalities/new"),
    ("GET", "/staff/admin/municipalities/{municipality}/edit"),
    ("POST", "/staff/admin/municipalities/{municipality}/edit"),
]
ALL_ROUTES = ORGANISER_ROUTES + ADMIN_ROUTES


@pytest.fixture
def world(db, make_municipality, make_topic, make_host, make_user):
    """Two municipalities, each with a topic, a host and a submitted report with one line."""
    ids = {}
    for key, slug, name in (("a", "salangen", "Salangen kommune"), ("b", "lavangen", "Lavangen kommune")):
        municipality = make_municipality(slug, name)
        topic = make_topic(municipality)
        host, _token = make_host(topic, email=f"vert@{slug}.example")
        report = Report(host_id=host.id, topic_id=topic.id, status=ReportStatus.SUBMITTED,
                        held_on=date.today(), participants=5)
        report.suggestions = [Suggestion(question_id=topic.questions[0].id, position=1, text="Mer lys")]
        db.add(report)
        db.commit()
        ids[key] = {"municipality": municipality.id, "topic": topic.id, "question": topic.questions[0].id,
                    "host": host.id, "line": report.suggestions[0].id,
                    "user": make_user("organiser", municipality, email=f"org@{slug}.example").id}
    return ids


def request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


def as_user(db, login, user_id: int | None, make_user, role: str, municipality_id: int | None):
    from gjestebud.models import Municipality, User

    user = db.get(User, user_id) if user_id else make_user(
        role, db.get(Municipality, municipality_id) if municipality_id else None)
    login(user)
    return user


@pytest.mark.parametrize("method, route", ALL_ROUTES)
def test_anonymous_is_sent_to_log_in(client, world, method, route):
    response = request(client, method, route.format(**world["a"]))
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("method, route", ALL_ROUTES)
def test_planner_is_refused(client, db, login, make_user, world, method, route):
    as_user(db, login, None, make_user, "planner", world["a"]["municipality"])
    assert request(client, method, route.format(**world["a"])).status_code == 403


@pytest.mark.parametrize("method, route", ADMIN_ROUTES)
def test_organiser_is_refused_admin_pages(client, db, login, make_user, world, method, route):
    as_user(db, login, world["a"]["user"], make_user, "organiser", None)
    assert request(client, method, route.format(**world["a"])).status_code == 403


@pytest.mark.parametrize("method, route", TOPIC_ROUTES)
def test_organiser_gets_404_for_another_municipalitys_topic(client, db, login, make_user, world, method,
                                                            route):
    as_user(db, login, world["a"]["user"], make_user, "organiser", None)
    assert request(client, method, route.format(**world["b"])).status_code == 404


@pytest.mark.parametrize("method, route", TOPIC_ROUTES)
def test_organiser_reaches_own_topic(client, db, login, make_user, world, method, route):
    as_user(db, login, world["a"]["user"], make_user, "organiser", None)
    assert request(client, method, route.format(**world["a"])).status_code in ((200,) if method == "GET"
                                                                               else (200, 302))


@pytest.mark.parametrize("method, route", ALL_ROUTES)
def test_admin_reaches_everything(client, db, login, make_user, world, method, route):
    as_user(db, login, None, make_user, "admin", None)
    expected = (200,) if method == "GET" else (200, 302)
    response = request(client, method, route.format(**world["b"]))
    assert response.status_code in expected
    assert '="None"' not in response.get_data(as_text=True)  # no attribute rendered from a missing value


def test_organiser_of_a_cannot_see_topics_of_b(client, db, login, make_user, world):
    as_user(db, login, world["a"]["user"], make_user, "organiser", None)
    assert client.get(f"/staff/topics/{world['b']['topic']}/").status_code == 404
    assert client.get(f"/staff/topics/{world['a']['topic']}/").status_code == 200
    # B's hosts and lines stay invisible even when reached through A's own topic.
    own_topic = world["a"]["topic"]
    assert client.get(f"/staff/topics/{own_topic}/hosts/{world['b']['host']}/report").status_code == 404
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert dashboard.count("Utvikling av Sjøvegan sentrum") == 1
    assert "vert@lavangen.example" not in client.get(f"/staff/topics/{own_topic}/").get_data(as_text=True)
