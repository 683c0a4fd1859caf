"""Every change to a line (hide, show, erase, withdraw, a host's edit, a transcription) goes through one
place that recounts the measures and never lets a title be the words of a line that is no longer visible;
a hidden line the host changes stays hidden until an organiser looks again."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gjestebud.models import AuditEvent, Measure, MeasureLine, MeasureStatus, Report, ReportStatus, Suggestion
from gjestebud.services import hosts as host_service
from gjestebud.services import measures as measure_service
from gjestebud.services import results
from gjestebud.services import topics as topic_service
from gjestebud.services.measures import has_decision
from gjestebud.services.personal_data import flagged_lines
from gjestebud.services.reports import save_report

from .test_results_publish import make_measure, submit

PAGE = "/salangen/sjovegan-sentrum/results"
NAMED = "Brøyt fortauet i Storgata, Ola Hansen"
PLAIN = "Brøyt fortauet i Storgata"


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def organiser(make_user, municipality):
    return make_user("organiser", municipality)


@pytest.fixture
def setup(db, municipality, make_topic, make_host):
    """Kari's group wrote the line with a name, Gro's group the same wish without it. The planner confirmed
    the named line as the title (locked). A second measure holds only Kari's named line."""
    topic = make_topic(municipality)
    kari, kari_token = make_host(topic, email="kari@example.org", name="Kari Nordmann")
    gro, _ = make_host(topic, email="gro@example.org", name="Gro Lund")
    submit(db, topic, kari, [(1, NAMED), (2, "Mer lys i parken")], participants=6)
    submit(db, topic, gro, [(1, PLAIN + "!"), (2, "Lys i parken")], participants=4)
    measure = make_measure(db, topic, "m1", NAMED, [NAMED, PLAIN + "!"])
    measure.title_locked = True
    alone = make_measure(db, topic, "m2", "Mer lys i parken", ["Mer lys i parken"])
    measure_service.lines_changed(db, topic, db.scalars(select(Suggestion.id)).all(), "test")
    db.commit()
    return topic, kari, kari_token, gro, measure, alone


def named_line(db):
    return db.scalars(select(Suggestion).where(Suggestion.text == NAMED)).one()


def public_texts(client, db, topic, planner, outbox) -> list[str]:
    results.publish_results(db, topic, planner)
    texts = [client.get(PAGE + suffix).get_data(as_text=True) for suffix in ("", ".json", ".csv")]
    return texts + [mail.body or "" for mail in outbox() if mail.kind == "results"]


def report_lines(topic, host, replace):
    lines = {question.id: [] for question in topic.questions}
    for line in host.report.suggestions:
        lines[line.question_id].append(replace.get(line.text, line.text))
    return lines


def hide_by_organiser(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    login(organiser)
    client.post(f"/staff/topics/{topic.id}/lines/{named_line(db).id}/hide", data={"reason": "personal_data"})


def hide_by_planner(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    measure_service.hide_lines(db, topic, measure, [named_line(db).id], "personal_data", planner)


def erase_with_suggestions(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    client.post(f"/vert/{kari_token}/slett")


def withdraw(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    client.post(f"/vert/{kari_token}/trekk")


def host_edits(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    save_report(db, kari, held_on=date.today(), participants=6, age_counts={},
                lines=report_lines(topic, kari, {NAMED: PLAIN + " ved skolen"}), submit=True, actor="host")


def staff_transcribes(client, db, login, organiser, planner, topic, kari, kari_token, measure):
    save_report(db, kari, held_on=date.today(), participants=6, age_counts={},
                lines=report_lines(topic, kari, {NAMED: PLAIN + " ved skolen"}), submit=True,
                actor=organiser, transcribed=True)


PATHS = [hide_by_organiser, hide_by_planner, erase_with_suggestions, withdraw, host_edits, staff_transcribes]


@pytest.mark.parametrize("change", PATHS, ids=lambda f: f.__name__)
def test_no_title_is_left_from_a_line_that_is_no_longer_visible(client, db, login, setup, planner, organiser,
                                                                 outbox, change):
    topic, kari, kari_token, gro, measure, alone = setup
    change(client, db, login, organiser, planner, topic, kari, kari_token, measure)
    db.expire_all()
    kept = db.get(Measure, measure.id)
    assert kept.title == PLAIN
    assert (kept.support_gatherings, kept.support_participants, kept.line_count) == (1, 4, 1)
    for text in public_texts(client, db, topic, planner, outbox):
        assert "Ola Hansen" not in text
    assert "Ola Hansen" not in str([e.detail for e in db.scalars(select(AuditEvent))
                                    if e.action == "measures.lines_changed"])


@pytest.mark.parametrize("change", [erase_with_suggestions, withdraw], ids=lambda f: f.__name__)
def test_a_measure_left_without_visible_lines_and_without_a_decision_goes(client, db, login, setup, planner,
                                                                          organiser, outbox, change):
    topic, kari, kari_token, gro, measure, alone = setup
    alone_id = alone.id
    change(client, db, login, organiser, planner, topic, kari, kari_token, measure)
    db.expire_all()
    assert db.scalar(select(Measure.id).where(Measure.id == alone_id)) is None
    results.publish_results(db, topic, planner)
    assert "Mer lys i parken" not in client.get(PAGE).get_data(as_text=True)


def test_a_measure_with_a_decision_stays_but_never_keeps_the_hidden_words(db, setup, organiser):
    topic, kari, kari_token, gro, measure, alone = setup
    alone.title, alone.status = "Mer lys i parken", MeasureStatus.ADOPTED
    db.commit()
    topic_service.hide_line(db, db.scalars(select(Suggestion).where(Suggestion.text == "Mer lys i parken"))
                            .one(), "personal_data", actor=organiser)
    db.expire_all()
    kept = db.get(Measure, alone.id)
    assert kept is not None and kept.title != "Mer lys i parken" and kept.line_count == 0


def test_showing_a_line_again_counts_it_again(db, setup, organiser):
    topic, kari, kari_token, gro, measure, alone = setup
    line = named_line(db)
    topic_service.hide_line(db, line, "personal_data", actor=organiser)
    assert db.get(Measure, measure.id).support_gatherings == 1
    topic_service.unhide_line(db, line, actor=organiser)
    db.expire_all()
    assert (db.get(Measure, measure.id).support_gatherings, db.get(Measure, measure.id).title) == (2, PLAIN)


def test_a_planners_own_words_survive_a_hidden_line(db, setup, organiser, planner):
    topic, kari, kari_token, gro, measure, alone = setup
    measure_service.rename_measure(db, topic, measure, "Vintervedlikehold av fortau", planner)
    topic_service.hide_line(db, named_line(db), "personal_data", actor=organiser)
    db.expire_all()
    assert db.get(Measure, measure.id).title == "Vintervedlikehold av fortau"


# A hidden line that the host changes ---------------------------------------------------------------------


def test_a_hidden_line_the_host_rewords_stays_hidden_and_waits_for_the_organiser(client, db, login, setup,
                                                                                 organiser):
    topic, kari, kari_token, gro, measure, alone = setup
    topic_service.hide_line(db, named_line(db), "personal_data", actor=organiser)
    save_report(db, kari, held_on=date.today(), participants=6, age_counts={},
                lines=report_lines(topic, kari, {NAMED: "Brøyt fortauet, ring Ola Hansen (tlf 99887766)"}),
                submit=True, actor="host")
    changed = db.scalars(select(Suggestion).where(Suggestion.text.contains("99887766"))).one()
    assert (changed.hidden, changed.hidden_reason, changed.review_pending) == (True, "personal_data", True)
    assert "99887766" not in client.get(PAGE + ".json").get_data(as_text=True)
    # Unchanged lines of the report are not held.
    assert db.scalars(select(Suggestion).where(Suggestion.text == "Mer lys i parken")).one().hidden is False

    login(organiser)
    page = client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)
    assert "Changed since moderation" in page and "99887766" in page
    client.post(f"/staff/topics/{topic.id}/lines/{changed.id}/keep-hidden")
    db.expire_all()
    assert (changed.hidden, changed.review_pending) == (True, False)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "suggestion.keep_hidden")).one()
    assert event.user_id == organiser.id and event.object_id == changed.id
    assert "Changed since moderation" not in client.get(f"/staff/topics/{topic.id}/lines").get_data(
        as_text=True)


def test_a_hidden_line_moved_to_another_question_stays_hidden(db, setup, organiser):
    topic, kari, kari_token, gro, measure, alone = setup
    topic_service.hide_line(db, named_line(db), "personal_data", actor=organiser)
    first, second = topic.questions[0].id, topic.questions[1].id
    save_report(db, kari, held_on=date.today(), participants=6, age_counts={},
                lines={first: [], second: ["Mer lys i parken", NAMED + " 99887766"]}, submit=True,
                actor="host")
    moved = db.scalars(select(Suggestion).where(Suggestion.text.endswith("99887766"))).one()
    assert (moved.hidden, moved.hidden_reason, moved.review_pending) == (True, "personal_data", True)
    assert db.scalars(select(Suggestion).where(Suggestion.text == "Mer lys i parken")).one().hidden is False


def test_the_organiser_may_approve_a_changed_line(client, db, login, setup, organiser):
    topic, kari, kari_token, gro, measure, alone = setup
    topic_service.hide_line(db, named_line(db), "personal_data", actor=organiser)
    save_report(db, kari, held_on=date.today(), participants=6, age_counts={},
                lines=report_lines(topic, kari, {NAMED: PLAIN + " ved skolen"}), submit=True, actor="host")
    changed = db.scalars(select(Suggestion).where(Suggestion.text == PLAIN + " ved skolen")).one()
    login(organiser)
    client.post(f"/staff/topics/{topic.id}/lines/{changed.id}/unhide")
    db.expire_all()
    assert (changed.hidden, changed.review_pending) == (False, False)


def test_lines_that_look_like_personal_data_are_flagged_on_the_lines_page(client, db, login, setup,
                                                                           organiser):
    topic, *_ = setup
    assert [line.text for line in flagged_lines(db, topic)] == [NAMED]
    login(organiser)
    page = client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)
    assert page.count("Check: this looks like") == 1 and "a person&#39;s name" in page
    topic_service.hide_line(db, named_line(db), "personal_data", actor=organiser)
    assert flagged_lines(db, topic) == []
    page = client.get(f"/staff/topics/{topic.id}/lines").get_data(as_text=True)
    assert "Check: this looks like" not in page


def test_keep_hidden_answers_404_for_another_municipality(client, db, login, setup, make_user,
                                                          make_municipality):
    topic, *_ = setup
    login(make_user("organiser", make_municipality("lavangen", "Lavangen kommune")))
    assert client.post(f"/staff/topics/{topic.id}/lines/{named_line(db).id}/keep-hidden").status_code == 404


# Whatever happens to the lines, in whatever order -------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
typed = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)
OPERATIONS = st.lists(st.tuples(st.sampled_from(["hide", "show", "edit", "withdraw", "submit"]),
                                st.sampled_from(["kari", "gro"]), st.integers(0, 1), typed), max_size=6)


@FUZZ
@given(operations=OPERATIONS)
def test_no_sequence_of_changes_leaves_a_title_or_support_from_lines_that_are_gone(db, setup, organiser,
                                                                                 operations):
    topic, kari, _token, gro, measure, _alone = setup
    hosts = {"kari": kari, "gro": gro}
    gone: set[str] = set()
    for operation, who, index, text in operations:
        host = hosts[who]
        db.refresh(host)
        lines = sorted(host.report.suggestions, key=lambda line: (line.question_id, line.position))
        line = lines[index % len(lines)]
        if operation == "hide":
            topic_service.hide_line(db, line, "personal_data", actor=organiser)
        elif operation == "show":
            topic_service.unhide_line(db, line, actor=organiser)
        elif operation == "withdraw":
            host_service.withdraw(db, host)
        else:
            replace = {line.text: text} if operation == "edit" and text.strip() else {}
            if replace:
                gone.add(line.text)
            save_report(db, host, held_on=date.today(), participants=6, age_counts={},
                        lines=report_lines(topic, host, replace), submit=True, actor="host")
        _assert_measures_follow_their_visible_lines(db, topic, gone)


def _assert_measures_follow_their_visible_lines(db, topic, gone: set[str]) -> None:
    db.expire_all()
    same = measure_service.same_words
    for measure in db.scalars(select(Measure).where(Measure.topic_id == topic.id)):
        members = db.execute(
            select(Suggestion.text, Suggestion.hidden, Report.status, Report.id, Report.participants)
            .join(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
            .join(Report, Report.id == Suggestion.report_id)
            .where(MeasureLine.measure_id == measure.id)).all()
        visible = [m for m in members if not m.hidden and m.status is ReportStatus.SUBMITTED]
        unseen = {same(m.text) for m in members if m not in visible} | {same(text) for text in gone}
        assert visible or has_decision(measure), "an empty measure without a decision must go"
        assert same(measure.title) not in unseen - {same(m.text) for m in visible}, measure.title
        groups = {m.id: m.participants for m in visible}
        assert (measure.support_gatherings, measure.support_participants, measure.line_count) == (
            len(groups), sum(groups.values()), len(visible))
