"""The consolidation engine on its own: no app, no database."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gjestebud.consolidation import (
    Measure,
    PriorMeasure,
    Suggestion,
    consolidate,
    propose_title,
    similar_measures,
    titles,
)
from gjestebud.consolidation.__main__ import main
from gjestebud.consolidation.normalise import analyse_line, fold

REPO_ROOT = Path(__file__).resolve().parents[2]

# A small evening's worth of answers: several ways of asking for the same few things, in Bokmål, Nynorsk,
# dialect and English, with and without æøå, next to lines about other things.
CORPUS = [
    ("a01", "Fleire ferjeavgangar om kvelden", "q4", "g1"),
    ("a02", "Flere fergeavganger", "q4", "g2"),
    ("a03", "Ferja går for sjeldan om kvelden", "q2", "g3"),
    ("a04", "More ferry departures in the evening", "q4", "g4"),
    ("a05", "Ferja ma ga oftare om kvelden", "q4", "g5"),
    ("b01", "Lengre opningstid i barnehagen", "q4", "g1"),
    ("b02", "Utvidet åpningstid i bhg", "q4", "g2"),
    ("b03", "Apningstiden i barnehagen er for kort", "q2", "g3"),
    ("b04", "Barnehagen stengjer for tidleg", "q2", "g4"),
    ("c01", "Fleire rimelege utleigebustader for unge", "q3", "g1"),
    ("c02", "Flere rimelige utleieboliger for unge", "q3", "g2"),
    ("c03", "Billige leiligheter å leie for unge", "q3", "g5"),
    ("d01", "Gang- og sykkelvei til skolen", "q4", "g2"),
    ("d02", "Gang og sykkelveg til skulen", "q4", "g3"),
    ("d03", "Gangvegen til skulen manglar", "q2", "g5"),
    ("e01", "Ungdomshus med vaksne til stades", "q3", "g1"),
    ("e02", "Eit ongdomshus for ongane", "q3", "g4"),
    ("e03", "Eget ungdomshus i sentrum", "q3", "g5"),
    ("f01", "Lege på øya kvar dag", "q4", "g2"),
    ("f02", "Fast lege på øya", "q4", "g3"),
    ("f03", "Legekontor på øya", "q4", "g4"),
    ("g01", "Merka turstiar rundt øya", "q4", "g1"),
    ("g02", "Flere merkede turstier", "q4", "g4"),
    ("g03", "Merke stiane og lage turkart", "q5", "g5"),
    ("h01", "Ikkje legg ned skulen i bygda", "q4", "g4"),
    ("h02", "Behald skulen i bygda", "q4", "g5"),
]


def suggestions(rows=CORPUS) -> list[Suggestion]:
    return [Suggestion(id=i, text=t, question=q, gathering=g, participants=5) for i, t, q, g in rows]


def measure_of(measures: list[Measure]) -> dict[str, str]:
    return {member: measure.key for measure in measures for member in measure.member_ids}


@pytest.fixture(scope="module")
def corpus_measures() -> list[Measure]:
    return consolidate(suggestions())


def partition(measures: list[Measure]) -> set[tuple[str, ...]]:
    return {measure.member_ids for measure in measures}


# --- normalisation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("left, right", [
    ("veg", "vei"), ("bustad", "bolig"), ("ferje", "ferge"), ("ferja", "ferge"), ("skule", "skole"),
    ("ongdom", "ungdom"), ("born", "barn"), ("heim", "hjem"), ("opningstid", "åpningstid"),
    ("svommehallen", "svømmehallen"), ("ambulansebaat", "ambulansebåt"), ("ferry", "ferje"),
])
def test_spelling_variants_become_the_same_term(left: str, right: str) -> None:
    assert analyse_line(left, None).terms == analyse_line(right, None).terms


def test_stop_words_do_not_count_and_direction_words_are_noted() -> None:
    line = analyse_line("Vi ønsker at det blir fleire parkeringsplassar", "nn")
    assert "vi" not in line.terms and "at" not in line.terms and "det" not in line.terms
    assert line.more and not line.less
    assert analyse_line("Færre parkeringsplasser", "nb").less


def test_folding_removes_the_need_for_norwegian_letters() -> None:
    assert fold("åpningstid på øya, ærlig") == fold("apningstid pa oya, aerlig")


# --- merging and keeping apart -----------------------------------------------------------------------

@pytest.mark.parametrize("group", ["a", "b", "c", "d", "e", "f", "g", "h"])
def test_variants_of_one_wish_meet(corpus_measures: list[Measure], group: str) -> None:
    where = measure_of(corpus_measures)
    keys = {where[i] for i, *_ in CORPUS if i.startswith(group)}
    assert len(keys) == 1, f"lines of group {group} were split over {len(keys)} measures"


def test_different_wishes_stay_apart(corpus_measures: list[Measure]) -> None:
    where = measure_of(corpus_measures)
    firsts = {where[i] for i, *_ in CORPUS if i.endswith("01")}
    assert len(firsts) == len({i[0] for i, *_ in CORPUS})


def test_more_and_fewer_never_share_a_measure() -> None:
    rows = CORPUS + [("p01", "flere parkeringsplasser i sentrum", "q4", "g1"),
                     ("p02", "færre parkeringsplasser", "q4", "g2"),
                     ("p03", "Parkeringsplasser ved kaia", "q4", "g3")]
    where = measure_of(consolidate(suggestions(rows)))
    assert where["p01"] != where["p02"]


def test_lines_that_lead_with_different_things_stay_apart() -> None:
    rows = CORPUS + [("k01", "kafé i Huset mot havet", "q4", "g1"),
                     ("k02", "flytte rådhuset til Huset mot havet", "q4", "g2"),
                     ("k03", "En kafé i sentrum som er åpen i helgene", "q4", "g3"),
                     ("k04", "Kafe og møteplass for alle", "q4", "g4")]
    where = measure_of(consolidate(suggestions(rows)))
    assert where["k01"] != where["k02"]
    assert where["k01"] == where["k03"]


def test_lines_without_content_words_stay_alone() -> None:
    rows = [("x1", "Takk for oss!", None, None), ("x2", "Ikkje noko meir frå oss", None, None),
            ("x3", "Det er det", None, None)]
    assert len(consolidate(suggestions(rows))) == 3


# --- determinism and order -----------------------------------------------------------------------------

def test_same_result_whatever_the_input_order(corpus_measures: list[Measure]) -> None:
    shuffled = suggestions()
    random.Random(7).shuffle(shuffled)
    assert consolidate(shuffled) == corpus_measures


def test_same_result_on_every_run(corpus_measures: list[Measure]) -> None:
    assert consolidate(suggestions()) == corpus_measures


def test_measures_are_sorted_by_support_and_carry_counts(corpus_measures: list[Measure]) -> None:
    order = [(-m.gatherings, -len(m.member_ids), m.key) for m in corpus_measures]
    assert order == sorted(order)
    for measure in corpus_measures:
        assert list(measure.member_ids) == sorted(measure.member_ids)
        assert measure.participants == 5 * measure.gatherings
        assert list(measure.questions) == sorted(set(measure.questions))


def test_support_counts_distinct_gatherings_and_unknown_gatherings_alone() -> None:
    rows = [Suggestion("s1", "Fleire ferjeavgangar", gathering="g1", participants=6),
            Suggestion("s2", "Fleire ferjeavgangar om kvelden", gathering="g1", participants=6),
            Suggestion("s3", "Flere fergeavganger", gathering=None),
            Suggestion("s4", "Fleire ferjeavgangar i helga", gathering="g2", participants=4)]
    [measure] = consolidate(rows)
    assert measure.gatherings == 3
    assert measure.participants == 10


def test_title_is_a_residents_wording(corpus_measures: list[Measure]) -> None:
    texts = {t.rstrip("!?.,;: ").lower() for _, t, *_ in CORPUS}
    for measure in corpus_measures:
        assert measure.title.lower() in texts


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError):
        consolidate([Suggestion("s1", "Fleire ferjer"), Suggestion("s1", "Flere ferger")])


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    consolidate(suggestions(), progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# --- incremental runs ------------------------------------------------------------------------------------

def as_prior(measures: list[Measure]) -> list[PriorMeasure]:
    return [PriorMeasure(key=m.key, member_ids=m.member_ids, title=m.title) for m in measures]


def test_rerun_with_own_output_keeps_partition_and_keys(corpus_measures: list[Measure]) -> None:
    again = consolidate(suggestions(), as_prior(corpus_measures))
    assert [(m.key, m.member_ids) for m in again] == [(m.key, m.member_ids) for m in corpus_measures]


def test_new_lines_join_existing_measures_or_form_new_ones(corpus_measures: list[Measure]) -> None:
    rows = CORPUS + [("z01", "Fleire ferjeavgangar i helgane", "q4", "g6"),
                     ("z02", "Hundepark ved skogen", "q4", "g6")]
    where_before = measure_of(corpus_measures)
    where_after = measure_of(consolidate(suggestions(rows), as_prior(corpus_measures)))
    assert where_after["z01"] == where_before["a01"]
    assert where_after["z02"] not in set(where_before.values())


def test_locked_lines_stay_and_locked_titles_are_kept(corpus_measures: list[Measure]) -> None:
    where = measure_of(corpus_measures)
    ferry_key, school_key = where["a01"], where["h01"]
    prior = [p for p in as_prior(corpus_measures) if p.key not in (ferry_key, school_key)]
    prior.append(PriorMeasure(key=ferry_key, member_ids=("a01", "a02", "f01"), locked_ids=frozenset({"f01"}),
                              title="Betre ferjetilbod", title_locked=True))
    prior.append(PriorMeasure(key=school_key, member_ids=("h01", "h02"), title="Skule", title_locked=True))
    measures = consolidate(suggestions(), prior)
    by_key = {m.key: m for m in measures}
    assert "f01" in by_key[ferry_key].member_ids
    assert by_key[ferry_key].title == "Betre ferjetilbod"
    assert by_key[school_key].title == "Skule"


def test_lines_locked_to_different_measures_never_merge() -> None:
    prior = [PriorMeasure("m-one", ("a01",), locked_ids=frozenset({"a01"})),
             PriorMeasure("m-two", ("a02",), locked_ids=frozenset({"a02"}))]
    where = measure_of(consolidate(suggestions(), prior))
    assert where["a01"] == "m-one" and where["a02"] == "m-two"


def test_a_locked_measure_survives_when_its_other_lines_leave() -> None:
    prior = [PriorMeasure("m-kept", ("f01", "f02", "f03"), locked_ids=frozenset({"a05"}))]
    measures = consolidate(suggestions(), prior)
    kept = [m for m in measures if m.key == "m-kept"]
    assert kept and "a05" in kept[0].member_ids


def test_lines_gone_from_the_input_vanish(corpus_measures: list[Measure]) -> None:
    fewer = [row for row in CORPUS if row[0] != "a01"]
    members = {i for m in consolidate(suggestions(fewer), as_prior(corpus_measures)) for i in m.member_ids}
    assert "a01" not in members and "a02" in members


def test_each_prior_key_is_used_once(corpus_measures: list[Measure]) -> None:
    everything = PriorMeasure("m-all", tuple(i for i, *_ in CORPUS))
    keys = [m.key for m in consolidate(suggestions(), [everything])]
    assert keys.count("m-all") == 1 and len(keys) == len(set(keys))


# --- similar measures ------------------------------------------------------------------------------------

def test_similar_measures_ranks_related_measures_first() -> None:
    hints = similar_measures({
        "ferry-times": ["Fleire ferjeavgangar", "Ferja går for sjeldan"],
        "ferry-price": ["Billigare ferje", "Ferjebilletten er for dyr"],
        "playground": ["Ny leikeplass i feltet"],
    }, top=2, min_score=0.01)
    assert hints["ferry-times"] and hints["ferry-times"][0][0] == "ferry-price"
    assert all(key != "playground" for key, _ in hints["ferry-times"])
    assert all(type(score) is float and 0 < score <= 1 for key, score in hints["ferry-price"])
    assert "ferry-times" not in [key for key, _ in hints["ferry-times"]]


# --- command line ------------------------------------------------------------------------------------------

def test_command_line_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": i, "text": t, "question": q, "gathering": g, "measure": "must-be-ignored"}
            for i, t, q, g in CORPUS]
    source.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    subprocess.run([sys.executable, "-m", "gjestebud.consolidation", str(source), "-o", str(target)],
                   check=True, cwd=REPO_ROOT, capture_output=True)
    written = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in written] == [row["id"] for row in rows]
    assert all(set(row) == {"id", "measure", "title"} for row in written)
    assert all(row["measure"] != "must-be-ignored" for row in written)
    expected = measure_of(consolidate(suggestions()))
    assert {row["id"]: row["measure"] for row in written} == expected
    assert main([str(source)]) == 0
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")


def test_a_handful_of_lines_where_no_line_leads_with_a_known_word():
    """Small rounds are common: two groups, a few lines each, must consolidate without error."""
    lines = ["Torget med benker og blomster", "Offentlig toalett i sentrum", "Offentleg toalett i sentrum",
             "Fleire benkar langs gata", "Flere benker langs gata", "Nærleiken til sjøen"]
    measures = consolidate(Suggestion(id=str(n), text=text, question="q1", gathering=str(n % 2))
                           for n, text in enumerate(lines))
    assert sorted(i for m in measures for i in m.member_ids) == [str(n) for n in range(len(lines))]
    toilet = next(m for m in measures if "1" in m.member_ids)
    assert "2" in toilet.member_ids


def test_propose_title_picks_the_wording_that_speaks_for_the_others() -> None:
    lines = [Suggestion("1", "Betre lys på kaia"), Suggestion("2", "Belysning på kaia og langs Storgata"),
             Suggestion("3", "mer lys på kaia!"), Suggestion("4", "Lys på kaia")]
    title = propose_title(lines)
    assert title in {"Betre lys på kaia", "Mer lys på kaia", "Lys på kaia"}
    assert propose_title(reversed(lines)) == title
    with pytest.raises(ValueError):
        propose_title([])


# --- titles read as measures -------------------------------------------------------------------------

def test_a_title_prefers_a_proposal_to_praise_a_question_and_a_joke() -> None:
    lines = [Suggestion("1", "Kaia er så fin"), Suggestion("2", "Kva med lys på kaia?"),
             Suggestion("3", "lys på kaia lol"), Suggestion("4", "Betre lys på kaia om kvelden")]
    assert propose_title(lines) == "Betre lys på kaia om kvelden"


def test_a_title_avoids_a_typo_that_the_other_lines_do_not_share() -> None:
    lines = [Suggestion("1", "Ungdomsklub åpen i helgene"),
             Suggestion("2", "Ungdomsklubb åpen i helgene og om kvelden"),
             Suggestion("3", "Ha ungdomsklubb åpen i helgene, også søndag")]
    assert propose_title(lines) != "Ungdomsklub åpen i helgene"
    assert "ungdomsklubb" in propose_title(lines).lower()


@pytest.mark.parametrize("text, family, expected", [
    ("Flere benker langs Storgata", "no", True), ("Lengre åpningstid på ungdomsklubben", "no", True),
    ("Vi ønsker oss en kafé", "no", True), ("Å byggje ein ny kai", "no", True),
    ("Butikkene er nær hverandre", "no", False), ("More benches in the park", "en", True),
    ("The harbour", "en", False), ("Mehr Fahrradständer am Bahnhof", "de", True),
    ("Der Bahnhof", "de", False),
])
def test_proposals_are_told_from_other_lines(text: str, family: str, expected: bool) -> None:
    assert titles.is_proposal(text, family) is expected


@pytest.mark.parametrize("text", ["Kaia og båthavna er fin", "Hvorfor er det ingen benker?", "wifi lol",
                                  "The park is really nice", "Der Markt ist schön", "Benker 👍"])
def test_praise_questions_and_jokes_are_not_measures(text: str) -> None:
    assert titles.is_non_measure(text)


def test_a_moved_line_does_not_drag_its_old_neighbours_along(corpus_measures: list[Measure]) -> None:
    where = measure_of(corpus_measures)
    school_key = where["h01"]
    prior = [PriorMeasure(m.key, tuple(i for i in m.member_ids if i != "a01"), title=m.title)
             for m in corpus_measures if m.key != school_key]
    prior.append(PriorMeasure(school_key, ("a01", "h01", "h02"), locked_ids=frozenset({"a01"})))
    after = measure_of(consolidate(suggestions(), prior))
    assert after["a01"] == school_key
    assert all(after[line] != school_key for line in ("a02", "a03", "a04", "a05"))
    assert after["a02"] == where["a02"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from([row[0] for row in CORPUS]), min_size=1, max_size=5),
                          st.booleans()), max_size=5))
def test_random_locks_end_in_their_measure_and_keys_are_never_reused(groups) -> None:
    locked: dict[str, str] = {}
    prior = []
    for number, (lines, title_locked) in enumerate(groups):
        fresh = sorted(set(lines) - set(locked))
        if fresh:
            key = f"k{number}"
            prior.append(PriorMeasure(key, tuple(fresh), locked_ids=frozenset(fresh), title=f"T{number}",
                                      title_locked=title_locked))
            locked.update({line: key for line in fresh})
    measures = consolidate(suggestions(), prior)
    keys = [m.key for m in measures]
    assert len(keys) == len(set(keys))
    by_key = {m.key: m for m in measures}
    for line, key in locked.items():
        assert line in by_key[key].member_ids
    for measure in measures:
        assert {locked[line] for line in measure.member_ids if line in locked} <= {measure.key}
    again = consolidate(suggestions(), [PriorMeasure(m.key, m.member_ids, title=m.title, locked_ids=frozenset(
        line for line in m.member_ids if line in locked)) for m in measures])
    assert {m.key: m.member_ids for m in again} == {m.key: m.member_ids for m in measures}


def test_a_title_is_in_the_topics_main_written_language() -> None:
    rows = [Suggestion("1", "Fleire benkar langs Storgata", lang="nn"),
            Suggestion("2", "Fleire benkar i parken", lang="nn"),
            Suggestion("3", "Flere benker langs Storgata", lang="nb"),
            Suggestion("4", "Nye benkar ved kaia", lang="nn")]
    titles_by_line = {line: m.title for m in consolidate(rows) for line in m.member_ids}
    assert titles_by_line["3"].startswith("Fleire")
