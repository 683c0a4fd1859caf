"""The guided review in the planner's workspace: questions, answers that move lines and survive re-runs,
skipping, undo from the correction history, and who may answer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gjestebud.models import AuditEvent, Correction, Measure, MeasureLine, ReviewAnswer
from gjestebud.services import measures as service
from gjestebud.services import review as review_service

from .test_measures_service import measure_of, submit_groups


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


def question_in(page: str) -> tuple[list[int], list[int], str]:
    left = [int(v) for v in re.findall(r'name="left" value="(\d+)"', page)]
    right = [int(v) for v in re.findall(r'name="right" value="(\d+)"', page)]
    signature = re.search(r'name="question" value="([0-9a-f]+)"', page).group(1)
    return left, right, signature


def placement(db, topic):
    db.expire_all()
    return dict(db.execute(select(MeasureLine.suggestion_id, MeasureLine.measure_id)
                           .join(Measure).where(Measure.topic_id == topic.id)).all())


def rerun(db, topic, planner):
    preview = service.preview_consolidation(db, topic)
    assert service.run_consolidation(db, topic, planner, expected=preview.fingerprint).status == "done"


def test_the_review_page_asks_one_question_with_both_sides_and_progress(client, db, as_planner, topic,
                                                                         consolidated):
    page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)

    assert "Is this the same measure?" in page
    left, right, _ = question_in(page)
    assert left and right and not set(left) & set(right)
    assert "0 questions answered" in page and "questions left" in page
    for name in ("yes", "no", "skip"):
        assert f'name="{name}"' in page
    assert "Keyboard: J or Y for yes" in page and "Kari Nordmann" not in page


@pytest.mark.parametrize("same", [True, False])
def test_an_answer_moves_the_named_lines_is_stored_audited_and_survives_a_rerun(client, db, as_planner,
                                                                                 topic, consolidated, planner,
                                                                                 same):
    page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    left, right, _ = question_in(page)
    untouched = {sid: mid for sid, mid in placement(db, topic).items() if sid not in {*left, *right}}

    response = client.post(f"/staff/planner/topics/{topic.id}/review/answer",
                           data={"left": left, "right": right, "yes" if same else "no": "1"})

    assert response.status_code == 302
    after = placement(db, topic)
    left_measures, right_measures = {after[i] for i in left}, {after[i] for i in right}
    if same:
        assert left_measures == right_measures and len(left_measures) == 1
    else:
        assert not left_measures & right_measures
    assert {sid: after[sid] for sid in untouched if sid in after} == {
        sid: mid for sid, mid in untouched.items() if sid in after and db.get(Measure, mid) is not None}
    stored = db.scalars(select(ReviewAnswer)).one()
    assert (sorted(stored.left_ids), sorted(stored.right_ids), stored.same, stored.user_id) == (
        sorted(left), sorted(right), same, planner.id)
    assert db.get(Correction, stored.correction_id).kind == "review"
    assert db.scalar(select(func.count()).where(AuditEvent.action == "review.answer")) == 1
    next_page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    assert "1 question answered" in next_page

    rerun(db, topic, planner)

    kept = placement(db, topic)
    assert {kept[i] for i in left} == left_measures and {kept[i] for i in right} == right_measures


def test_undo_from_the_history_restores_the_measures_and_forgets_the_answer(client, db, as_planner, topic,
                                                                           consolidated):
    before = placement(db, topic)
    page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    left, right, _ = question_in(page)
    client.post(f"/staff/planner/topics/{topic.id}/review/answer", data={"left": left, "right": right,
                                                                         "yes": "1"})
    correction = db.scalars(select(Correction).where(Correction.kind == "review")).one()
    history = client.get(f"/staff/planner/topics/{topic.id}/corrections").get_data(as_text=True)
    assert "Answered a review question" in history

    client.post(f"/staff/planner/topics/{topic.id}/corrections/{correction.id}/undo")

    assert placement(db, topic) == before
    assert db.scalar(select(func.count(ReviewAnswer.id))) == 0
    again = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    assert "0 questions answered" in again


def test_skip_shows_another_question_and_changes_nothing(client, db, as_planner, topic, consolidated):
    before = placement(db, topic)
    page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    left, right, signature = question_in(page)

    client.post(f"/staff/planner/topics/{topic.id}/review/answer",
                data={"left": left, "right": right, "question": signature, "skip": "1"})

    page = client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True)
    assert placement(db, topic) == before and db.scalar(select(func.count(ReviewAnswer.id))) == 0
    assert "You skipped 1 question." in page
    if 'name="left"' in page:
        assert question_in(page)[2] != signature
    client.post(f"/staff/planner/topics/{topic.id}/review/skipped")
    assert question_in(client.get(f"/staff/planner/topics/{topic.id}/review").get_data(as_text=True))[2] == \
        signature


def test_an_answer_about_lines_of_another_topic_is_refused(client, db, as_planner, topic, consolidated,
                                                           make_topic, municipality, make_host):
    other = make_topic(municipality, slug="havna", title="Havna")
    foreign = [line.id for report in submit_groups(db, other, make_host) for line in report.suggestions][:1]
    own = list(placement(db, topic))[:1]
    before = placement(db, topic)

    response = client.post(f"/staff/planner/topics/{topic.id}/review/answer",
                           data={"left": foreign, "right": own, "yes": "1"}, follow_redirects=True)

    assert "hidden or withdrawn" in response.get_data(as_text=True)
    assert placement(db, topic) == before and db.scalar(select(func.count(ReviewAnswer.id))) == 0


def test_a_post_without_an_answer_button_is_a_clear_error(client, db, as_planner, topic, consolidated):
    response = client.post(f"/staff/planner/topics/{topic.id}/review/answer",
                           data={"left": [1], "right": [2]})
    assert response.status_code == 400
    assert "Answer yes or no, or skip the question." in response.get_data(as_text=True)


def test_the_service_applies_a_yes_into_the_measure_of_the_right_side(db, topic, consolidated, planner):
    lighting = measure_of(db, "Bedre belysning i parken")
    street = measure_of(db, "Gatelys langs skoleveien")
    if street.id == lighting.id:
        street = service.split_lines(db, topic, lighting, [
            db.scalar(select(MeasureLine.suggestion_id).where(MeasureLine.measure_id == lighting.id))],
            "", planner)
    street_lines = [sid for sid, mid in placement(db, topic).items() if mid == street.id]
    lighting_lines = [sid for sid, mid in placement(db, topic).items() if mid == lighting.id]

    review_service.answer_question(db, topic, street_lines, lighting_lines, True, planner)

    after = placement(db, topic)
    assert len({after[i] for i in street_lines + lighting_lines}) == 1
    assert {after[i] for i in lighting_lines} <= {lighting.id, street.id}, "a kept number, not a new one"
