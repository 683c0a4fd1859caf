"""The Move list on a measure's page is a plain form (a GET search narrows it), and the similar measures
never suggest merging back a measure the planner split apart."""

import re

from sqlalchemy import select

from gjestebud.models import Correction
from gjestebud.services import measures as service

from . import test_planner_measures as measures_page
from .test_measures_service import line_id, measure_of, texts_of

# The measures workspace's fixtures: an English client, a consolidated topic, a planner logged in.
client, topic, planner = measures_page.client, measures_page.topic, measures_page.planner
consolidated, as_planner = measures_page.consolidated, measures_page.as_planner


def options_of(page):
    select_html = page[re.search(r'<select[^>]* id="target"', page).start():]
    select_html = select_html[:select_html.index("</select>")]
    return re.findall(r'<option[^>]*value="(\d*)"[^>]*>([^<]*)</option>', select_html)


def test_move_list_offers_every_other_measure_and_a_search_narrows_it(client, db, as_planner, topic,
                                                                      consolidated):
    benches = measure_of(db, "Flere benker langs havna")
    lighting = measure_of(db, "Bedre belysning i parken")
    url = f"/staff/planner/topics/{topic.id}/measures/{benches.id}"
    page = client.get(url).get_data(as_text=True)
    options = options_of(page)
    assert options[0][0] == "" and (str(lighting.id), f"No. {lighting.id}: {lighting.title}") in options
    assert str(benches.id) not in [value for value, _label in options]
    assert 'name="move_q"' in page and 'method="get"' in page

    narrowed = options_of(client.get(url, query_string={"move_q": "belysning"}).get_data(as_text=True))
    assert [value for value, _label in narrowed[1:]] == [str(lighting.id)]
    page = client.get(url, query_string={"move_q": "finnes ikke"}).get_data(as_text=True)
    assert options_of(page) == [("", "Choose a measure")] and "0 measures match" in page

    # The chosen value is an ordinary POST; the lines land in the measure picked.
    moved = min(texts_of(db, benches) - {"Flere benker langs havna"})
    response = client.post(f"{url}/lines", data={"line_ids": [str(line_id(db, moved))], "move": "x",
                                                 "target": narrowed[1][0], "reason": "off_topic"})
    assert response.status_code == 302
    assert measure_of(db, moved).id == lighting.id


def test_a_measure_split_out_is_not_suggested_for_merging_back(client, db, as_planner, planner, topic,
                                                               consolidated):
    benches = measure_of(db, "Flere benker langs havna")
    benches_id = benches.id
    others = sorted(texts_of(db, benches) - {"Flere benker langs havna"})
    new = service.split_lines(db, topic, benches, [line_id(db, text) for text in others], "", planner)
    new_id = new.id
    assert new_id in [m.id for m, _score in service.similar_to(db, topic, benches, top=50)], \
        "the engine alone would suggest it"

    def merge_targets(measure_id):
        page = client.get(f"/staff/planner/topics/{topic.id}/measures/{measure_id}").get_data(as_text=True)
        return {int(value) for value in re.findall(r'name="measure_ids" value="(\d+)"', page)} - {measure_id}

    assert new_id not in merge_targets(benches_id)
    assert benches_id not in merge_targets(new_id)

    # Undoing the split puts things back as they were: nothing left to exclude.
    correction = db.scalar(select(Correction).where(Correction.kind == "split"))
    service.undo_correction(db, topic, correction, planner)
    from gjestebud.services.measure_picker import split_relatives

    assert split_relatives(db, topic, measure_of(db, "Flere benker langs havna")) == set()
