"""The "lost your link?" form is throttled per address, so it cannot be used to flood hosts or probe."""

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_LOST_LINK": "2 per hour"}


def test_too_many_lost_link_requests_from_one_address_get_429(client, municipality, make_topic):
    make_topic(municipality)
    url = "/salangen/sjovegan-sentrum/mistet-lenken"
    codes = [client.post(url, data={"email": f"x{n}@example.org"}).status_code for n in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/salangen/sjovegan-sentrum/").status_code == 200, "reading the page is not limited"
