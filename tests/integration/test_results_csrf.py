"""With CSRF protection on (as in production), publishing, unpublishing and saving "what happens next" only
work from the publishing page itself."""

import re

import pytest

from tests.conftest import PASSWORD

from .test_results_publish import build_round

TOKEN_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def token_on(client, url):
    match = TOKEN_RE.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def as_planner(client, make_user, municipality):
    planner = make_user("planner", municipality)
    response = client.post("/staff/login", data={"email": planner.email, "password": PASSWORD,
                                                 "csrf_token": token_on(client, "/staff/login")})
    assert response.status_code == 302
    return planner


@pytest.fixture
def client(client):
    """Pages in English, the source messages, whichever catalogues are compiled."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


@pytest.mark.parametrize("action", ["now", "unpublish", "next-steps"])
def test_posts_without_a_token_change_nothing(client, db, round_, as_planner, outbox, action):
    url = f"/staff/planner/topics/{round_.topic.id}/publish/{action}"
    response = client.post(url, data={"next_steps_md": "Endret uten skjema"})
    assert response.status_code == 400
    db.expire_all()
    assert round_.topic.results_published_at is None and round_.topic.next_steps_md == "" and outbox() == []


def test_the_publish_button_carries_its_token(client, db, round_, as_planner, outbox):
    page = f"/staff/planner/topics/{round_.topic.id}/publish"
    response = client.post(page + "/now", data={"csrf_token": token_on(client, page), "confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    assert round_.topic.results_published_at is not None and len(outbox()) == 2
