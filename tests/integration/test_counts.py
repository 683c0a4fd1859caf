"""One definition of each count: the organiser's topic page, the dashboard, the planners' list, the results
page and open data agree after every step of a host's life, and a measure's support follows its lines."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gjestebud.models import Measure, MeasureLine
from gjestebud.services import dashboard, results
from gjestebud.services import hosts as host_service
from gjestebud.services.counts import TopicFigures, topic_figures
from gjestebud.services.measures import lines_changed
from gjestebud.services.reports import save_report

SIGNUP = "/salangen/sjovegan-sentrum/bli-vert"


@pytest.fixture
def organiser(make_user, municipality):
    return make_user("organiser", municipality)


def report(db, host, texts, participants=5):
    return save_report(db, host, held_on=date.today(), participants=participants, age_counts={},
                       lines={host.topic.questions[0].id: texts}, submit=True, actor="host")


def shown(client, login, organiser, topic) -> dict[str, int]:
    """Every count as each page shows it."""
    login(organiser)
    page = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    topic_page = {label: int(n) for n, label in re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</li>", page)}
    board = client.get(f"/staff/planner/topics/{topic.id}/dashboard").get_data(as_text=True)
    dash = {name: int(n) for name, n in re.findall(r'id="count-([a-z]+)">(\d+)<', board)}
    return {"topic page": topic_page, "dashboard": dash}


def assert_everywhere(client, db, login, organiser, topic, expected: TopicFigures) -> None:
    assert topic_figures(db, topic) == expected
    pages = shown(client, login, organiser, topic)
    assert pages["topic page"] == {"signed up": expected.signed_up, "confirmed": expected.confirmed,
                                   "reported": expected.reported, "participants": expected.participants,
                                   "suggestions": expected.lines}
    assert pages["dashboard"] == {"signups": expected.signed_up, "confirmed": expected.confirmed,
                                  "reports": expected.reported, "participants": expected.participants,
                                  "suggestions": expected.lines}
    over_time = dashboard.signups_over_time(db, topic)
    assert (over_time[-1][1] if over_time else 0) == expected.signed_up
    summary = results.open_data(results.topic_results(db, topic))["summary"]
    assert summary == {"gatherings": expected.reported, "participants": expected.participants,
                       "suggestions": expected.lines}


def test_every_count_agrees_after_each_step(client, db, login, organiser, municipality, make_topic, make_host,
                                            outbox):
    topic = make_topic(municipality)
    client.post(SIGNUP, data={"name": "Nina Nordmann", "email": "nina@example.org", "area": "Sjøvegan",
                              "planned_date": date.today().isoformat(), "expected_guests": "6",
                              "language": "nb", "consent": "y", "website": ""})
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(1, 0, 0, 0, 0))      # sign-up

    kari, token = make_host(topic, email="kari2@example.org")
    ola, ola_token = make_host(topic, email="ola@example.org")
    per, per_token = make_host(topic, email="per@example.org")
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(4, 3, 0, 0, 0))      # confirmations

    report(db, kari, ["Flere benker", "Mer lys"], participants=6)
    report(db, ola, ["Benker ved kaia"], participants=4)
    report(db, per, ["Kafé"], participants=8)
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(4, 3, 3, 18, 4))     # reports

    host_service.withdraw(db, per)
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(3, 2, 2, 10, 3))     # withdrawal

    host_service.erase(db, ola, remove_suggestions=True)
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(2, 1, 1, 6, 2))      # erasure

    host_service.erase(db, kari, remove_suggestions=False)  # leaves an anonymous record that still counts
    assert_everywhere(client, db, login, organiser, topic, TopicFigures(2, 1, 1, 6, 2))


def test_an_erased_hosts_lines_leave_the_support_of_a_measure(db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    kari, _ = make_host(topic, email="kari@example.org")
    ola, _ = make_host(topic, email="ola@example.org")
    kari_lines = report(db, kari, ["Flere benker", "Benker ved skolen", "Benker i parken"], participants=6)
    ola_lines = report(db, ola, ["Benker ved kaia"], participants=4)
    measure = Measure(topic_id=topic.id, key="m1", title="Benker ved kaia")
    db.add(measure)
    db.flush()
    for line in kari_lines.suggestions + ola_lines.suggestions:
        db.add(MeasureLine(suggestion_id=line.id, measure_id=measure.id))
    db.commit()
    lines_changed(db, topic, [line.id for line in ola_lines.suggestions], "test")
    db.commit()
    assert (measure.support_gatherings, measure.support_participants, measure.line_count) == (2, 10, 4)

    host_service.erase(db, kari, remove_suggestions=True)
    db.refresh(measure)
    assert (measure.support_gatherings, measure.support_participants, measure.line_count) == (1, 4, 1)
    public = results.topic_results(db, topic).measures
    assert [(m.gatherings, m.participants) for m in public] == [(1, 4)]
