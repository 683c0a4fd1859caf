"""With CSRF protection on (as in production), staff button-only POSTs from elsewhere change nothing, while
the forms on the staff pages carry a token that works."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from gjestebud.models import Host, OutboxMail, Question, Report, ReportStatus, Suggestion, User
from tests.conftest import PASSWORD

TOKEN_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def token_on(client, url: str) -> str:
    match = TOKEN_RE.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture
def log_in(client):
    def do(user: User) -> None:
        token = token_on(client, "/staff/login")
        response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 302

    return do


@pytest.fixture
def topic_with_line(db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, _token = make_host(topic)
    report = Report(host_id=host.id, topic_id=topic.id, status=ReportStatus.SUBMITTED, held_on=date.today(),
                    participants=5)
    report.suggestions = [Suggestion(question_id=topic.questions[0].id, position=1,
                                     text="Ring Per på 99999999")]
    db.add(report)
    db.commit()
    return topic, host, report.suggestions[0]


def test_staff_posts_without_a_token_change_nothing(client, db, log_in, make_user, municipality,
                                                    topic_with_line, outbox):
    topic, host, line = topic_with_line
    log_in(make_user("organiser", municipality))
    for url, data in [
        (f"/staff/topics/{topic.id}/lines/{line.id}/hide", {"reason": "personal_data"}),
        (f"/staff/topics/{topic.id}/hosts/{host.id}/resend-kit", {}),
        (f"/staff/topics/{topic.id}/hosts/new", {"area": "Sjøvegan"}),
        (f"/staff/topics/{topic.id}/edit", {"title": "Kapret", "slug": "kapret", "status": "open"}),
    ]:
        assert client.post(url, data=data).status_code == 400, url
    db.expire_all()
    assert db.get(Suggestion, line.id).hidden is False
    assert outbox() == []
    assert topic.title == "Utvikling av Sjøvegan sentrum"
    assert len(db.scalars(select(Host)).all()) == 1  # no paper host registered


def test_buttons_on_the_pages_carry_a_working_token(client, db, log_in, make_user, municipality, make_topic):
    topic = make_topic(municipality)
    log_in(make_user("organiser", municipality))
    token = token_on(client, f"/staff/topics/{topic.id}/questions")
    first = topic.questions[0]
    response = client.post(f"/staff/topics/{topic.id}/questions/{first.id}/remove",
                           data={"csrf_token": token})
    assert response.status_code == 302
    assert db.scalar(select(Question).where(Question.id == first.id)) is None


def test_admin_posts_without_a_token_change_nothing(client, db, log_in, make_user, municipality):
    target = make_user("planner", municipality)
    log_in(make_user("admin"))
    assert client.post(f"/staff/admin/users/{target.id}/deactivate").status_code == 400
    assert client.post("/staff/outbox/send").status_code == 400
    db.expire_all()
    assert db.get(User, target.id).active is True
    assert db.scalar(select(OutboxMail)) is None
