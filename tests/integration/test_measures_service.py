"""Measures: the first run, re-runs that keep the planner's decisions, corrections and their undo."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from gjestebud.models import (
    AuditEvent,
    ConsolidationRun,
    Correction,
    Measure,
    MeasureLine,
    MeasureStatus,
    Report,
    ReportStatus,
    Suggestion,
)
from gjestebud.services import measures as service

# Six gatherings, three questions each: several groups word the same measure differently.
GROUPS = [
    ("Sjøvegan", 6, [["Flere benker langs havna"], ["Bedre belysning i parken"],
                     ["Hyppigere bussavganger til Sjøvegan", "Vi hadde en veldig hyggelig kveld"]]),
    ("Sjøvegan", 5, [["Benker ved havna så eldre kan hvile"], ["Mer lys i parken om kvelden"],
                     ["Kafé for ungdom i sentrum"]]),
    ("Laksvatn", 8, [["Sitteplasser og benker langs havna"], ["Bedre busstilbud til Sjøvegan på kveldstid"],
                     ["Et sted ungdommen kan treffes"]]),
    ("Laksvatn", 4, [["Flere benker i sentrum"], ["Lekeplass ved skolen"], ["Ungdomskafé i sentrum"]]),
    ("Øvre Salangen", 7, [["Belysning i parken"], ["Ny lekeplass i sentrum"],
                          ["Flere bussavganger til Sjøvegan"]]),
    ("Øvre Salangen", 3, [["Offentlig toalett ved havna"], ["Lekeplass for de minste ved skolen"],
                          ["Gatelys langs skoleveien"]]),
]
LATE_GROUPS = [
    ("Sjøvegan", 6, [["Benker langs havna til alle som går tur"], ["Mer belysning i parken"],
                     ["Ungdomskafé med lange åpningstider"]]),
    ("Laksvatn", 5, [["Gapahuk ved badeplassen"], [], ["Flere bussavganger i helgene"]]),
]


def submit_report(db, topic, host, lines_per_question, participants=6, status=ReportStatus.SUBMITTED):
    report = Report(host_id=host.id, topic_id=topic.id, status=status, held_on=date.today(),
                    participants=participants, submitted_at=datetime.now(timezone.utc))
    for question, lines in zip(topic.questions, lines_per_question, strict=False):
        for position, text in enumerate(lines):
            report.suggestions.append(Suggestion(question_id=question.id, position=position, text=text))
    db.add(report)
    db.commit()
    return report


def submit_groups(db, topic, make_host, groups=GROUPS):
    reports = []
    for area, participants, lines in groups:
        host, _ = make_host(topic, email=f"vert{len(topic.hosts) + 1}@example.org", area=area)
        reports.append(submit_report(db, topic, host, lines, participants=participants))
    return reports


def line_id(db, text):
    return db.scalar(select(Suggestion.id).where(Suggestion.text == text))


def measure_of(db, text):
    db.expire_all()
    return db.scalar(select(Measure).join(MeasureLine).where(MeasureLine.suggestion_id == line_id(db, text)))


def texts_of(db, measure):
    return set(db.scalars(select(Suggestion.text)
                          .join(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
                          .where(MeasureLine.measure_id == measure.id)))


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality)


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def consolidated(db, topic, make_host, planner):
    """The six gatherings sent in and consolidated once."""
    submit_groups(db, topic, make_host)
    run = service.run_consolidation(db, topic, planner)
    assert run.status == "done", run.error
    return run


def own_measure(db, topic, planner, text):
    """The measure of `text` alone: split out of its measure if the engine put it with other lines."""
    measure = measure_of(db, text)
    if len(texts_of(db, measure)) > 1:
        measure = service.split_lines(db, topic, measure, [line_id(db, text)], "", planner)
    return measure


def test_first_run_places_every_visible_line_once_with_support_figures(db, topic, make_host, planner):
    reports = submit_groups(db, topic, make_host)
    draft_host, _ = make_host(topic, email="utkast@example.org")
    submit_report(db, topic, draft_host, [["Utkast som ikke er sendt"]], status=ReportStatus.DRAFT)
    reports[0].suggestions[0].hidden, reports[0].suggestions[0].hidden_reason = True, "personal_data"
    db.commit()

    run = service.run_consolidation(db, topic, planner)

    assert (run.status, run.lines, run.error) == ("done", 18, None)
    assert run.finished_at is not None and run.user_id == planner.id
    placed = set(db.scalars(select(MeasureLine.suggestion_id)))
    assert len(placed) == 18
    assert line_id(db, "Utkast som ikke er sendt") not in placed
    assert line_id(db, "Flere benker langs havna") not in placed, "hidden lines are never consolidated"
    measures = db.scalars(select(Measure).where(Measure.topic_id == topic.id)).all()
    assert run.measures == len(measures) and sum(m.line_count for m in measures) == 18
    lighting = measure_of(db, "Bedre belysning i parken")
    assert {"Bedre belysning i parken", "Belysning i parken"} <= texts_of(db, lighting)
    participants_of = {r.id: r.participants for r in reports}
    for measure in measures:
        groups = set(db.scalars(select(Suggestion.report_id).join(MeasureLine).where(
            MeasureLine.measure_id == measure.id)))
        assert measure.support_gatherings == len(groups)
        assert measure.support_participants == sum(participants_of[g] for g in groups)
    assert db.scalar(select(func.count()).where(AuditEvent.action == "measures.consolidate")) == 1


def test_rerun_after_new_reports_keeps_ids_locks_titles_and_decisions(db, topic, make_host, planner,
                                                                      consolidated):
    evening = own_measure(db, topic, planner, "Mer lys i parken om kvelden")
    lighting = service.merge_measures(db, topic, [measure_of(db, "Bedre belysning i parken").id, evening.id],
                                      planner)
    street = own_measure(db, topic, planner, "Gatelys langs skoleveien")
    service.move_lines(db, topic, street, [line_id(db, "Gatelys langs skoleveien")], lighting.id, planner)
    service.rename_measure(db, topic, lighting, "Bedre lys i Sjøvegan-parken", planner)
    benches = measure_of(db, "Flere benker langs havna")
    service.set_decision(db, topic, benches, MeasureStatus.ADOPTED, "Vi setter ut **ti** benker i 2027.",
                         planner)
    bench_texts = texts_of(db, benches)
    ids_before = {m.key: m.id for m in db.scalars(select(Measure))}

    submit_groups(db, topic, make_host, LATE_GROUPS)
    assert service.run_status(db, topic).new_lines == 5
    run = service.run_consolidation(db, topic, planner)

    assert run.status == "done" and run.lines == 24
    assert service.run_status(db, topic).new_lines == 0
    db.expire_all()
    lighting = db.get(Measure, lighting.id)
    assert lighting.title == "Bedre lys i Sjøvegan-parken" and lighting.title_locked
    assert {"Bedre belysning i parken", "Mer lys i parken om kvelden", "Gatelys langs skoleveien"} <= \
        texts_of(db, lighting), "merges and moves survive"
    benches = db.get(Measure, benches.id)
    assert benches.status is MeasureStatus.ADOPTED and "**ti** benker" in benches.answer_md
    assert bench_texts <= texts_of(db, benches), "a decision keeps its lines"
    kept = {m.key: m.id for m in db.scalars(select(Measure))}
    assert lighting.key in kept and benches.key in kept
    assert all(kept[key] == measure_id for key, measure_id in ids_before.items() if key in kept)
    assert measure_of(db, "Gapahuk ved badeplassen") is not None
    assert db.scalar(select(func.sum(Measure.line_count)).where(Measure.topic_id == topic.id)) == 24


def test_rerun_drops_lines_that_vanished_and_empty_measures_without_decision(db, topic, make_host, planner,
                                                                            consolidated):
    toilet = own_measure(db, topic, planner, "Offentlig toalett ved havna")
    decided = own_measure(db, topic, planner, "Lekeplass for de minste ved skolen")
    service.set_decision(db, topic, decided, MeasureStatus.REJECTED, "", planner)
    for text in ("Offentlig toalett ved havna", "Lekeplass for de minste ved skolen"):
        report = db.scalar(select(Report).join(Suggestion).where(Suggestion.text == text))
        report.status = ReportStatus.WITHDRAWN
    db.commit()

    service.run_consolidation(db, topic, planner)

    db.expire_all()
    assert db.get(Measure, toilet.id) is None, "a measure left empty without a decision goes"
    assert measure_of(db, "Offentlig toalett ved havna") is None
    assert measure_of(db, "Lekeplass for de minste ved skolen") is None
    kept = db.get(Measure, decided.id)
    assert kept is not None and kept.status is MeasureStatus.REJECTED, "a decided measure stays, even empty"
    assert (kept.line_count, kept.support_gatherings, kept.support_participants) == (0, 0, 0)


def test_failed_run_is_recorded_and_writes_nothing(db, topic, make_host, planner, consolidated, monkeypatch):
    before = {(m.id, m.key, m.title, m.line_count) for m in db.scalars(select(Measure))}
    placements = set(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id)).all())
    submit_groups(db, topic, make_host, LATE_GROUPS)

    def broken(session, topic):
        session.execute(select(1))
        raise RuntimeError("database went away mid-run")

    real_persist = service._persist

    def persist_then_fail(session, topic, result):
        real_persist(session, topic, result)
        broken(session, topic)

    monkeypatch.setattr(service.runs, "_persist", persist_then_fail)
    run = service.run_consolidation(db, topic, planner)

    assert run.status == "failed" and "database went away" in run.error and run.finished_at is not None
    db.expire_all()
    assert {(m.id, m.key, m.title, m.line_count) for m in db.scalars(select(Measure))} == before
    assert set(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id)).all()) == placements
    assert db.get(ConsolidationRun, run.id).status == "failed"
    assert service.run_status(db, topic).last_run.id == run.id


def test_a_run_does_not_overwrite_a_correction_made_while_it_ran(db, topic, make_host, planner, consolidated,
                                                                 monkeypatch):
    lighting = measure_of(db, "Bedre belysning i parken")
    real_consolidate = service.engine.consolidate

    def slow_engine(*args, **kwargs):
        result = real_consolidate(*args, **kwargs)
        service.rename_measure(db, topic, lighting, "Lys i parken", planner)
        return result

    monkeypatch.setattr(service.engine, "consolidate", slow_engine)
    run = service.run_consolidation(db, topic, planner)

    assert run.status == "failed" and "corrected while the run was in progress" in run.error
    db.expire_all()
    assert db.get(Measure, lighting.id).title == "Lys i parken"


def test_a_second_run_is_refused_while_one_is_running(db, topic, planner, consolidated):
    db.add(ConsolidationRun(topic_id=topic.id, user_id=planner.id, status="running"))
    db.commit()
    with pytest.raises(service.RunInProgress):
        service.run_consolidation(db, topic, planner)


def _state(db):
    db.expire_all()
    return ({(m.id, m.key, m.title, m.title_locked, m.status, m.answer_md, m.line_count, m.support_gatherings,
              m.support_participants) for m in db.scalars(select(Measure))},
            set(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id,
                                  MeasureLine.locked)).all()),
            set(db.execute(select(Suggestion.id, Suggestion.hidden, Suggestion.hidden_reason)).all()))


def _latest_correction(db):
    return db.scalars(select(Correction).order_by(Correction.id.desc())).first()


def _undo_restores(db, topic, planner, before):
    correction = _latest_correction(db)
    assert correction.user_id == planner.id and correction.before and correction.after
    service.undo_correction(db, topic, correction, planner)
    assert _state(db) == before
    assert correction.undone_at is not None and correction.undone_by_id == planner.id


def test_merge_is_recorded_locked_and_undoable(db, topic, planner, consolidated):
    evening = own_measure(db, topic, planner, "Mer lys i parken om kvelden")
    lighting = measure_of(db, "Bedre belysning i parken")
    before = _state(db)
    expected = texts_of(db, lighting) | texts_of(db, evening)
    kept = service.merge_measures(db, topic, [lighting.id, evening.id], planner)

    assert kept.id == lighting.id, "the measure with most support is kept"
    assert texts_of(db, kept) == expected and kept.line_count == len(expected)
    assert kept.support_gatherings == 3
    assert all(db.scalars(select(MeasureLine.locked).where(MeasureLine.measure_id == kept.id)))
    assert db.get(Measure, evening.id) is None
    correction = _latest_correction(db)
    assert correction.kind == "merge" and lighting.title in correction.summary
    _undo_restores(db, topic, planner, before)


def test_split_creates_a_locked_measure_and_is_undoable(db, topic, planner, consolidated):
    before = _state(db)
    benches = measure_of(db, "Flere benker langs havna")
    other = min(texts_of(db, benches) - {"Flere benker langs havna"})
    new = service.split_lines(db, topic, benches, [line_id(db, other)], "Benker i sentrum", planner)

    assert texts_of(db, new) == {other}
    assert new.title == "Benker i sentrum" and new.title_locked and new.line_count == 1
    assert other not in texts_of(db, benches) and "Flere benker langs havna" in texts_of(db, benches)
    assert all(db.scalars(select(MeasureLine.locked).where(MeasureLine.measure_id.in_([benches.id, new.id]))))
    assert _latest_correction(db).kind == "split"
    _undo_restores(db, topic, planner, before)


def test_split_of_every_line_is_refused(db, topic, planner, consolidated):
    benches = measure_of(db, "Flere benker langs havna")
    everything = list(db.scalars(select(MeasureLine.suggestion_id)
                                 .where(MeasureLine.measure_id == benches.id)))
    with pytest.raises(service.MeasureError):
        service.split_lines(db, topic, benches, everything, "", planner)


def test_move_is_recorded_and_undoable(db, topic, planner, consolidated):
    source = measure_of(db, "Gatelys langs skoleveien")
    if source.id == measure_of(db, "Bedre belysning i parken").id:
        source = own_measure(db, topic, planner, "Gatelys langs skoleveien")
    lighting = measure_of(db, "Bedre belysning i parken")
    before = _state(db)
    service.move_lines(db, topic, source, [line_id(db, "Gatelys langs skoleveien")], lighting.id, planner)

    assert measure_of(db, "Gatelys langs skoleveien").id == lighting.id
    assert db.get(MeasureLine, line_id(db, "Gatelys langs skoleveien")).locked
    assert _latest_correction(db).kind == "move"
    _undo_restores(db, topic, planner, before)


def test_move_to_a_measure_of_another_topic_is_refused(db, topic, planner, consolidated, make_topic,
                                                       make_municipality):
    other = make_topic(make_municipality("lavangen", "Lavangen kommune"))
    foreign = Measure(topic_id=other.id, key="m-foreign", title="Annet")
    db.add(foreign)
    db.commit()
    source = measure_of(db, "Gatelys langs skoleveien")
    with pytest.raises(service.UnknownMeasure):
        service.move_lines(db, topic, source, [line_id(db, "Gatelys langs skoleveien")], foreign.id, planner)


def test_rename_locks_the_title_and_is_undoable(db, topic, planner, consolidated):
    before = _state(db)
    lighting = measure_of(db, "Bedre belysning i parken")
    service.rename_measure(db, topic, lighting, "  Lys i  parken ", planner)
    assert (lighting.title, lighting.title_locked) == ("Lys i parken", True)
    assert _latest_correction(db).kind == "rename"
    _undo_restores(db, topic, planner, before)


def test_hiding_a_line_takes_it_out_and_is_undoable(db, topic, planner, consolidated):
    before = _state(db)
    chat = measure_of(db, "Vi hadde en veldig hyggelig kveld")
    service.hide_lines(db, topic, chat, [line_id(db, "Vi hadde en veldig hyggelig kveld")], "not_a_measure",
                       planner)

    hidden = db.scalars(select(Suggestion).where(Suggestion.hidden.is_(True))).all()
    assert [(s.text, s.hidden_reason) for s in hidden] == [("Vi hadde en veldig hyggelig kveld",
                                                            "not_a_measure")]
    assert measure_of(db, "Vi hadde en veldig hyggelig kveld") is None
    remaining = db.get(Measure, chat.id)
    assert remaining is None or remaining.line_count == len(texts_of(db, remaining))
    correction = _latest_correction(db)
    assert correction.kind == "hide" and "hyggelig" not in correction.summary
    _undo_restores(db, topic, planner, before)


def test_hiding_the_line_a_title_came_from_gives_the_measure_another_title(db, topic, planner, consolidated):
    measure = db.scalars(select(Measure).order_by(Measure.line_count.desc())).first()
    assert measure.line_count > 1
    source = next(text for text in texts_of(db, measure)
                  if text.rstrip("!?.,;: ").lower() == measure.title.lower())
    service.hide_lines(db, topic, measure, [line_id(db, source)], "personal_data", planner)

    assert measure.title != source.rstrip("!?.,;: ") and measure.title in texts_of(db, measure)
    assert source not in _latest_correction(db).summary


def test_hiding_with_an_unknown_reason_is_refused(db, topic, planner, consolidated):
    benches = measure_of(db, "Flere benker langs havna")
    with pytest.raises(ValueError):
        service.hide_lines(db, topic, benches, [line_id(db, "Flere benker langs havna")], "boring", planner)


def test_decision_locks_lines_and_is_undoable(db, topic, planner, consolidated):
    before = _state(db)
    lighting = measure_of(db, "Bedre belysning i parken")
    service.set_decision(db, topic, lighting, MeasureStatus.PARTLY_ADOPTED, "Lys langs **gangveien**.",
                         planner)
    assert lighting.status is MeasureStatus.PARTLY_ADOPTED
    assert all(db.scalars(select(MeasureLine.locked).where(MeasureLine.measure_id == lighting.id)))
    _undo_restores(db, topic, planner, before)


def test_undoing_a_decision_after_publishing_queues_it_for_the_hosts_digest(db, topic, planner, consolidated):
    topic.results_published_at = datetime.now(timezone.utc)
    db.commit()
    lighting = measure_of(db, "Bedre belysning i parken")
    service.set_decision(db, topic, lighting, MeasureStatus.ADOPTED, "Nye lys i 2027.", planner)
    lighting.digest_pending = False
    db.commit()

    service.undo_correction(db, topic, _latest_correction(db), planner)

    assert lighting.status is MeasureStatus.NEW and lighting.digest_pending


def test_undo_is_refused_when_a_later_change_touched_the_same_measure(db, topic, planner, consolidated):
    lighting = measure_of(db, "Bedre belysning i parken")
    buses = measure_of(db, "Flere bussavganger til Sjøvegan")
    service.rename_measure(db, topic, lighting, "Lys i parken", planner)
    rename = _latest_correction(db)
    service.merge_measures(db, topic, [lighting.id, buses.id], planner)
    merge = _latest_correction(db)

    with pytest.raises(service.UndoConflict):
        service.undo_correction(db, topic, rename, planner)
    assert db.get(Correction, rename.id).undone_at is None

    service.undo_correction(db, topic, merge, planner)
    service.undo_correction(db, topic, rename, planner)
    assert db.get(Measure, lighting.id).title != "Lys i parken"
    with pytest.raises(service.MeasureError):
        service.undo_correction(db, topic, rename, planner)


def test_undo_of_an_unrelated_earlier_correction_still_works(db, topic, planner, consolidated):
    lighting = measure_of(db, "Bedre belysning i parken")
    buses = measure_of(db, "Flere bussavganger til Sjøvegan")
    service.rename_measure(db, topic, lighting, "Lys i parken", planner)
    rename = _latest_correction(db)
    service.rename_measure(db, topic, buses, "Bussen oftere", planner)

    service.undo_correction(db, topic, rename, planner)
    assert db.get(Measure, buses.id).title == "Bussen oftere"
    assert db.get(Measure, lighting.id).title_locked is False
