"""Re-runs keep every correction exactly: random corrections, new and edited reports and re-runs, with the
rules checked after every step (hypothesis), on every database; and the dry run a re-run is confirmed from."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gjestebud.models import ConsolidationRun, Host, Measure, MeasureLine, MeasureStatus, Report, Suggestion
from gjestebud.services import measures as service
from gjestebud.services import review as review_service
from gjestebud.services.reports import save_report

from .test_measures_service import line_id, measure_of, submit_groups, texts_of

# Lines about a handful of needs, worded differently, so the engine has real choices to make.
POOL = [
    "Apotek i sentrum", "Vi trenger et apotek i Sjøvegan", "Helsesenteret ligger sentralt",
    "Butikkene er nær hverandre", "Kort vei mellom butikkene", "Flere benker langs havna",
    "Benker ved havna så eldre kan hvile", "Bedre belysning i parken", "Mer lys i parken om kvelden",
    "Gatelys langs skoleveien", "Det er mørkt på skoleveien om vinteren", "Ungdomskafé i sentrum",
    "Et sted ungdommen kan treffes", "Flere bussavganger til Sjøvegan", "Hyppigere buss i helgene",
    "Lekeplass ved skolen", "Ny lekeplass i sentrum", "Offentlig toalett ved havna",
    "Kaia og båthavna er fin", "Ta vare på de gamle sjøbuene", "Gapahuk ved badeplassen",
    "Dugnad for å rydde stranda", "Lengre åpningstid på biblioteket", "Fortau langs Storgata",
]

EXAMPLES = itertools.count()
OPS = ("move", "merge", "split", "rename", "confirm", "decide", "answer_yes", "answer_no", "new_report",
       "edit_report", "rerun")


@dataclass
class Expected:
    """What the planner's corrections promise, kept independently of how the service keeps it."""

    line_in: dict[int, int] = field(default_factory=dict)
    title_of: dict[int, str] = field(default_factory=dict)
    decided: set[int] = field(default_factory=set)
    key_of: dict[int, str] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)

    def pin(self, db, measure_id: int) -> None:
        for sid in db.scalars(select(MeasureLine.suggestion_id).where(MeasureLine.measure_id == measure_id)):
            self.line_in[sid] = measure_id


def measures_of(db, topic):
    db.expire_all()
    return db.scalars(select(Measure).where(Measure.topic_id == topic.id).order_by(Measure.id)).all()


def members(db, measure_id):
    return sorted(db.scalars(select(MeasureLine.suggestion_id).where(MeasureLine.measure_id == measure_id)))


def check(db, topic, expected: Expected) -> None:
    existing = {m.id: m for m in measures_of(db, topic)}
    for measure_id, measure in existing.items():
        assert measure_id not in expected.gone, "a removed measure's number came back"
        assert expected.key_of.setdefault(measure_id, measure.key) == measure.key, \
            f"No. {measure_id} now stands for another measure"
    expected.gone |= {mid for mid in expected.key_of if mid not in existing}
    live = set(db.scalars(select(Suggestion.id).where(Suggestion.report_id.in_(
        select(Report.id).where(Report.topic_id == topic.id)))))
    placement = dict(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id)
                                .where(MeasureLine.measure_id.in_(list(existing)))).all())
    for sid in [sid for sid in expected.line_in if sid not in live]:
        del expected.line_in[sid]
    for sid, measure_id in expected.line_in.items():
        assert placement.get(sid) == measure_id, f"line {sid} left No. {measure_id}"
    for measure_id in [mid for mid in expected.title_of if mid not in existing]:
        del expected.title_of[measure_id]  # emptied by report edits; its pinned lines were checked above
    for measure_id, title in expected.title_of.items():
        assert existing[measure_id].title == title
    for measure_id in expected.decided:
        assert existing[measure_id].status is MeasureStatus.ADOPTED


def rerun(db, topic, planner) -> None:
    preview = service.preview_consolidation(db, topic)
    run = service.run_consolidation(db, topic, planner, expected=preview.fingerprint)
    assert run.status == "done", run.error


def apply(db, topic, planner, make_host, expected: Expected, op: str, seed: int) -> None:
    measures = measures_of(db, topic)
    with_lines = [m for m in measures if members(db, m.id)]
    pick = seed % 7919

    if op == "move" and len(with_lines) >= 2:
        source = with_lines[pick % len(with_lines)]
        target = [m for m in measures if m.id != source.id][pick % (len(measures) - 1)]
        lines = members(db, source.id)
        moved = lines[pick % len(lines)]
        service.move_lines(db, topic, source, [moved], target.id, planner)
        for measure in (source, target):
            if db.get(Measure, measure.id) is not None:
                expected.pin(db, measure.id)
            else:
                expected.title_of.pop(measure.id, None)
    elif op == "merge" and len(measures) >= 2:
        first = measures[pick % len(measures)]
        second = [m for m in measures if m.id != first.id][(pick // 3) % (len(measures) - 1)]
        kept = service.merge_measures(db, topic, [first.id, second.id], planner)
        other = second if kept.id == first.id else first
        expected.pin(db, kept.id)
        expected.title_of.pop(other.id, None)
        expected.decided.discard(other.id)
    elif op == "split":
        candidates = [m for m in with_lines if len(members(db, m.id)) >= 2]
        if candidates:
            measure = candidates[pick % len(candidates)]
            lines = members(db, measure.id)
            chosen = lines[:1 + pick % (len(lines) - 1)]
            new = service.split_lines(db, topic, measure, chosen, "", planner)
            expected.pin(db, measure.id)
            expected.pin(db, new.id)
    elif op in ("rename", "confirm") and measures:
        measure = measures[pick % len(measures)]
        if op == "rename":
            service.rename_measure(db, topic, measure, f"Tiltak {seed}", planner)
        else:
            service.confirm_title(db, topic, measure, planner)
        expected.title_of[measure.id] = measure.title
    elif op == "decide" and measures:
        measure = measures[pick % len(measures)]
        service.set_decision(db, topic, measure, MeasureStatus.ADOPTED, "Vi gjør det.", planner)
        expected.pin(db, measure.id)
        expected.decided.add(measure.id)
    elif op in ("answer_yes", "answer_no"):
        question = review_service.review_state(db, topic).question
        if question is not None:
            review_service.answer_question(db, topic, question.left.ids, question.right.ids,
                                           op == "answer_yes", planner)
            after = dict(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id).where(
                MeasureLine.suggestion_id.in_([*question.left.ids, *question.right.ids]))).all())
            left = {after[i] for i in question.left.ids}
            right = {after[i] for i in question.right.ids}
            assert (len(left | right) == 1) if op == "answer_yes" else not left & right
            expected.line_in.update(after)
    elif op == "new_report":
        host, _ = make_host(topic, email=f"ny{seed}@example.org")
        texts = [POOL[(seed + step * 5) % len(POOL)] for step in range(3)]
        save_report(db, host, held_on=date.today(), participants=5, age_counts={},
                    lines={topic.questions[pick % 3].id: texts}, submit=True, actor=planner)
    elif op == "edit_report":
        hosts = db.scalars(select(Host).where(Host.topic_id == topic.id, Host.report.has())
                           .order_by(Host.id)).all()
        host = hosts[pick % len(hosts)]
        lines: dict[int, list[str]] = {q.id: [] for q in topic.questions}
        for suggestion in host.report.suggestions:
            lines[suggestion.question_id].append(suggestion.text)
        question = topic.questions[pick % 3].id
        lines[question] = lines[question][1:] + [POOL[seed % len(POOL)] + " nå"]
        save_report(db, host, held_on=date.today(), participants=6, age_counts={}, lines=lines, submit=True,
                    actor=planner)
    elif op == "rerun":
        rerun(db, topic, planner)


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10**6)), min_size=3, max_size=8))
def test_random_corrections_reports_and_reruns_keep_every_correction(db, municipality, make_topic, make_host,
                                                                     planner, steps):
    """Each example runs on a topic of its own, so examples never see each other's measures."""
    topic = make_topic(municipality, slug=f"t-{next(EXAMPLES)}")
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    expected = Expected()
    check(db, topic, expected)
    for op, seed in steps + [("rerun", 0)]:
        apply(db, topic, planner, make_host, expected, op, seed)
        check(db, topic, expected)
        if op != "rerun":
            rerun(db, topic, planner)
            check(db, topic, expected)


# The case, step by step -------------------------------------------------------------------------


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality)


def test_a_moved_line_stays_and_drags_no_neighbour_along_and_numbers_keep_their_measure(
        db, topic, make_host, planner):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    source = measure_of(db, "Bedre belysning i parken")
    assert len(texts_of(db, source)) > 1, "the engine puts the lighting lines together"
    moved = next(text for text in sorted(texts_of(db, source)) if text.lower() != source.title.lower())
    neighbours = texts_of(db, source) - {moved}
    target = measure_of(db, "Flere benker langs havna")
    target_title, target_texts = target.title, texts_of(db, target)
    source_id, source_title, target_id = source.id, source.title, target.id

    service.move_lines(db, topic, source, [line_id(db, moved)], target.id, planner)
    host = db.scalars(select(Host).where(Host.topic_id == topic.id).order_by(Host.id)).first()
    lines = {q.id: [s.text for s in host.report.suggestions if s.question_id == q.id]
             for q in topic.questions}
    lines[topic.questions[1].id].append("Mer lys i parken, det er så mørkt")
    save_report(db, host, held_on=date.today(), participants=6, age_counts={}, lines=lines, submit=True,
                actor=planner)
    rerun(db, topic, planner)

    moved_to = measure_of(db, moved)
    assert (moved_to.id, moved_to.title) == (target_id, target_title)
    assert target_texts | {moved} <= texts_of(db, moved_to)
    assert not neighbours & texts_of(db, moved_to), "the old neighbours did not follow the moved line"
    assert (measure_of(db, next(iter(neighbours))).id, db.get(Measure, source_id).title) == (source_id,
                                                                                              source_title)


# The dry run ----------------------------------------------------------------------------------------------


@pytest.fixture
def as_planner(login, planner):
    login(planner)
    return planner


def fingerprint_in(page: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page).group(1)


def test_the_dry_run_lists_what_a_rerun_would_change_and_changes_nothing_until_confirmed(
        client, db, as_planner, topic, make_host, planner):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    lighting = measure_of(db, "Bedre belysning i parken")
    service.set_decision(db, topic, lighting, MeasureStatus.ADOPTED, "", planner)
    benches = measure_of(db, "Flere benker langs havna")
    before = {m.id: (m.key, m.title, tuple(members(db, m.id))) for m in measures_of(db, topic)}
    host, _ = make_host(topic, email="sen@example.org")
    save_report(db, host, held_on=date.today(), participants=4, age_counts={},
                lines={topic.questions[0].id: ["Flere benker langs havna og i parken",
                                               "Svømmehall i Sjøvegan"]},
                submit=True, actor=planner)
    url = f"/staff/planner/topics/{topic.id}/measures/consolidate"

    assert client.post(url).headers["Location"].endswith(f"{url}/preview"), "no re-run without a dry run"
    page = client.get(f"{url}/preview").get_data(as_text=True)

    assert "2 new lines placed" in page.replace("<strong>", "").replace("</strong>", "")
    assert "New measures" in page and "“Svømmehall i Sjøvegan” – 1 line" in page
    assert {m.id: (m.key, m.title, tuple(members(db, m.id))) for m in measures_of(db, topic)} == before
    response = client.post(url, data={"fingerprint": fingerprint_in(page)}, follow_redirects=True)
    assert "21 lines were consolidated" in response.get_data(as_text=True)
    assert measure_of(db, "Flere benker langs havna").id == benches.id
    assert measure_of(db, "Svømmehall i Sjøvegan") is not None


def test_a_confirmation_for_changes_that_are_no_longer_the_same_is_refused(client, db, as_planner, topic,
                                                                           make_host, planner):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    url = f"/staff/planner/topics/{topic.id}/measures/consolidate"
    stale = fingerprint_in(client.get(f"{url}/preview").get_data(as_text=True))
    host, _ = make_host(topic, email="sen@example.org")
    save_report(db, host, held_on=date.today(), participants=4, age_counts={},
                lines={topic.questions[0].id: ["Svømmehall i Sjøvegan"]}, submit=True, actor=planner)

    response = client.post(url, data={"fingerprint": stale}, follow_redirects=True)

    assert "changed since you looked" in response.get_data(as_text=True)
    assert measure_of(db, "Svømmehall i Sjøvegan") is None, "nothing was written"
    runs = db.scalars(select(ConsolidationRun).where(
        ConsolidationRun.topic_id == topic.id)).all()
    assert len(runs) == 1, "the refused confirmation left no run behind"
