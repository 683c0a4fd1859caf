"""The public results page and its open data: only once published (a marked preview for the municipality's
own staff before), never a hidden line, never a host's name or contact details."""

import csv
import io
import json
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from gjestebud.models import Report, Suggestion, TopicStatus
from gjestebud.services import results

from .test_results_publish import build_round

PAGE = "/salangen/sjovegan-sentrum/results"
PRIVATE = ("Kari Nordmann", "Ola Hansen", "Nils", "kari@example.org", "ola@example.org", "912 34 567",
           "Ring Kari", "Kontakt Kari", "Benker overalt", "Kafé som utkast")


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def client(client):
    """Pages in English, the source messages, whichever catalogues are compiled."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


@pytest.fixture
def published(db, round_, planner):
    round_.topic.next_steps_md = "Kommunestyret behandler listen i **mars**."
    injected = db.scalars(select(Suggestion).where(Suggestion.text == "Sykkelparkering")).one()
    injected.text = '=HYPERLINK("http://evil.example")'
    db.commit()
    results.publish_results(db, round_.topic, planner)
    return round_


# Who may see it ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PAGE, PAGE + ".json", PAGE + ".csv"])
def test_nothing_is_public_before_publishing(client, round_, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("role", ["planner", "organiser", "admin"])
def test_the_municipalitys_staff_see_a_marked_preview_before_publishing(client, login, make_user,
                                                                        municipality, round_, role):
    login(make_user(role, None if role == "admin" else municipality))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Preview — not published." in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", [PAGE, PAGE + ".json", PAGE + ".csv"])
def test_another_municipalitys_staff_get_404_before_publishing(client, login, make_user, make_municipality,
                                                               round_, path):
    login(make_user("organiser", make_municipality("lavangen", "Lavangen kommune")))
    assert client.get(path).status_code == 404


def test_published_results_are_public_without_the_preview_banner(client, published):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Preview" not in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [PAGE, PAGE + ".json", PAGE + ".csv"])
def test_unpublished_or_draft_topics_hide_their_results_again(client, db, published, planner, path):
    results.unpublish_results(db, published.topic, planner)
    assert client.get(path).status_code == 404
    published.topic.results_published_at = published.topic.created_at
    published.topic.status = TopicStatus.DRAFT
    db.commit()
    assert client.get(path).status_code == 404


# What the page says --------------------------------------------------------------------------------------


def test_the_page_summarises_and_lists_measures_most_supported_first_with_status_answer_and_the_groups_words(
        client, published):
    page = client.get(PAGE).get_data(as_text=True)
    # Kari, Ola and the erased host's anonymous report; 6 + 4 + 5 participants; 7 visible lines; 4 measures.
    summary = re.sub(r"\s+", " ", page[page.index('id="summary-heading"'):page.index('id="group-heading"')])
    assert "3 gatherings sent in suggestions. 15 participants, 7 suggestions, 4 measures." in summary
    assert re.findall(r"<strong>(\d+)</strong> ([\w ]+)</a>", summary) == [
        ("1", "Adopted"), ("1", "Under review"), ("1", "Rejected"), ("1", "New")]
    assert "Kommunestyret behandler listen i <strong>mars</strong>." in page
    headings = re.findall(r"<h([1-4])[^>]*>(.*?)</h\1>", page, re.S)
    levels = [int(level) for level, _ in headings]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    titles = [re.sub(r"<[^>]+>", "", text) for level, text in headings if level == "3"]
    assert titles == ["Most supported", "Bedre lys", "Flere benker ved havna", "Kafé i sentrum",
                      "Sykkelparkering"]
    assert "Status: <strong>Adopted</strong>" in page and "Status: <strong>Partly" not in page
    assert "Vi setter ut <strong>ti</strong> benker i vår." in page
    # Support counts visible lines of submitted reports only: not the withdrawn group, not the hidden line.
    benches = page[page.index('<h3 lang="nb">Flere benker'):page.index('<h3 lang="nb">Kafé')]
    assert "Proposed by 2 gatherings, 10 participants" in benches
    assert "Proposed by 2 gatherings, 9 participants" in page
    assert "Benker langs havna</span> <span class=\"muted\">– Gjestebud 2" in page
    assert '<span lang="nn">Lys langs gangveien</span>' in page


def test_the_page_never_shows_hidden_lines_or_who_the_hosts_are(client, published):
    page = client.get(PAGE).get_data(as_text=True)
    # Areas with fewer than three groups are not offered as a filter: it would point out single groups.
    for secret in PRIVATE + ("Sjøvegan</", "Laksvatn"):
        assert secret not in page
    assert "=HYPERLINK(" in page


def test_the_page_links_to_the_open_data_and_its_licence(client, published):
    page = client.get(PAGE).get_data(as_text=True)
    assert f'href="{PAGE}.json"' in page and f'href="{PAGE}.csv"' in page
    assert 'href="https://data.norge.no/nlod/no/2.0" rel="license"' in page


# Open data -----------------------------------------------------------------------------------------------


def test_the_json_holds_measures_and_anonymous_lines_under_nlod(client, published):
    response = client.get(PAGE + ".json")
    data = response.get_json()
    assert data["licence"] == {"name": "NLOD 2.0", "url": "https://data.norge.no/nlod/no/2.0"}
    assert 'rel="license"' in response.headers["Link"]
    assert data["summary"] == {"gatherings": 3, "participants": 15, "suggestions": 7}
    measures = {m["title"]: m for m in data["measures"]}
    assert set(measures) == {"Flere benker ved havna", "Bedre lys", "Kafé i sentrum", "Sykkelparkering"}
    benches = measures["Flere benker ved havna"]
    assert benches["status"] == "adopted" and benches["answer"].startswith("Vi setter ut **ti** benker")
    assert (benches["support_gatherings"], benches["support_participants"]) == (2, 10)
    assert benches["question"] == 1 and benches["questions"] == [1]
    lines = data["lines"]
    assert len(lines) == 7
    assert {"id", "measure_id", "question", "gathering", "area", "text"} == set(lines[0])
    cafe = [line for line in lines if line["measure_id"] == measures["Kafé i sentrum"]["id"]]
    assert sorted(line["gathering"] for line in cafe) == [2, 5]
    dumped = response.get_data(as_text=True)
    for secret in PRIVATE + ("phone", "email"):
        assert secret not in dumped


def test_the_csv_is_safe_from_formulas_and_names_its_licence(client, published):
    response = client.get(PAGE + ".csv")
    assert response.mimetype == "text/csv" and "https://data.norge.no/nlod/no/2.0" in response.headers["Link"]
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["line_id", "question", "gathering", "area", "text", "measure_id"]
    assert len(body) == 7
    by_text = {row[4]: dict(zip(header, row, strict=True)) for row in body}
    assert "'=HYPERLINK(\"http://evil.example\")" in by_text
    benches = by_text["Benker langs havna"]
    assert [benches[key] for key in ("gathering", "measure_title", "status", "support_gatherings")] == [
        "2", "Flere benker ved havna", "adopted", "2"]
    for secret in PRIVATE:
        assert secret not in text


def test_open_data_counts_people_only_in_sums_of_two_groups_and_five_participants(client, db, published):
    """Sjøvegan has two reporting groups (6 + 5 participants), Laksvatn one (4): Laksvatn's group is never
    described on its own, and every count below 5 is "<5"."""
    kari = db.scalars(select(Report).where(Report.host_id == published.kari.id)).one()
    kari.age_18_34, kari.age_35_66 = 4, 2
    nils = db.scalars(select(Report).where(Report.participants == 5)).one()
    nils.age_18_34, nils.age_67_plus = 3, 2
    ola = db.scalars(select(Report).where(Report.host_id == published.ola.id)).one()
    ola.age_under_18 = 4
    db.commit()
    data = client.get(PAGE + ".json").get_json()
    participation = data["participation"]
    assert participation["topic"] == {"gatherings": 3, "participants": 15, "age_bands": {
        "under_18": "<5", "18_34": 7, "35_66": "<5", "67_plus": "<5"}}
    assert participation["areas"] == [{"area": "Sjøvegan", "gatherings": 2, "participants": 11, "age_bands": {
        "under_18": "<5", "18_34": 7, "35_66": "<5", "67_plus": "<5"}}]
    areas = {line["gathering"]: line["area"] for line in data["lines"]}
    assert areas[published.kari.number] == "Sjøvegan" and areas[published.ola.number] is None
    text = client.get(PAGE + ".csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {row["area"] for row in rows if row["gathering"] == str(published.ola.number)} == {""}
    assert "Laksvatn" not in text and "Laksvatn" not in json.dumps(data)


def test_topic_page_links_to_the_results_once_published(client, db, municipality, make_topic):
    topic = make_topic(municipality)
    results_link = f'href="/{municipality.slug}/{topic.slug}/results"'
    assert results_link not in client.get(f"/{municipality.slug}/{topic.slug}/").get_data(as_text=True)
    topic.results_published_at = datetime.now(timezone.utc)
    db.commit()
    assert results_link in client.get(f"/{municipality.slug}/{topic.slug}/").get_data(as_text=True)
