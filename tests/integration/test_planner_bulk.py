"""Bulk answers and answer templates: one status and answer for several measures, each undoable; templates
per municipality, edited before use; nothing across municipalities."""

import pytest
from sqlalchemy import select

from gjestebud.models import AnswerTemplate, Correction, MeasureStatus

from .test_results_publish import build_round


@pytest.fixture
def client(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


def base(round_):
    return f"/staff/planner/topics/{round_.topic.id}"


def test_several_measures_get_one_status_and_answer_each_as_its_own_correction(client, db, login, make_user,
                                                                               municipality, round_):
    login(make_user("planner", municipality))
    ids = [round_.measures["light"].id, round_.measures["cafe"].id]
    before = db.scalar(select(Correction.id).order_by(Correction.id.desc()).limit(1)) or 0
    response = client.post(base(round_) + "/measures/bulk?show=", data={
        "measure_ids": [str(i) for i in ids], "status": "out_of_scope", "answer_md": "Sendt til **fylket**."})
    assert response.status_code == 302
    db.expire_all()
    for key in ("light", "cafe"):
        measure = round_.measures[key]
        assert (measure.status, measure.answer_md) == (MeasureStatus.OUT_OF_SCOPE, "Sendt til **fylket**.")
    assert round_.measures["benches"].status is MeasureStatus.ADOPTED
    decided = db.scalars(select(Correction).where(Correction.id > before, Correction.kind == "decide")).all()
    assert len(decided) == 2


def test_nothing_ticked_is_refused_and_keeps_the_answer(client, db, login, make_user, municipality, round_):
    login(make_user("planner", municipality))
    response = client.post(base(round_) + "/measures/bulk?show=", data={"status": "adopted",
                                                                       "answer_md": "Vi gjør det."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Tick at least one measure." in page and "Vi gjør det." in page


def test_a_template_fills_the_answer_to_be_edited(client, db, login, make_user, municipality, round_):
    login(make_user("planner", municipality))
    response = client.post(base(round_) + "/answer-templates",
                           data={"title": "Fylket", "answer_md": "Sendt til fylkeskommunen."})
    assert response.status_code == 302
    template = db.scalars(select(AnswerTemplate)).one()
    assert template.municipality_id == municipality.id
    page = client.get(base(round_) + f"/measures/bulk?template={template.id}").get_data(as_text=True)
    assert "Sendt til fylkeskommunen.</textarea>" in page
    # Only measures still "New" are offered by default: the café.
    assert f'id="bulk-{round_.measures["cafe"].id}"' in page
    assert f'id="bulk-{round_.measures["benches"].id}"' not in page
    client.post(base(round_) + f"/answer-templates/{template.id}",
                data={"title": "Fylket", "answer_md": "Nytt."})
    db.expire_all()
    assert template.answer_md == "Nytt."
    client.post(base(round_) + f"/answer-templates/{template.id}/delete")
    assert db.scalars(select(AnswerTemplate)).all() == []


def test_another_municipalitys_templates_and_measures_are_out_of_reach(client, db, login, make_user,
                                                                      make_municipality, make_topic, round_):
    other = make_municipality("lavangen", "Lavangen kommune")
    other_topic = make_topic(other, slug="lavangen")
    theirs = AnswerTemplate(municipality_id=other.id, title="Hemmelig", answer_md="Deres tekst")
    db.add(theirs)
    db.commit()
    login(make_user("planner", round_.topic.municipality))
    page = client.get(base(round_) + f"/measures/bulk?template={theirs.id}").get_data(as_text=True)
    assert "Deres tekst" not in page and "Hemmelig" not in page
    assert client.get(base(round_) + f"/answer-templates/{theirs.id}").status_code == 404
    assert client.get(f"/staff/planner/topics/{other_topic.id}/measures/bulk").status_code == 404
    response = client.post(base(round_) + "/measures/bulk?show=", data={
        "measure_ids": ["999999"], "status": "adopted", "answer_md": "x"})
    assert response.status_code == 400
