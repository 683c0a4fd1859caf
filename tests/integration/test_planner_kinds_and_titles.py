"""Question kinds (set by organisers and templates, shown as ranked themes in the workspace) and proposed
titles that a planner confirms with one click."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from gjestebud.models import Correction, Measure, MeasureStatus, Question, QuestionKind, Topic
from gjestebud.question_templates import TEMPLATES
from gjestebud.services import measures as service

from .test_measures_service import measure_of, submit_groups
from .test_organiser_topics import topic_data


@pytest.fixture
def topic(municipality, make_topic):
    return make_topic(municipality)


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


def rerun(db, topic, planner):
    preview = service.preview_consolidation(db, topic)
    assert service.run_consolidation(db, topic, planner, expected=preview.fingerprint).status == "done"


# Kinds ----------------------------------------------------------------------------------------------------


def test_every_template_sets_a_kind_per_question_with_strengths_and_contributions_where_asked():
    for template in TEMPLATES:
        assert len(template.kinds) == len(template.questions), template.key
    centre = next(t for t in TEMPLATES if t.key == "sentrumsutvikling")
    assert centre.kinds[0] is QuestionKind.STRENGTHS and "bra" in centre.questions[0]
    assert centre.kinds[-1] is QuestionKind.CONTRIBUTIONS and "bidra" in centre.questions[-1]


def test_a_topic_from_a_template_gets_the_kinds(client, db, make_user, municipality, login):
    login(make_user("organiser", municipality))
    template = next(t for t in TEMPLATES if t.key == "sentrumsutvikling")
    client.post("/staff/topics/new", data=topic_data(template=template.key, title=template.title, slug="",
                                                     guide_md=template.guide_md))
    topic = db.scalar(select(Topic))
    assert [q.kind for q in topic.questions] == list(template.kinds)


def test_the_organiser_sets_the_kind_in_the_question_form_and_sees_it_in_the_list(client, db, make_user,
                                                                                  municipality, topic, login):
    login(make_user("organiser", municipality))
    url = f"/staff/topics/{topic.id}/questions"
    client.post(url, data={"text": "Hva kan dere bidra med?", "help_text": "", "kind": "contributions"})
    added = db.scalar(select(Question).where(Question.text == "Hva kan dere bidra med?"))
    assert added.kind is QuestionKind.CONTRIBUTIONS
    first = topic.questions[0]
    client.post(f"{url}/{first.id}/edit", data={"text": first.text, "help_text": "", "kind": "strengths"})
    db.expire_all()
    assert db.get(Question, first.id).kind is QuestionKind.STRENGTHS
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<option selected value="strengths">Strengths \(what is good today\)</option>', page)
    bad = client.post(f"{url}/{first.id}/edit", data={"text": first.text, "kind": "praise"})
    assert bad.status_code == 200 and "Not a valid choice" in bad.get_data(as_text=True)


def test_the_kind_can_change_after_reports_came_in_and_measures_follow(client, db, make_user, municipality,
                                                                       topic, make_host, planner, login):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    login(make_user("organiser", municipality))
    first = topic.questions[0]

    client.post(f"/staff/topics/{topic.id}/questions/{first.id}/kind", data={"kind": "strengths"})

    db.expire_all()
    assert db.get(Question, first.id).kind is QuestionKind.STRENGTHS
    assert measure_of(db, "Flere benker langs havna").kind is QuestionKind.STRENGTHS
    assert measure_of(db, "Bedre belysning i parken").kind is QuestionKind.PROPOSALS


def test_themes_are_ranked_on_their_own_tab_without_status_or_answer(client, db, topic, make_host, planner,
                                                                    login):
    topic.questions[0].kind = QuestionKind.STRENGTHS
    db.commit()
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    login(planner)
    url = f"/staff/planner/topics/{topic.id}/measures"
    benches = measure_of(db, "Flere benker langs havna")
    assert benches.kind is QuestionKind.STRENGTHS

    proposals = client.get(url).get_data(as_text=True)
    themes = client.get(url, query_string={"kind": "strengths"}).get_data(as_text=True)

    assert f'id="measure-{benches.id}"' not in proposals and f'id="measure-{benches.id}"' in themes
    assert "What you appreciate (" in proposals and "Themes, most support first" in themes
    page = client.get(f"{url}/{benches.id}").get_data(as_text=True)
    assert "A theme, not a proposed measure" in page and "Save status and answer" not in page
    client.post(f"{url}/{benches.id}/decision", data={"status": "adopted", "answer_md": "Ja"})
    db.expire_all()
    assert db.get(Measure, benches.id).status is MeasureStatus.NEW


# Titles ---------------------------------------------------------------------------------------------------


def test_titles_are_proposed_until_confirmed_with_one_click_and_reruns_keep_them(client, db, topic,
                                                                                make_host, planner, login):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    login(planner)
    url = f"/staff/planner/topics/{topic.id}/measures"
    total = db.scalar(select(func.count(Measure.id)))
    page = client.get(url).get_data(as_text=True)
    assert f"{total} proposed titles are left to confirm" in page and "Proposed title" in page
    lighting = measure_of(db, "Bedre belysning i parken")
    title = lighting.title

    response = client.post(f"{url}/{lighting.id}/confirm-title", data={"back": "list"})

    assert response.headers["Location"].endswith(f"#measure-{lighting.id}")
    db.expire_all()
    confirmed = db.get(Measure, lighting.id)
    assert (confirmed.title_confirmed, confirmed.title_locked) == (True, True)
    assert f"{total - 1} proposed titles are left to confirm" in client.get(url).get_data(as_text=True)
    submit_groups(db, topic, make_host, groups=[("Sjøvegan", 5, [[], ["Lys i parken, og mer belysning i "
                                                                      "parken om vinteren"], []])])
    rerun(db, topic, planner)
    db.expire_all()
    assert db.get(Measure, lighting.id).title == title


def test_a_rename_confirms_the_title_and_undo_of_a_confirmation_makes_it_proposed_again(db, topic, make_host,
                                                                                       planner):
    submit_groups(db, topic, make_host)
    rerun(db, topic, planner)
    lighting = measure_of(db, "Bedre belysning i parken")
    service.rename_measure(db, topic, lighting, "Bedre lys i parken", planner)
    assert lighting.title_confirmed
    benches = measure_of(db, "Flere benker langs havna")
    service.confirm_title(db, topic, benches, planner)
    correction = db.scalars(select(Correction).where(Correction.kind == "confirm")).one()

    service.undo_correction(db, topic, correction, planner)

    db.expire_all()
    assert (db.get(Measure, benches.id).title_confirmed, db.get(Measure, benches.id).title_locked) == (False,
                                                                                                      False)
