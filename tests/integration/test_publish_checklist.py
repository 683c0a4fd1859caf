"""The checklist before publishing: what blocks, what only warns, and the explicit confirmation."""

import pytest
from sqlalchemy import select

from gjestebud.models import MeasureStatus, Suggestion
from gjestebud.services import personal_data, results
from gjestebud.services.publish_checklist import checklist

from .test_results_publish import build_round, publish_url


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    """A round whose titles the planner has confirmed, so each test names the one thing it leaves open."""
    built = build_round(db, municipality, make_topic, make_host)
    for measure in built.measures.values():
        measure.title_confirmed = True
    db.commit()
    return built


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


def proposals(db, topic):
    return [m.measure for m in results.topic_results(db, topic).proposals()]


def test_the_checklist_warns_of_an_open_topic_new_measures_and_personal_data(db, round_):
    line = db.scalars(select(Suggestion).where(Suggestion.text == "Sykkelparkering")).one()
    line.text = "Sykkelparkering, spør Ola på ola@example.org"
    db.commit()
    checks = checklist(db, round_.topic, proposals(db, round_.topic))
    assert {item.code for item in checks.warnings} == {"topic_open", "measures_new", "personal_data"}
    assert checks.blocking == []
    [new] = [item for item in checks.items if item.code == "measures_new"]
    assert [m.title for m in new.measures] == ["Kafé i sentrum"]
    [flagged] = [item for item in checks.items if item.code == "personal_data"]
    assert [s.id for s in flagged.lines] == [line.id]
    # The hidden phone-number line is not flagged again: it is not going out.
    assert all("912" not in s.text for s in flagged.lines)


@pytest.mark.parametrize("status", [MeasureStatus.REJECTED, MeasureStatus.PARTLY_ADOPTED,
                                    MeasureStatus.OUT_OF_SCOPE])
def test_a_refusal_without_an_answer_blocks_publishing(db, round_, planner, outbox, status):
    bikes = round_.measures["bikes"]
    bikes.status, bikes.answer_md = status, "  "
    db.commit()
    checks = checklist(db, round_.topic, proposals(db, round_.topic))
    assert [item.code for item in checks.blocking] == ["answer_missing"]
    assert checks.blocking[0].measures == [bikes]
    with pytest.raises(results.ResultsError):
        results.publish_results(db, round_.topic, planner)
    assert round_.topic.results_published_at is None and outbox() == []


def test_an_adopted_or_reviewed_measure_needs_no_answer_to_publish(db, round_):
    round_.measures["cafe"].status = MeasureStatus.UNDER_REVIEW
    db.commit()
    assert checklist(db, round_.topic, proposals(db, round_.topic)).blocking == []


def test_titles_nobody_confirmed_are_listed(db, round_):
    light = round_.measures["light"]
    light.title_confirmed = False  # a proposed title the planner has not confirmed
    checks = checklist(db, round_.topic, proposals(db, round_.topic))
    [item] = [item for item in checks.items if item.code == "titles_unconfirmed"]
    assert item.measures == [light]


def test_the_page_shows_the_checklist_and_publishing_needs_the_box_ticked(client, db, login, planner, round_,
                                                                          outbox):
    login(planner)
    page = client.get(publish_url(round_.topic)).get_data(as_text=True)
    assert 'id="check-topic_open"' in page and 'id="check-measures_new"' in page
    assert "Kafé i sentrum" in page and 'name="confirm"' in page
    response = client.post(publish_url(round_.topic, "now"))
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.get_data(as_text=True)
    db.expire_all()
    assert round_.topic.results_published_at is None and outbox() == []
    response = client.post(publish_url(round_.topic, "now"), data={"confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    assert round_.topic.results_published_at is not None and len(outbox()) == 2


def test_the_page_offers_no_publish_button_while_something_blocks(client, db, login, planner, round_, outbox):
    round_.measures["bikes"].answer_md = ""
    db.commit()
    login(planner)
    page = client.get(publish_url(round_.topic)).get_data(as_text=True)
    assert 'id="check-answer_missing"' in page and "Must be fixed" in page and 'name="confirm"' not in page
    response = client.post(publish_url(round_.topic, "now"), data={"confirm": "y"})
    assert response.status_code == 400
    db.expire_all()
    assert round_.topic.results_published_at is None and outbox() == []


@pytest.mark.parametrize("text, flags", [
    ("Ring 912 34 567", ["phone"]), ("+47 91234567 etter kl 16", ["phone"]),
    ("skriv til a.b@c.no", ["email"]),
    ("Ballbinge med lys til kl 22", []), ("Budsjett 2027: 420 000 kroner", []),
])
def test_personal_data_flags(text, flags):
    assert personal_data.personal_data_flags(text) == flags
