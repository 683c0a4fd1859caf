"""The organiser's "Send reminders now" button: queues one reminder per host who has not reported, never a
second one, and says so; when reporting is closed it sends nothing."""

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from gjestebud.models import Report, ReportStatus, Role, TopicStatus
from tests.conftest import PASSWORD


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality, report_deadline=date.today() + timedelta(days=30))


@pytest.fixture
def kit_host(make_host, db):
    """A confirmed host who was sent the kit, so holds a personal link to be reminded of."""

    def make(topic, **kwargs):
        host, token = make_host(topic, **kwargs)
        host.kit_sent_at = host.confirmed_at
        db.commit()
        return host

    return make


@pytest.fixture
def organiser(login, make_user, municipality):
    login(make_user(Role.ORGANISER, municipality=municipality))


def press(client, topic):
    return client.post(f"/staff/topics/{topic.id}/reminders", follow_redirects=True)


def reminders_in(outbox):
    return [mail.recipient for mail in outbox() if mail.kind == "reminder"]


def test_topic_page_has_the_button_behind_a_confirmation(client, organiser, topic, kit_host, outbox):
    kit_host(topic)
    html = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert f'href="/staff/topics/{topic.id}/reminders"' in html and "Send reminders now" in html
    confirm = client.get(f"/staff/topics/{topic.id}/reminders").get_data(as_text=True)
    assert "Send reminders now?" in confirm and f'action="/staff/topics/{topic.id}/reminders"' in confirm
    assert reminders_in(outbox) == [], "asking is not sending"


def test_button_reminds_hosts_without_report_once_and_never_twice(client, db, organiser, topic, kit_host,
                                                                  outbox):
    kit_host(topic, email="kari@example.org")
    kit_host(topic, email="ola@example.org")
    reported = kit_host(topic, email="per@example.org")
    db.add(Report(host_id=reported.id, topic_id=topic.id, status=ReportStatus.SUBMITTED, participants=5,
                  submitted_at=datetime.now(timezone.utc)))
    db.commit()
    first = press(client, topic)
    assert first.request.path == f"/staff/topics/{topic.id}/"
    assert "2 reminders were queued." in first.get_data(as_text=True)
    assert sorted(reminders_in(outbox)) == ["kari@example.org", "ola@example.org"]
    second = press(client, topic)
    assert "0 reminders were queued." in second.get_data(as_text=True)
    assert len(reminders_in(outbox)) == 2


def test_a_host_who_signed_up_later_is_reminded_alone(client, organiser, topic, kit_host, outbox):
    kit_host(topic, email="kari@example.org")
    press(client, topic)
    kit_host(topic, email="ola@example.org")
    assert "1 reminder was queued." in press(client, topic).get_data(as_text=True)
    assert reminders_in(outbox) == ["kari@example.org", "ola@example.org"]


@pytest.mark.parametrize("closing", ["deadline_passed", "topic_closed"])
def test_closed_reporting_sends_nothing_and_says_why(client, db, organiser, topic, kit_host, outbox, closing):
    kit_host(topic)
    if closing == "deadline_passed":
        topic.report_deadline = date.today() - timedelta(days=2)
    else:
        topic.status = TopicStatus.CLOSED
    db.commit()
    html = press(client, topic).get_data(as_text=True)
    assert "Reporting is closed for this topic, so no reminders were sent." in html
    assert reminders_in(outbox) == []


@pytest.mark.parametrize("role, own, status", [
    (Role.PLANNER, True, 403), (Role.ORGANISER, False, 404), (None, True, 302),
])
def test_only_the_topics_organisers_may_press_it(client, login, make_user, make_municipality, municipality,
                                                 topic, kit_host, outbox, role, own, status):
    kit_host(topic)
    if role is not None:
        login(make_user(role,
                        municipality=municipality if own else make_municipality("lavangen", "Lavangen")))
    assert client.post(f"/staff/topics/{topic.id}/reminders").status_code == status
    assert reminders_in(outbox) == []


class TestWithCsrf:
    """As in production: only the button on the topic page, with its token, sends."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    @staticmethod
    def token_on(client, url):
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                         client.get(url).get_data(as_text=True)).group(1)

    def test_only_a_post_with_the_pages_token_sends(self, client, make_user, municipality, topic, kit_host,
                                                    outbox):
        user = make_user(Role.ORGANISER, municipality=municipality)
        client.post("/staff/login", data={"email": user.email, "password": PASSWORD,
                                          "csrf_token": self.token_on(client, "/staff/login")})
        kit_host(topic)
        client.post(f"/staff/topics/{topic.id}/reminders")
        assert reminders_in(outbox) == []
        token = self.token_on(client, f"/staff/topics/{topic.id}/reminders")
        client.post(f"/staff/topics/{topic.id}/reminders", data={"csrf_token": token})
        assert len(reminders_in(outbox)) == 1
