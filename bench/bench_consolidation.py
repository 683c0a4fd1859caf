"""Time and peak memory of consolidate() on synthetic Norwegian suggestions.

    python bench/bench_consolidation.py            # 1k, 10k and 100k lines
    python bench/bench_consolidation.py 1000 5000  # chosen sizes

Every size runs in its own child process, so the peak resident memory it reports (ru_maxrss) belongs to
that size alone. Wall time and CPU time are both shown: on a shared machine the CPU time is the steadier
figure. The lines are generated from a fixed seed: topics, wishes, problem statements and offers
of voluntary work, in Bokmål, Nynorsk and dialect, with some æøå dropped and some typos, spread over
gatherings of 4-8 people and five questions, the way a large municipality's input looks.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 10_000, 100_000)
SEED = 20240611

# Things residents ask for, each in a few spellings (Bokmål, Nynorsk, dialect).
OBJECTS = (
    ("ferje", "ferge", "ferja"), ("barnehage", "bhg", "barnehagen"), ("legekontor", "lege", "fastlege"),
    ("utleigebustad", "utleiebolig", "leilighet"), ("omsorgsbustad", "eldrebolig", "seniorleilighet"),
    ("tursti", "kyststi", "turvei"), ("lysløype", "lysloype"), ("ungdomshus", "ungdomsklubb", "ongdomshus"),
    ("kafé", "kafe", "møteplass"), ("dagsenter", "dagtilbod for eldre"), ("besøksteneste", "besøksvenn"),
    ("gang- og sykkelveg", "gangvei", "fortau"), ("mobildekning", "fiber", "breiband"), ("skule", "skole"),
    ("svømmehall", "symjehall", "basseng"), ("frivilligsentral", "frivillighetssentral"),
    ("språkkafé", "norskkurs", "norskopplæring"), ("kontorfellesskap", "kontorplass", "kontorhotell"),
    ("parkeringsplass", "parkering"), ("kino", "konsert", "revy"), ("strandrydding", "søppelplukking"),
    ("velkomstpakke", "fadderordning"), ("leikeplass", "lekeplass", "lekeapparater"),
    ("ballbinge", "skatepark"),
    ("badeplass", "badebrygge"), ("gapahuk", "bålplass"), ("busstilbod", "bussrute", "buss"),
    ("bibliotek", "biblioteket"), ("idrettshall", "fleirbrukshall", "hall"),
    ("treningssenter", "treningsstudio"),
    ("hamn", "havn", "molo"), ("gatelys", "veilys"), ("sjukeheimsplass", "sykehjemsplass"),
    ("heimesjukepleie", "hjemmesykepleie"), ("tannlege",), ("ambulanse", "ambulansebåt"),
    ("kulturskule", "kulturskole"),
    ("sommarjobb", "sommerjobb"), ("lærlingplass",), ("tomt", "boligtomt", "byggefelt"),
    ("ladestasjon", "ladepunkt"),
    ("hundepark",), ("benk", "benker"), ("søppeldunk", "avfallsdunk"), ("venterom", "ventebu"),
    ("gravplass",),
)
ASPECTS = ("fleire", "flere", "betre", "bedre", "ny", "nytt", "billigare", "lengre opningstid for", "meir",
           "færre", "behald", "ikkje legg ned", "vedlikehald av", "oppussing av", "gratis", "trygg")
PLACES = ("", "", "", "i sentrum", "på Nordvika", "ved skulen", "på Utsida", "i boligfeltet", "ved kaia",
          "langs sjøen", "på Nesheim", "heile året", "om kvelden", "i helgane", "for ungdomen", "for eldre")
PREFIXES = ("", "", "", "Vi ønsker ", "Me treng ", "Kommunen bør satse på ", "Det trengs ", "Viktig: ",
            "Vi kan hjelpe til med ", "Det er vanskeleg utan ")
QUESTIONS = ("q1", "q2", "q3", "q4", "q5")
FOLDS = (("å", "a"), ("ø", "o"), ("æ", "ae"))


def _typo(text: str, rng: random.Random) -> str:
    """Swap two neighbouring letters somewhere in the line, as fast typing does."""
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def synthetic_suggestions(size: int, seed: int = SEED) -> list[dict[str, object]]:
    """size suggestion rows with ids, texts, questions, gatherings and participant counts."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    gathering = 0
    while len(rows) < size:
        gathering += 1
        participants = rng.randint(4, 8)
        for _ in range(rng.randint(10, 20)):
            spellings = OBJECTS[min(int(rng.expovariate(1 / 12)), len(OBJECTS) - 1)]
            words = [rng.choice(ASPECTS[:rng.randint(2, len(ASPECTS))]), rng.choice(spellings),
                     rng.choice(PLACES)]
            text = rng.choice(PREFIXES) + " ".join(word for word in words if word)
            if rng.random() < 0.15:
                for letter, plain in FOLDS:
                    text = text.replace(letter, plain)
            if rng.random() < 0.1:
                text = _typo(text, rng)
            rows.append({"id": f"s{len(rows):07d}", "text": text[:1].upper() + text[1:],
                         "question": rng.choice(QUESTIONS), "gathering": f"g{gathering:05d}",
                         "participants": participants})
            if len(rows) == size:
                break
    return rows


def measure_one(size: int) -> dict[str, float]:
    """Run consolidate() once on `size` lines in this process; time and peak memory."""
    sys.path.insert(0, str(REPO_ROOT))
    from gjestebud.consolidation import Suggestion, consolidate

    suggestions = [Suggestion(**row) for row in synthetic_suggestions(size)]  # type: ignore[arg-type]
    started, cpu_started = time.perf_counter(), time.process_time()
    measures = consolidate(suggestions)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"lines": size, "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2),
            "peak_mib": round(peak_kib / 1024, 1), "measures": len(measures)}


def measure_review(size: int, answers: int = 20) -> dict[str, float]:
    """Guided review on `size` lines: building it, answering the engine's own questions (yes and no in
    turn; each time an answer plus the next question), and rebuilding it with 100 answers replayed."""
    sys.path.insert(0, str(REPO_ROOT))
    from gjestebud.consolidation import Suggestion
    from gjestebud.consolidation.review import Answer, Review

    suggestions = [Suggestion(**row) for row in synthetic_suggestions(size)]  # type: ignore[arg-type]
    started = time.perf_counter()
    review = Review(suggestions)
    question = review.next_question()
    built = time.perf_counter() - started
    seconds, cpu_seconds = [], []
    while question is not None and len(seconds) < answers:
        tick, cpu_tick = time.perf_counter(), time.process_time()
        review.answer(question, same=len(seconds) % 2 == 0)
        question = review.next_question()
        seconds.append(time.perf_counter() - tick)
        cpu_seconds.append(time.process_time() - cpu_tick)
    stored = list(review.answers)
    ids = [s.id for s in suggestions]
    while len(stored) < 100:  # fill up to 100 with answers about lines that sit next to each other
        k = len(stored)
        stored.append(Answer((ids[(7 * k) % size],), (ids[(7 * k + 1) % size],), k % 2 == 0))
    started, cpu_started = time.perf_counter(), time.process_time()
    Review(suggestions, answers=stored).next_question()
    replayed, cpu_replayed = time.perf_counter() - started, time.process_time() - cpu_started
    return {"lines": size, "build_s": round(built, 2),
            "answer_mean_s": round(sum(seconds) / max(len(seconds), 1), 3),
            "answer_mean_cpu_s": round(sum(cpu_seconds) / max(len(cpu_seconds), 1), 3),
            "answer_max_s": round(max(seconds, default=0.0), 3), "replay_100_s": round(replayed, 2),
            "replay_100_cpu_s": round(cpu_replayed, 2)}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--child":
        print(json.dumps(measure_one(int(argv[1]))))
        return 0
    if len(argv) == 2 and argv[0] == "--review-child":
        print(json.dumps(measure_review(int(argv[1]))))
        return 0
    if argv and argv[0] == "--review":
        for size in [int(a) for a in argv[1:]] or [1000, 10000]:
            child = subprocess.run([sys.executable, __file__, "--review-child", str(size)],
                                   capture_output=True, text=True, check=True)
            print(child.stdout.strip().splitlines()[-1])
        return 0
    sizes = [int(a) for a in argv] or list(DEFAULT_SIZES)
    print(f"{'lines':>8} {'seconds':>8} {'cpu s':>8} {'peak MiB':>9} {'measures':>9}")
    for size in sizes:
        child = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True,
                               text=True, check=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{result['lines']:>8} {result['seconds']:>8} {result['cpu_seconds']:>8} "
              f"{result['peak_mib']:>9} {result['measures']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
