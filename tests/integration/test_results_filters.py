"""The results page for a resident: filters, search, a group's own measures, paging, quotes, themes, the
cache, the Atom feed, and the follow-up timeline in the page, the open data and the digest."""

import csv
import io
import json
import re
from datetime import date

import pytest

from gjestebud.models import MeasureStatus, QuestionKind
from gjestebud.services import follow_up, results, results_page
from gjestebud.services import measures as measure_service
from gjestebud.services.suggestions import Line

from .test_results_publish import build_round

PAGE = "/salangen/sjovegan-sentrum/results"


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


@pytest.fixture
def published(db, round_, planner):
    results.publish_results(db, round_.topic, planner)
    return round_


def measure_titles(page):
    """The measure headings of the list, in order (themes and the summary left out)."""
    listed = page[page.index('id="measures-heading"'):]
    listed = listed[:listed.index('id="open-data-heading"')]
    return re.findall(r'<li class="results-measure" id="measure-\d+">\s*<h3 lang="nb">(.*?)</h3>', listed)


@pytest.mark.parametrize("query, expected", [
    ("", ["Bedre lys", "Flere benker ved havna", "Kafé i sentrum", "Sykkelparkering"]),
    ("?status=rejected", ["Sykkelparkering"]),
    ("?question=2", ["Bedre lys"]),
    ("?q=KAFÉ", ["Kafé i sentrum"]),
    ("?q=fylket", ["Sykkelparkering"]),  # in the answer only
    ("?q=%C3%A5pningstid", ["Kafé i sentrum"]),  # in a group's line only
    ("?q=benker+havna", ["Flere benker ved havna"]),  # every word must match
    ("?q=ingenting+slikt", []),
    ("?status=adopted&q=lys", []),
    ("?status=bogus&question=99&area=Mars&kind=x&page=abc&group=x", [
        "Bedre lys", "Flere benker ved havna", "Kafé i sentrum", "Sykkelparkering"]),
])
def test_filters_and_search_are_plain_get_parameters(client, published, query, expected):
    response = client.get(PAGE + query)
    assert response.status_code == 200
    assert measure_titles(response.get_data(as_text=True)) == expected


def test_filter_choices_carry_counts_under_the_other_filters(client, published):
    page = client.get(PAGE + "?question=3").get_data(as_text=True)
    assert re.search(r'<option value="rejected">Rejected \(1\)</option>', page)
    assert re.search(r'<option value="new">New \(1\)</option>', page)
    assert 'value="adopted"' not in page  # no adopted measure under question 3
    assert re.search(r'<option value="3" selected>3\. Hva bør kommunen gjøre først\? \(2\)</option>', page)
    assert re.search(r'<option value="1">1\. Hva er bra med sentrum i dag\? \(1\)</option>', page)


def test_the_group_link_shows_that_groups_measures_with_its_own_lines_marked_and_no_host_data(
        client, published):
    page = client.get(PAGE + "?group=2").get_data(as_text=True)  # Ola's group
    assert measure_titles(page) == ["Bedre lys", "Flere benker ved havna", "Kafé i sentrum"]
    own = re.findall(r'<li class="results-own-line"><span lang="nn">(.*?)</span>', page)
    assert set(own) == {"Benker langs havna", "Lys langs gangveien", "Kafé i sentrum"}
    assert "Showing the measures with suggestions from Gjestebud 2" in page
    for private in ("Ola Hansen", "ola@example.org", "Laksvatn"):
        assert private not in page
    # An unknown group is an empty list, exactly like a group without measures: nothing to learn by guessing.
    assert measure_titles(client.get(PAGE + "?group=99").get_data(as_text=True)) == []


def test_the_list_is_paged_and_the_full_list_is_one_printable_page(client, published, monkeypatch):
    monkeypatch.setattr(results_page, "PAGE_SIZE", 3)
    first = client.get(PAGE).get_data(as_text=True)
    assert measure_titles(first) == ["Bedre lys", "Flere benker ved havna", "Kafé i sentrum"]
    assert "Page 1 of 2" in first and 'rel="next"' in first and "page=2" in first
    second = client.get(PAGE + "?page=2").get_data(as_text=True)
    assert measure_titles(second) == ["Sykkelparkering"] and 'rel="prev"' in second
    assert measure_titles(client.get(PAGE + "?page=9").get_data(as_text=True)) == ["Sykkelparkering"]
    full = client.get(PAGE + "?all=1").get_data(as_text=True)
    assert len(measure_titles(full)) == 4 and "<details>" not in full and "Page 1 of" not in full


def test_quotes_are_central_lines_from_different_groups():
    def line(number, text, gathering):
        return Line(number, text, 1, gathering, None, 4, "nb")

    lines = [line(1, "Lys i parken om kvelden", 1), line(2, "Mer lys i parken", 1),
             line(3, "Lys i parken, og benker", 2), line(4, "Noe helt annet om buss", 3),
             line(5, "Parken trenger lys", 4)]
    quotes = results_page.representative(lines, 3)
    assert len({q.gathering for q in quotes}) == 3
    assert lines[3] not in quotes  # the odd one out is folded, not quoted
    assert results_page.representative(lines[:2], 3) == [lines[1], lines[0]] or len(
        results_page.representative(lines[:2], 3)) == 2


def test_strengths_and_contributions_are_ranked_themes_without_status_or_answer(client, db, round_, planner):
    round_.topic.questions[0].kind = QuestionKind.STRENGTHS
    db.commit()
    results.publish_results(db, round_.topic, planner)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Flere benker ved havna" not in measure_titles(page)
    themes = page[page.index('id="theme-strengths"'):page.index('id="open-data-heading"')]
    assert "What you value" in themes and "Flere benker ved havna" in themes
    assert "Mentioned by 2 gatherings" in themes
    assert "Status:" not in themes and "Vi setter ut" not in themes
    data = client.get(PAGE + ".json").get_json()
    benches = next(m for m in data["measures"] if m["title"] == "Flere benker ved havna")
    assert benches["kind"] == "strengths" and benches["milestones"] == []
    assert benches["status"] is None and benches["answer"] is None
    text = client.get(PAGE + ".csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    [row] = [r for r in rows if r["text"] == "Flere benker ved havna"]
    assert row["question_kind"] == "strengths" and row["status"] == row["answer"] == ""


def test_the_page_is_built_once_per_publication_and_rebuilt_after_a_change(client, db, published, planner,
                                                                            monkeypatch):
    built = []
    real = results_page.build_state
    monkeypatch.setattr(results_page, "build_state",
                        lambda session, topic: built.append(1) or real(session, topic))
    client.get(PAGE)
    client.get(PAGE + "?status=adopted")
    client.get(PAGE)
    assert len(built) == 1
    measure_service.set_decision(db, published.topic, published.measures["cafe"], MeasureStatus.ADOPTED,
                                 "Kafeen åpner i **mai**.", planner)
    page = client.get(PAGE).get_data(as_text=True)
    assert len(built) == 2 and "Kafeen åpner i <strong>mai</strong>." in page


def test_a_timeline_shows_on_the_page_in_the_open_data_and_the_feed(client, db, published, planner):
    cafe = published.measures["cafe"]
    follow_up.add_milestone(db, published.topic, cafe, on=date(2027, 3, 1), text="Anbud sendt ut", percent=40,
                            unit="Teknisk drift", actor=planner)
    page = client.get(PAGE + "?q=kaf").get_data(as_text=True)
    assert '<time datetime="2027-03-01">' in page and "Anbud sendt ut" in page
    assert "40 % done" in page and "Responsible: Teknisk drift" in page
    data = client.get(PAGE + ".json").get_json()
    entry = next(m for m in data["measures"] if m["title"] == "Kafé i sentrum")
    assert entry["milestones"] == [{"date": "2027-03-01", "text": "Anbud sendt ut", "percent": 40,
                                    "unit": "Teknisk drift"}]
    csv_text = client.get(PAGE + ".csv").get_data(as_text=True)
    assert "2027-03-01: Anbud sendt ut (40 %; Teknisk drift)" in csv_text
    feed = client.get(PAGE + ".atom")
    assert feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "<title>Kafé i sentrum: Anbud sendt ut</title>" in body and "<feed" in body


def test_the_feed_is_404_until_published(client, round_):
    assert client.get(PAGE + ".atom").status_code == 404


def test_a_milestone_needs_text_and_a_sane_percentage(db, published, planner):
    for text, percent in (("", 10), ("Ferdig", 120), ("Ferdig", -1)):
        with pytest.raises(follow_up.MilestoneError):
            follow_up.add_milestone(db, published.topic, published.measures["cafe"], on=date(2027, 1, 1),
                                    text=text, percent=percent, unit="", actor=planner)


def test_the_digest_says_exactly_what_changed_since_the_hosts_were_told(db, published, planner, outbox):
    benches = published.measures["benches"]
    measure_service.set_decision(db, published.topic, benches, MeasureStatus.PARTLY_ADOPTED,
                                 "Bare ved havna i år.", planner)
    follow_up.add_milestone(db, published.topic, benches, on=date(2027, 4, 2), text="Benkene er bestilt",
                            percent=50, unit="", actor=planner)
    results.send_digests(db)
    kari = next(m for m in outbox() if m.kind == "digest" and m.recipient == "kari@example.org")
    assert "Status: Partly adopted" in kari.body and "(changed from: Adopted)" in kari.body
    assert "The municipality's new answer:" in kari.body and "Bare ved havna i år." in kari.body
    assert "Benkene er bestilt (50 % done)" in kari.body
    assert "?group=1#measures-heading" in kari.body
    # The next change is measured against what this digest said.
    follow_up.add_milestone(db, published.topic, benches, on=date(2027, 5, 2), text="Benkene står ute",
                            percent=100, unit="", actor=planner)
    results.send_digests(db)
    later = [m for m in outbox() if m.kind == "digest" and m.recipient == "kari@example.org"][-1]
    assert "Benkene står ute" in later.body and "Benkene er bestilt" not in later.body
    assert "changed from" not in later.body and "new answer" not in later.body


def test_the_results_mail_links_to_the_group_and_counts_what_is_decided(db, round_, planner, outbox):
    results.publish_results(db, round_.topic, planner)
    kari = next(m for m in outbox() if m.recipient == "kari@example.org")
    assert f"{PAGE}?group=1#measures-heading" in kari.body
    # Benches adopted, bikes rejected, light under review.
    text = " ".join(kari.body.split())
    assert "part of 3 measures. 2 have a decision, 1 is still being considered." in text
    assert "has gone through the suggestions from every gathering" not in kari.body
    assert json.dumps(kari.body)  # plain text


def test_themes_fold_after_a_few_per_kind_with_a_link_to_all(client, db, round_, planner, monkeypatch):
    for question in round_.topic.questions:
        question.kind = QuestionKind.CONTRIBUTIONS
    db.commit()
    results.publish_results(db, round_.topic, planner)
    monkeypatch.setattr(results_page, "THEMES_SHOWN", 2)
    page = client.get(PAGE).get_data(as_text=True)
    themes = page[page.index('id="theme-contributions"'):page.index('id="open-data-heading"')]
    assert themes.count("<h3") == 2 and "Show all 4 themes" in themes and "kind=contributions" in themes
    everything = client.get(PAGE + "?kind=contributions").get_data(as_text=True)
    assert everything[everything.index('id="theme-contributions"'):].count("<h3") == 4
