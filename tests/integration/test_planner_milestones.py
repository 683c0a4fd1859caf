"""Planners keep a measure's progress timeline: add with clear errors, remove, only in their municipality."""

from datetime import date

import pytest

from gjestebud.models import MeasureMilestone

from .test_results_publish import build_round


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


def url(round_, measure="benches", tail=""):
    return f"/staff/planner/topics/{round_.topic.id}/measures/{round_.measures[measure].id}/progress{tail}"


def test_a_planner_adds_and_removes_a_milestone(client, db, login, make_user, municipality, round_):
    login(make_user("planner", municipality))
    response = client.post(url(round_), data={"on": "2027-03-01", "text": "Anbud sendt ut", "percent": "40",
                                              "unit": "Teknisk drift"})
    assert response.status_code == 302
    db.expire_all()
    [milestone] = round_.measures["benches"].milestones
    assert (milestone.on, milestone.text, milestone.percent, milestone.unit) == (
        date(2027, 3, 1), "Anbud sendt ut", 40, "Teknisk drift")
    page = client.get(url(round_)).get_data(as_text=True)
    assert "Anbud sendt ut" in page and "40 % done" in page
    assert client.post(url(round_, tail=f"/{milestone.id}/delete")).status_code == 302
    db.expire_all()
    assert db.query(MeasureMilestone).count() == 0


@pytest.mark.parametrize("data, message", [
    ({"on": "", "text": "Ferdig"}, "Enter the date, like 2027-03-01."),
    ({"on": "2027-03-01", "text": ""}, "Write what happened"),
    ({"on": "2027-03-01", "text": "Ferdig", "percent": "140"}, "Enter a number from 0 to 100."),
])
def test_bad_input_is_explained_and_keeps_what_was_typed(client, db, login, make_user, municipality, round_,
                                                         data, message):
    login(make_user("planner", municipality))
    response = client.post(url(round_), data={"unit": "Kulturkontoret", **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'value="Kulturkontoret"' in page
    assert db.query(MeasureMilestone).count() == 0


def test_another_municipalitys_staff_get_404(client, db, login, make_user, make_municipality, round_):
    login(make_user("organiser", make_municipality("lavangen", "Lavangen kommune")))
    assert client.get(url(round_)).status_code == 404
    assert client.post(url(round_), data={"on": "2027-03-01", "text": "Hacked"}).status_code == 404
    assert db.query(MeasureMilestone).count() == 0
