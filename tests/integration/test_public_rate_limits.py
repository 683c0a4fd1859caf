"""Throttling: sign-ups per address, and look-ups of personal links (against guessing)."""

import pytest
from sqlalchemy import func, select

from gjestebud.models import Host


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_SIGNUP": "2 per minute",
            "RATELIMIT_TOKEN_LOOKUP": "3 per minute"}


def test_too_many_signups_from_one_address_get_429(client, db, municipality, make_topic):
    make_topic(municipality)
    url = "/salangen/sjovegan-sentrum/bli-vert"
    data = {"name": "Kari", "area": "Sjøvegan", "expected_guests": "5", "language": "nb", "consent": "y"}
    codes = [client.post(url, data={**data, "email": f"kari{n}@example.org"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert db.scalar(select(func.count()).select_from(Host)) == 2
    assert client.get(url).status_code == 200, "reading the form is not limited"


def test_guessing_personal_links_is_throttled(client, municipality, make_topic, make_host):
    _host, token = make_host(make_topic(municipality))
    codes = [client.get(f"/vert/guess{n:020d}/").status_code for n in range(3)]
    assert codes == [404, 404, 404]
    assert client.get(f"/vert/{token}/").status_code == 429
