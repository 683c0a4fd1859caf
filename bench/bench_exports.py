"""Time and peak memory of the CSV and XLSX exports of a topic with many lines.

    python bench/bench_exports.py            # 100,000 lines
    python bench/bench_exports.py 20000      # another size

Builds a migrated SQLite database in a temporary folder (bulk inserts: gatherings of 4-8 people, five
questions, a third of the lines in measures, one in fifty hidden), then runs each export in its own child
process, so the peak resident memory (ru_maxrss) belongs to that export alone. The database is built in a
child too: Linux carries a parent's peak RSS over into a child it starts, so this parent stays small.

Each child reports its resident memory once the app is up (the baseline: Python, the app, its libraries),
times the export, then runs it again under tracemalloc for the peak of Python allocations. The output is
consumed chunk by chunk and only counted, as a streamed HTTP response would be. On a busy machine the CPU
time is the steadier figure.
"""

from __future__ import annotations

import json
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

DEFAULT_LINES = 100_000
SEED = 20260527
EXPORTS = ("lines_csv", "measures_csv", "lines_xlsx", "measures_xlsx")
AREAS = ("Sjøvegan", "Laksvatn", "Øvre Salangen", "Elvenes", "Nordvika", None)
WORDS = ("flere", "benker", "langs", "havna", "bedre", "belysning", "i", "parken", "ungdomskafé", "sentrum",
         "bussavganger", "til", "Sjøvegan", "lekeplass", "ved", "skolen", "gatelys", "skoleveien", "om",
         "kvelden", "for", "eldre", "badeplass", "gapahuk", "bibliotek", "åpent", "lenger", "trygg",
         "sykkelvei", "kaia")


def build_database(path: Path, lines: int) -> int:
    """A migrated database with one topic of about `lines` visible and hidden lines; returns the topic id."""
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from gjestebud.db import make_engine
    from gjestebud.migrate import upgrade
    from gjestebud.models import (
        Host,
        Measure,
        MeasureLine,
        MeasureStatus,
        Municipality,
        Question,
        Report,
        ReportStatus,
        Suggestion,
        Topic,
        TopicStatus,
    )

    rng = random.Random(SEED)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    now = datetime.now(timezone.utc)
    with Session(engine) as session:
        municipality = Municipality(slug="salangen", name="Salangen kommune")
        topic = Topic(municipality=municipality, slug="sjovegan-sentrum",
                      title="Utvikling av Sjøvegan sentrum", status=TopicStatus.CLOSED,
                      report_deadline=date(2026, 5, 1))
        topic.questions = [Question(position=i, text=f"Spørsmål {i}: hva bør kommunen gjøre?")
                           for i in range(1, 6)]
        session.add(topic)
        session.commit()
        question_ids = [question.id for question in topic.questions]

        hosts, reports, suggestions = [], [], []
        line_id = host_id = 0
        while line_id < lines:
            host_id += 1
            hosts.append({"id": host_id, "topic_id": topic.id, "number": host_id, "name": f"Vert {host_id}",
                          "email": f"vert{host_id}@example.org", "phone": "+47 900 00 000",
                          "area": rng.choice(AREAS), "language": rng.choice(("nb", "nb", "nn", "se")),
                          "token_hash": f"{host_id:064x}", "confirmed_at": now})
            reports.append({"id": host_id, "host_id": host_id, "topic_id": topic.id,
                            "status": ReportStatus.SUBMITTED, "participants": rng.randint(4, 8),
                            "submitted_at": now})
            for position in range(rng.randint(4, 10)):
                line_id += 1
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))).capitalize()
                suggestions.append({"id": line_id, "report_id": host_id,
                                    "question_id": rng.choice(question_ids), "position": position,
                                    "text": text, "hidden": line_id % 50 == 0})
        measure_count = max(lines // 20, 1)
        measures = [{"id": i, "topic_id": topic.id, "key": f"m{i}", "title": f"Tiltak {i}: flere benker",
                     "status": rng.choice(list(MeasureStatus)), "answer_md": "Vi ser på dette.",
                     "support_gatherings": rng.randint(1, 30), "support_participants": rng.randint(4, 200),
                     "line_count": 0} for i in range(1, measure_count + 1)]
        members = [{"suggestion_id": i, "measure_id": i % measure_count + 1}
                   for i in range(1, line_id + 1) if i % 3 == 0 and i % 50]
        for model, rows in ((Host, hosts), (Report, reports), (Suggestion, suggestions), (Measure, measures),
                            (MeasureLine, members)):
            for start in range(0, len(rows), 10_000):
                session.execute(insert(model), rows[start:start + 10_000])
        session.commit()
        topic_id = topic.id
    engine.dispose()
    return topic_id


def run_export(database: Path, topic_id: int, name: str) -> dict[str, float]:
    """One export in this process: wall time, then the tracemalloc peak of a second run, then ru_maxrss."""
    from gjestebud import create_app
    from gjestebud.db import get_session
    from gjestebud.models import Topic
    from gjestebud.services import exports

    app = create_app({"SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": f"sqlite:///{database}"})
    with app.test_request_context():
        get_session().get(Topic, topic_id)
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def consume() -> tuple[int, int]:
        with app.test_request_context(headers={"Accept-Language": "nb"}):
            session = get_session()
            topic = session.get(Topic, topic_id)
            size = chunks = 0
            for chunk in getattr(exports, name)(session, topic):
                size += len(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                chunks += 1
            return size, chunks

    started, cpu = time.perf_counter(), time.process_time()
    size, chunks = consume()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    tracemalloc.start()
    consume()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "bytes": size, "chunks": chunks,
            "tracemalloc_peak_mb": peak / 2**20, "baseline_mb": baseline,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(*args: str) -> str:
    """Run this script in a fresh process and return the last line it printed."""
    child = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True,
                           cwd=REPO_ROOT)
    return child.stdout.strip().splitlines()[-1]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--build"]:
        print(build_database(Path(argv[1]), int(argv[2])))
        return
    if argv[:1] == ["--export"]:
        print(json.dumps(run_export(Path(argv[1]), int(argv[2]), argv[3])))
        return
    lines = int(argv[0]) if argv else DEFAULT_LINES
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        topic_id = _child("--build", str(database), str(lines))
        print(f"Built a database with {lines:,} lines in {time.perf_counter() - started:.1f} s "
              f"({database.stat().st_size / 2**20:.0f} MB).")
        print(f"{'export':<15}{'wall s':>8}{'CPU s':>8}{'output MB':>11}{'chunks':>8}"
              f"{'tracemalloc peak MB':>21}{'RSS at start MB':>17}{'max RSS MB':>12}")
        for name in EXPORTS:
            result = json.loads(_child("--export", str(database), topic_id, name))
            print(f"{name:<15}{result['seconds']:>8.2f}{result['cpu_seconds']:>8.2f}"
                  f"{result['bytes'] / 2**20:>11.1f}{result['chunks']:>8}"
                  f"{result['tracemalloc_peak_mb']:>21.1f}{result['baseline_mb']:>17.0f}"
                  f"{result['maxrss_mb']:>12.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
