"""With CSRF protection on (as in production), a form posted from elsewhere changes nothing."""

import pytest
from sqlalchemy import select

from gjestebud.models import Host


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_signup_without_a_csrf_token_is_refused_and_stores_nothing(client, db, municipality, make_topic,
                                                                   outbox):
    make_topic(municipality)
    response = client.post("/salangen/sjovegan-sentrum/bli-vert", data={
        "name": "Kari", "email": "kari@example.org", "area": "Sjøvegan", "expected_guests": "5",
        "language": "nb", "consent": "y"})
    assert response.status_code == 400
    assert db.scalars(select(Host)).all() == [] and outbox() == []


@pytest.mark.parametrize("page", ["bekreft", "trekk", "slett"])
def test_host_actions_without_a_csrf_token_change_nothing(client, db, municipality, make_topic, make_host,
                                                          page):
    host, token = make_host(make_topic(municipality), confirmed=False)
    assert client.post(f"/vert/{token}/{page}").status_code == 400
    db.refresh(host)
    assert (host.confirmed_at, host.withdrawn_at, host.erased_at) == (None, None, None)


def test_signup_form_carries_a_csrf_token(client, municipality, make_topic):
    make_topic(municipality)
    assert 'name="csrf_token"' in client.get("/salangen/sjovegan-sentrum/bli-vert").get_data(as_text=True)
