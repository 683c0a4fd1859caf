"""Whatever is asked of the open data or posted to the planners' measure forms: never a server error, and a
change to the measures is always whole: recorded as a correction, every visible line still in one measure of
its own topic, another municipality's measures untouched."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gjestebud.models import Correction, Measure, MeasureLine, MeasureStatus, Report, ReportStatus, Suggestion
from gjestebud.services import measures as measure_service
from gjestebud.services import results as results_service
from gjestebud.services.reports import save_report

# Function-scoped fixtures are shared by all examples of a test: one round, many requests in a row.
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

LINES = {1: ["Flere benker ved havna", "Benker langs havna", "Bedre lys i parken"],
         2: ["Lys langs gangveien", "Kafé i sentrum", "Kafé med lang åpningstid"]}

UTF8 = st.characters(codec="utf-8")  # what a browser can send, NUL included
junk_text = st.one_of(st.text(UTF8, max_size=40), st.text(UTF8, min_size=290, max_size=320), st.just(""),
                      st.sampled_from(["<script>window.__xss=1</script>", "{{7*7}}", "\u202e", "0", "-1"]))
# Mostly ids that exist (this topic's and the other municipality's), sometimes anything at all, ids beyond
# the database's integers included.
small_id = st.integers(min_value=1, max_value=8)
an_id = st.one_of(small_id.map(str), small_id.map(str),
                  st.integers(min_value=-3, max_value=2**70).map(str), junk_text)


def _round(db, topic, make_host, planner, names):
    for name in names:
        host, _token = make_host(topic, name=name, email=f"{name.lower()}@example.org")
        questions = {position: question.id for position, question in enumerate(topic.questions, 1)}
        save_report(db, host, held_on=date.today(), participants=5, age_counts={},
                    lines={questions[number]: texts for number, texts in LINES.items()}, submit=True,
                    actor="host")
    measure_service.run_consolidation(db, topic, planner)


@pytest.fixture
def rounds(db, client, login, make_municipality, make_topic, make_host, make_user):
    """Salangen's round, published, worked on by a logged-in planner; Lavangen's round, never to change."""
    salangen = make_municipality()
    lavangen = make_municipality("lavangen", "Lavangen kommune")
    topic = make_topic(salangen)
    other = make_topic(lavangen, slug="lavangen-sentrum")
    planner = make_user("planner", salangen)
    _round(db, topic, make_host, planner, ["Kari", "Ola"])
    _round(db, other, make_host, make_user("planner", lavangen), ["Per"])
    results_service.publish_results(db, topic, planner)
    login(planner)
    return topic, other


def _state(db, topic_id: int) -> dict:
    db.expire_all()
    measures = db.execute(select(Measure.id, Measure.title, Measure.status, Measure.answer_md)
                          .where(Measure.topic_id == topic_id).order_by(Measure.id)).all()
    placed = db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id, Measure.topic_id)
                        .join(Measure).join(Suggestion).join(Report)
                        .where(Report.topic_id == topic_id).order_by(MeasureLine.suggestion_id)).all()
    lines = db.execute(select(Suggestion.id, Suggestion.hidden).join(Report).where(
        Report.topic_id == topic_id, Report.status == ReportStatus.SUBMITTED).order_by(Suggestion.id)).all()
    corrections = db.execute(select(Correction.id, Correction.undone_at)
                             .where(Correction.topic_id == topic_id).order_by(Correction.id)).all()
    return {"measures": measures, "placed": placed, "lines": lines, "corrections": corrections}


def _assert_whole(before: dict, after: dict, topic_id: int) -> None:
    visible = {line_id for line_id, hidden in after["lines"] if not hidden}
    placed = {line_id for line_id, _measure, _topic in after["placed"]}
    assert placed == visible, "every visible line is in exactly one measure, no hidden line is"
    assert {topic for _line, _measure, topic in after["placed"]} <= {topic_id}
    work = ("measures", "placed", "lines")
    if any(before[key] != after[key] for key in work):
        assert after["corrections"] != before["corrections"], "a change to the measures was not recorded"
    assert len(after["corrections"]) - len(before["corrections"]) in (0, 1)


@st.composite
def planner_post(draw) -> tuple[str, dict]:
    """One of the planners' forms, with ids that may or may not exist or belong to the topic."""
    action = draw(st.sampled_from(["merge", "lines", "rename", "decide", "undo"]))
    measure = draw(small_id)
    if action == "merge":
        return "measures/merge", {"measure_ids": draw(st.lists(an_id, min_size=2, max_size=4))}
    if action == "lines":
        data = {"line_ids": draw(st.lists(an_id, min_size=1, max_size=4)), "new_title": draw(junk_text),
                "target": draw(an_id),
                "reason": draw(st.sampled_from(["personal_data", "off_topic", "x", ""]))}
        data[draw(st.sampled_from(["split", "move", "hide", "none"]))] = "1"
        return f"measures/{measure}/lines", data
    if action == "rename":
        title = st.one_of(junk_text, st.just("Benker"), st.just("Lys"))
        return f"measures/{measure}/rename", {"title": draw(title)}
    if action == "decide":
        valid = st.sampled_from([s.value for s in MeasureStatus])
        status = draw(st.one_of(valid, valid, junk_text))
        return f"measures/{measure}/decision", {"status": status, "answer_md": draw(junk_text)}
    return f"corrections/{draw(small_id)}/undo", {}


@FUZZ
@given(post=planner_post())
def test_planner_forms_never_fail_and_never_change_half(client, db, rounds, post):
    topic, other = rounds
    path, data = post
    before, other_before = _state(db, topic.id), _state(db, other.id)
    response = client.post(f"/staff/planner/topics/{topic.id}/{path}", data=data)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    after = _state(db, topic.id)
    _assert_whole(before, after, topic.id)
    event("changed" if after != before else "refused")
    assert _state(db, other.id) == other_before, "another municipality's measures changed"


slug_text = st.text(UTF8, min_size=1, max_size=30)


@FUZZ
@given(municipality=st.one_of(st.just("salangen"), slug_text),
       topic=st.one_of(st.just("sjovegan-sentrum"), slug_text),
       query=st.dictionaries(st.text(UTF8, max_size=10), st.text(UTF8, max_size=20), max_size=3))
def test_results_json_answers_open_data_or_404_for_any_address(client, rounds, municipality, topic, query):
    path = f"/{quote(municipality, safe='')}/{quote(topic, safe='')}/results.json"
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 404, 308), (path, response.status_code)
    if response.status_code == 200:
        data = json.loads(response.get_data(as_text=True))
        assert (municipality, topic) == ("salangen", "sjovegan-sentrum")
        assert "Kari" not in json.dumps(data), "a host's name in open data"


def test_the_fuzzed_round_has_measures_to_work_on(db, rounds):
    """The fuzz tests above only mean something if there is a consolidated round to disturb."""
    topic, other = rounds
    state = _state(db, topic.id)
    assert len(state["measures"]) >= 2 and len(state["placed"]) == len(LINES[1] + LINES[2]) * 2
    assert _state(db, other.id)["placed"]


def test_an_id_beyond_the_database_integer_is_refused_not_a_server_error(client, db, rounds):
    topic, _other = rounds
    assert client.get(f"/staff/planner/topics/{topic.id}/measures/{2**64}").status_code == 404
    assert client.get(f"/staff/planner/topics/{topic.id}/measures/{2**31}").status_code == 404
    response = client.post(f"/staff/planner/topics/{topic.id}/measures/merge",
                           data={"measure_ids": ["1", str(2**64)]})
    assert response.status_code == 200


@pytest.mark.parametrize("method, path, data", [
    ("get", "/salangen/%00/results.json", None),
    ("post", "/staff/planner/topics/1/measures/1/rename", {"title": "Benker\x00"}),
])
def test_a_nul_byte_is_refused_not_a_server_error(client, rounds, method, path, data):
    response = getattr(client, method)(path, data=data)
    assert response.status_code in (302, 404)
