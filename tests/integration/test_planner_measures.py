"""The planner's measures workspace: list, filters, paging, corrections through forms, history, access."""

import re

import pytest
from sqlalchemy import event, func, select

from gjestebud.models import (
    ConsolidationRun,
    Correction,
    Host,
    Measure,
    MeasureLine,
    MeasureStatus,
    Report,
    ReportStatus,
    Suggestion,
)
from gjestebud.services import measures as service

from ..conftest import PASSWORD
from .test_measures_service import line_id, measure_of, own_measure, submit_groups, texts_of


@pytest.fixture
def client(app):
    """Pages in English, the source messages, whichever catalogues are compiled."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality)


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def consolidated(db, topic, make_host, planner):
    submit_groups(db, topic, make_host)
    assert service.run_consolidation(db, topic, planner).status == "done"


@pytest.fixture
def as_planner(login, planner):
    login(planner)
    return planner


def page_of(client, url, **params):
    response = client.get(url, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def titles_in(page):
    return re.findall(r'<h2 class="measure-title"><a href="[^"]+">([^<]+)</a>', page)


@pytest.mark.parametrize("role, status", [("planner", 200), ("organiser", 200), ("admin", 200)])
def test_staff_of_the_municipality_see_the_measures(client, login, make_user, municipality, topic, role,
                                                    status):
    login(make_user(role, None if role == "admin" else municipality))
    assert client.get(f"/staff/planner/topics/{topic.id}/measures").status_code == status


ROUTES = [
    ("GET", "measures"),
    ("POST", "measures/consolidate"),
    ("POST", "measures/merge"),
    ("GET", "measures/{measure}"),
    ("POST", "measures/{measure}/lines"),
    ("POST", "measures/{measure}/rename"),
    ("POST", "measures/{measure}/decision"),
    ("GET", "corrections"),
    ("POST", "corrections/{correction}/undo"),
]


@pytest.fixture
def ids(db, topic, consolidated, planner):
    measure = db.scalars(select(Measure)).first()
    service.rename_measure(db, topic, measure, "Benker", planner)
    return {"topic": topic.id, "measure": measure.id, "correction": db.scalar(select(Correction.id))}


def call(client, method, route, ids):
    url = f"/staff/planner/topics/{ids['topic']}/" + route.format(**ids)
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"title": "Endret", "status": "adopted"})


@pytest.mark.parametrize("method, route", ROUTES)
def test_another_municipalitys_staff_get_404(client, db, login, make_user, make_municipality, ids, method,
                                             route):
    login(make_user("organiser", make_municipality("lavangen", "Lavangen kommune")))
    assert call(client, method, route, ids).status_code == 404
    assert db.get(Measure, ids["measure"]).title == "Benker"


@pytest.mark.parametrize("method, route", ROUTES)
def test_anonymous_visitors_are_sent_to_the_login(client, db, ids, method, route):
    response = call(client, method, route, ids)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert db.get(Measure, ids["measure"]).title == "Benker"


def test_a_measure_of_another_topic_is_not_found(client, db, as_planner, topic, consolidated, make_topic,
                                                 municipality):
    other_topic = make_topic(municipality, slug="havna", title="Havna")
    measure = db.scalars(select(Measure)).first()
    assert client.get(f"/staff/planner/topics/{other_topic.id}/measures/{measure.id}").status_code == 404


def test_first_consolidation_from_the_page(client, db, as_planner, topic, make_host):
    submit_groups(db, topic, make_host)
    page = page_of(client, f"/staff/planner/topics/{topic.id}/measures")
    assert "have not been consolidated" in page and "19 new lines since the last run" in page

    response = client.post(f"/staff/planner/topics/{topic.id}/measures/consolidate", follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "19 lines were consolidated into" in page
    assert "new lines since the last run" not in page
    assert "Re-consolidate" in page
    assert db.scalar(select(Measure.id)) is not None


def test_the_page_tells_when_lines_were_hidden_or_withdrawn_since_the_last_run(client, db, as_planner, topic,
                                                                              consolidated):
    url = f"/staff/planner/topics/{topic.id}/measures"
    assert "since the last run" not in page_of(client, url)
    report = db.scalar(select(Report).join(Suggestion).where(Suggestion.text == "Lekeplass ved skolen"))
    report.status = ReportStatus.WITHDRAWN
    db.commit()

    assert "3 lines were hidden or withdrawn since the last run." in page_of(client, url)
    preview = page_of(client, f"{url}/consolidate/preview")
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', preview).group(1)
    client.post(f"{url}/consolidate", data={"fingerprint": fingerprint})
    assert "since the last run" not in page_of(client, url)


def test_list_is_sorted_by_support_with_groups_lines_and_questions(client, db, as_planner, topic,
                                                                   consolidated):
    page = page_of(client, f"/staff/planner/topics/{topic.id}/measures")

    measures = db.scalars(select(Measure)).all()
    expected = sorted(measures, key=lambda m: (-m.support_gatherings, -m.support_participants,
                                               -m.line_count, m.id))
    assert titles_in(page) == [m.title for m in expected]
    top = expected[0]
    assert f"{top.support_gatherings} groups" in page and f"{top.support_participants} participants" in page
    assert "Hyppigere bussavganger til Sjøvegan" in page and "Gjestebud 1" in page
    assert "Question 3" in page
    assert "Kari Nordmann" not in page, "groups are numbers, never the host's name"


def test_filter_by_question_area_and_search(client, db, as_planner, topic, consolidated):
    url = f"/staff/planner/topics/{topic.id}/measures"
    third = topic.questions[2]
    by_question = titles_in(page_of(client, url, question=third.id))
    expected = {m.title for m in db.scalars(select(Measure).join(MeasureLine).join(
        Suggestion, Suggestion.id == MeasureLine.suggestion_id).where(Suggestion.question_id == third.id))}
    assert set(by_question) == expected and len(by_question) < len(db.scalars(select(Measure)).all())

    found = titles_in(page_of(client, url, q="lekeplass"))
    assert found == [measure_of(db, "Lekeplass ved skolen").title]
    assert titles_in(page_of(client, url, q="LEKEPLASS")) == found, "search ignores case"
    assert titles_in(page_of(client, url, q="100%_")) == []

    in_area = set(titles_in(page_of(client, url, area="Øvre Salangen")))
    expected = {m.title for m in db.scalars(select(Measure).join(MeasureLine).join(
        Suggestion, Suggestion.id == MeasureLine.suggestion_id).join(Report).join(Host).where(
        Host.area == "Øvre Salangen"))}
    assert in_area == expected and measure_of(db, "Belysning i parken").title in in_area
    assert measure_of(db, "Kafé for ungdom i sentrum").title not in in_area


def test_invalid_filters_show_an_error_and_never_fail(client, as_planner, topic, consolidated):
    url = f"/staff/planner/topics/{topic.id}/measures"
    page = page_of(client, url, question="not-a-number", area="Mars", page="x", q="a" * 300)
    assert 'id="question-error"' in page and 'id="area-error"' in page and 'id="q-error"' in page
    assert len(titles_in(page)) > 0, "invalid filters are ignored"
    last = page_of(client, url, page=9999)
    assert last.count('class="measure-title"') > 0, "past the end shows the last page"


def test_pagination_keeps_the_filters_and_loads_lines_in_a_few_queries(app, client, db, as_planner, topic):
    measures = [Measure(topic_id=topic.id, key=f"m-{n:03}", title=f"Tiltak {n:03}", support_gatherings=60 - n,
                        support_participants=5, line_count=0) for n in range(60)]
    db.add_all(measures)
    db.commit()
    url = f"/staff/planner/topics/{topic.id}/measures"
    first = page_of(client, url, q="Tiltak")
    assert titles_in(first)[:2] == ["Tiltak 000", "Tiltak 001"] and len(titles_in(first)) == 25
    assert "page 1 of 3" in first
    assert f'href="/staff/planner/topics/{topic.id}/measures?page=2&amp;q=Tiltak"' in first
    third = page_of(client, url, q="Tiltak", page=3)
    assert titles_in(third) == [f"Tiltak {n:03}" for n in range(50, 60)]

    statements = []
    engine = app.extensions["gjestebud.engine"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page_of(client, url, page=2)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) < 15, "no query per measure"


def test_merge_from_the_list(client, db, as_planner, topic, consolidated):
    evening = own_measure(db, topic, as_planner, "Mer lys i parken om kvelden")
    lighting = measure_of(db, "Bedre belysning i parken")
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/merge",
                           data={"measure_ids": [str(lighting.id), str(evening.id)]})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/measures/{lighting.id}")
    assert measure_of(db, "Mer lys i parken om kvelden").id == lighting.id
    assert db.scalars(select(Correction).order_by(Correction.id.desc())).first().kind == "merge"


@pytest.mark.parametrize("ids", [[], ["1"], ["abc", "2"]])
def test_merge_needs_two_measures(client, db, as_planner, topic, consolidated, ids):
    count = len(db.scalars(select(Measure)).all())
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/merge", data={"measure_ids": ids})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="#measure_ids"' in page
    assert len(db.scalars(select(Measure)).all()) == count


def test_merge_with_a_measure_of_another_topic_is_refused(client, db, as_planner, topic, consolidated,
                                                          make_topic, municipality):
    other = make_topic(municipality, slug="havna", title="Havna")
    foreign = Measure(topic_id=other.id, key="m-foreign", title="Annet tiltak")
    db.add(foreign)
    db.commit()
    mine = db.scalars(select(Measure).where(Measure.topic_id == topic.id)).first()
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/merge",
                           data={"measure_ids": [str(mine.id), str(foreign.id)]})
    assert response.status_code == 200 and "Choose at least two measures of this topic" in response.get_data(
        as_text=True)
    assert db.get(Measure, foreign.id) is not None


def test_measure_page_shows_lines_forms_and_similar_measures(client, db, as_planner, topic, consolidated):
    lighting = measure_of(db, "Bedre belysning i parken")
    page = page_of(client, f"/staff/planner/topics/{topic.id}/measures/{lighting.id}")
    assert f"<h1>{lighting.title}</h1>" in page
    line = line_id(db, "Bedre belysning i parken")
    assert f'<label for="line-{line}" lang="nb">Bedre belysning i parken' in page
    assert "<legend>Split the selected lines into a new measure</legend>" in page
    assert 'name="status"' in page and 'name="answer_md"' in page and 'name="title"' in page
    assert "<caption" in page
    assert "Similar measures" in page
    assert 'data-select-all="Select all lines"' in page and 'src="/static/planner.js"' in page


def test_split_move_and_hide_through_the_line_form(client, db, as_planner, topic, consolidated):
    benches = measure_of(db, "Flere benker langs havna")
    other = min(texts_of(db, benches) - {"Flere benker langs havna"})
    url = f"/staff/planner/topics/{topic.id}/measures/{benches.id}/lines"
    response = client.post(url, data={"line_ids": [str(line_id(db, other))], "new_title": "Benker i sentrum",
                                      "split": "x", "reason": "not_a_measure"})
    assert response.status_code == 302
    split = measure_of(db, other)
    split_id = split.id
    assert split_id != benches.id and split.title == "Benker i sentrum"

    lighting = measure_of(db, "Bedre belysning i parken")
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/{split_id}/lines",
                           data={"line_ids": [str(line_id(db, other))], "target": str(lighting.id),
                                 "move": "x", "reason": "not_a_measure"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/measures")
    assert measure_of(db, other).id == lighting.id
    assert db.get(Measure, split_id) is None, "an emptied measure without a decision goes"

    chat = measure_of(db, "Vi hadde en veldig hyggelig kveld")
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/{chat.id}/lines",
                           data={"line_ids": [str(line_id(db, "Vi hadde en veldig hyggelig kveld"))],
                                 "hide": "x", "reason": "not_a_measure"})
    assert response.status_code == 302
    hidden = db.get(Suggestion, line_id(db, "Vi hadde en veldig hyggelig kveld"))
    db.refresh(hidden)
    assert hidden.hidden and hidden.hidden_reason == "not_a_measure"
    kinds = [c.kind for c in db.scalars(select(Correction).order_by(Correction.id))]
    assert kinds == ["split", "move", "hide"]


@pytest.mark.parametrize("data, field, message", [
    ({"move": "x", "target": "5", "reason": "off_topic"}, "line_ids", "Select at least one line."),
    ({"move": "x", "line_ids": ["{line}"], "reason": "off_topic"}, "target",
     "Choose the measure to move the lines to."),
    ({"move": "x", "line_ids": ["{line}"], "target": "999999", "reason": "off_topic"}, "target",
     "There is no other measure with number 999999"),
    ({"move": "x", "line_ids": ["{line}"], "target": "tolv", "reason": "off_topic"}, "target",
     'id="target-error"'),
    ({"hide": "x", "line_ids": ["{line}"], "reason": "boring"}, "reason", 'id="reason-error"'),
    ({"split": "x", "line_ids": ["{line}"], "new_title": "x" * 301, "reason": "off_topic"}, "new_title",
     "300"),
    ({"line_ids": ["{line}"], "reason": "off_topic"}, "line_ids", "Choose what to do"),
])
def test_line_form_errors_are_linked_to_their_fields(client, db, as_planner, topic, consolidated, data, field,
                                                     message):
    benches = measure_of(db, "Flere benker langs havna")
    line = str(line_id(db, "Flere benker langs havna"))
    data = {key: [v.format(line=line) for v in value] if isinstance(value, list) else value
            for key, value in data.items()}
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/{benches.id}/lines", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="#{field}"' in page and message in page
    assert db.scalar(select(Correction.id)) is None


def test_rename_and_decision_through_forms(client, db, as_planner, topic, consolidated):
    lighting = measure_of(db, "Bedre belysning i parken")
    base = f"/staff/planner/topics/{topic.id}/measures/{lighting.id}"
    assert client.post(f"{base}/rename", data={"title": "Lys i parken"}).status_code == 302
    answer = "Vi setter opp **lys**.<script>alert(1)</script>"
    response = client.post(f"{base}/decision", data={"status": "partly_adopted", "answer_md": answer})
    assert response.status_code == 302
    db.refresh(lighting)
    assert (lighting.title, lighting.title_locked, lighting.status) == ("Lys i parken", True,
                                                                       MeasureStatus.PARTLY_ADOPTED)
    page = page_of(client, base)
    assert "<strong>lys</strong>" in page and "<script>alert" not in page, "the answer is sanitised"
    assert "Partly adopted" in page

    page = client.post(f"{base}/rename", data={"title": "  "}).get_data(as_text=True)
    assert 'href="#title"' in page and "Enter a title." in page
    page = client.post(f"{base}/decision", data={"status": "maybe"}).get_data(as_text=True)
    assert 'href="#status"' in page


def test_history_lists_corrections_and_undo_works_or_explains(client, db, as_planner, topic, consolidated):
    lighting = measure_of(db, "Bedre belysning i parken")
    buses = measure_of(db, "Flere bussavganger til Sjøvegan")
    service.rename_measure(db, topic, lighting, "Lys i parken", as_planner)
    rename = db.scalars(select(Correction)).one()
    service.merge_measures(db, topic, [lighting.id, buses.id], as_planner)

    page = page_of(client, f"/staff/planner/topics/{topic.id}/corrections")
    assert "Renamed" in page and "Merged measures" in page and as_planner.name in page
    assert page.count(">Undo<span") == 2

    history = f"/staff/planner/topics/{topic.id}/corrections"
    response = client.post(f"{history}/{rename.id}/undo", follow_redirects=True)
    assert "can no longer be undone" in response.get_data(as_text=True)
    merge = db.scalars(select(Correction).where(Correction.kind == "merge")).one()
    response = client.post(f"{history}/{merge.id}/undo", follow_redirects=True)
    assert "The correction was undone." in response.get_data(as_text=True)
    assert db.get(Measure, buses.id) is not None
    assert client.post(f"/staff/planner/topics/{topic.id}/corrections/999999/undo").status_code == 404


def test_pages_link_to_each_other(client, as_planner, topic, consolidated):
    measures = page_of(client, f"/staff/planner/topics/{topic.id}/measures")
    suggestions = page_of(client, f"/staff/planner/topics/{topic.id}/suggestions")
    assert f'href="/staff/planner/topics/{topic.id}/suggestions"' in measures
    assert f'href="/staff/planner/topics/{topic.id}/measures"' in suggestions
    assert f'href="/staff/planner/topics/{topic.id}/corrections"' in measures



class TestCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    @pytest.fixture
    def logged_in(self, client, planner):
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          client.get("/staff/login").get_data(as_text=True)).group(1)
        response = client.post("/staff/login", data={"email": planner.email, "password": PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 302

    @pytest.mark.parametrize("method, route", [r for r in ROUTES if r[0] == "POST"])
    def test_posts_without_a_token_change_nothing(self, client, db, logged_in, ids, method, route):
        runs = db.scalar(select(func.count(ConsolidationRun.id)))
        assert call(client, method, route, ids).status_code == 400
        db.expire_all()
        assert db.get(Measure, ids["measure"]).title == "Benker"
        assert db.get(Correction, ids["correction"]).undone_at is None
        assert db.scalar(select(func.count(ConsolidationRun.id))) == runs

    def test_every_form_on_the_pages_carries_a_token(self, client, logged_in, ids):
        for route in ("measures", "measures/{measure}", "corrections"):
            url = f"/staff/planner/topics/{ids['topic']}/" + route.format(**ids)
            page = client.get(url).get_data(as_text=True)
            assert page.count('method="post"') == page.count('name="csrf_token"')
