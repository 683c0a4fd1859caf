"""How long a planner's guided-review session takes in a real browser.

    python bench/review_session.py [--answers 100] [--set EVAL_SET_DIR] [--screenshot FILE]

Starts the app on a free port of 127.0.0.1 with a scratch SQLite database and the demo loaded, logs in as the
demo planner in Chromium (Playwright), opens the guided review and answers questions with the keyboard, as a
practised planner would (J for yes, N for no). Each answer is timed from the key press until the next question
is on the screen: the form post, the answer applied to the measures, the next question chosen and the page
drawn. It prints the seconds per answer (mean, median, slowest) and the total. `--screenshot` saves the
review page at 1280 px wide first (the README's picture).

Without `--set` the review is of the demo's finished round, answered with a fixed pseudo-random mix (about
six in ten yes). With `--set` a labelled evaluation set (the eval format: suggestions.jsonl with `gathering`,
`question`, `text` and the gold `measure`; questions.json) becomes a new topic of the demo municipality, one
report per gathering, consolidated once; the browser then answers from the labels (same = the majority gold
measure of the left lines equals that of the right lines) and BCubed F1 of the stored measures is printed
before and after. The app never sees the labels.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench review password"
CHROMIUM = os.environ.get("GJESTEBUD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GJESTEBUD_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
           "GJESTEBUD_SECRET_KEY": "bench-review-secret", "GJESTEBUD_BASE_URL": url,
           "GJESTEBUD_MAIL_BACKEND": "console", "GJESTEBUD_DEMO_PASSWORD": PASSWORD}
    flask = [sys.executable, "-m", "flask", "--app", "gjestebud"]
    for command in (["migrate"], ["load-demo"]):
        subprocess.run(flask + command, env=env, check=True, capture_output=True, cwd=REPO_ROOT)
    log = open(folder / "server.log", "w")
    server = subprocess.Popen(flask + ["run", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                return server, url
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit((folder / "server.log").read_text()) from None
            time.sleep(0.2)


def load_set(folder: Path, set_dir: Path) -> tuple[str, dict[int, str]]:
    """The set as a topic of the demo municipality, consolidated once: its slug, and the gold measure of
    every stored line (by suggestion id)."""
    sys.path.insert(0, str(REPO_ROOT))
    from datetime import date, datetime, timezone

    from sqlalchemy import select

    from gjestebud import create_app
    from gjestebud.db import get_session
    from gjestebud.models import (
        Host,
        Municipality,
        Question,
        Report,
        ReportStatus,
        Role,
        Suggestion,
        Topic,
        TopicStatus,
        User,
    )
    from gjestebud.services.measures import run_consolidation

    rows = [json.loads(line) for line in (set_dir / "suggestions.jsonl").read_text().splitlines() if line]
    questions = json.loads((set_dir / "questions.json").read_text())
    slug = "eval-" + set_dir.name.lower()[:70]
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}", "SECRET_KEY": "bench"})
    with app.app_context():
        session = get_session()
        municipality = session.scalars(select(Municipality)).first()
        topic = Topic(municipality_id=municipality.id, slug=slug, title=set_dir.name,
                      status=TopicStatus.CLOSED)
        topic.questions = [Question(position=n, text=text[:500])
                           for n, text in enumerate(questions.values(), 1)]
        session.add(topic)
        session.flush()
        question_of = dict(zip(questions, topic.questions, strict=True))
        gold_of_row: dict[tuple[int, int], str] = {}
        for number, gathering in enumerate(sorted({row["gathering"] for row in rows}), 1):
            host = Host(topic_id=topic.id, number=number, token_hash=f"bench-{number}-{slug}"[:64])
            report = Report(host=host, topic_id=topic.id, status=ReportStatus.SUBMITTED, held_on=date.today(),
                            participants=6, submitted_at=datetime.now(timezone.utc))
            for position, row in enumerate((r for r in rows if r["gathering"] == gathering), 1):
                suggestion = Suggestion(question=question_of[row["question"]], position=position,
                                        text=row["text"])
                report.suggestions.append(suggestion)
                gold_of_row[(number, position)] = row["measure"]
            session.add(report)
        session.flush()
        gold = {s.id: gold_of_row[(s.report.host.number, s.position)]
                for s in session.scalars(select(Suggestion).join(Report).where(Report.topic_id == topic.id))}
        session.commit()
        planner = session.scalars(select(User).where(User.role == Role.PLANNER)).first()
        run_consolidation(session, topic, planner)
    return slug, gold


def bcubed_f1(folder: Path, gold: dict[int, str]) -> float:
    """BCubed F1 of the stored measures against the gold ones."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{folder / 'bench.sqlite'}")
    with engine.connect() as connection:
        placed = dict(connection.execute(text("SELECT suggestion_id, measure_id FROM measure_line")).all())
    engine.dispose()
    predicted = {line: placed.get(line, -line) for line in gold}
    gold_size, predicted_size = Counter(gold.values()), Counter(predicted.values())
    joint = Counter((gold[i], predicted[i]) for i in gold)
    precision = sum(joint[(gold[i], predicted[i])] / predicted_size[predicted[i]] for i in gold) / len(gold)
    recall = sum(joint[(gold[i], predicted[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    return 2 * precision * recall / (precision + recall)


def majority(ids: list[int], gold: dict[int, str]) -> str:
    return min(Counter(gold[i] for i in ids).items(), key=lambda item: (-item[1], item[0]))[0]


def topic_id(folder: Path, slug: str) -> int:
    sys.path.insert(0, str(REPO_ROOT))
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{folder / 'bench.sqlite'}")
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM topic WHERE slug = :slug"), {"slug": slug}).scalar()
    engine.dispose()
    if found is None:
        raise SystemExit(f"no topic {slug!r} in the demo")
    return int(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--topic", default="fritid-og-moteplasser", help="a demo topic's slug, without --set")
    parser.add_argument("--set", type=Path, dest="set_dir")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="review-bench-"))
    server, url = start_app(folder)
    gold: dict[int, str] = {}
    try:
        if args.set_dir:
            args.topic, gold = load_set(folder, args.set_dir)
            print(f"{args.set_dir.name}: {len(gold)} lines, BCubed F1 unaided {bcubed_f1(folder, gold):.3f}")
        review_url = f"{url}/staff/planner/topics/{topic_id(folder, args.topic)}/review"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"{url}/lang/en")
            page.goto(f"{url}/staff/login")
            page.get_by_label("E-mail").fill("planner@example.org")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url("**/staff/")
            page.goto(review_url)
            if args.screenshot:
                page.screenshot(path=str(args.screenshot), full_page=False)
                print(f"screenshot: {args.screenshot}")
            choose = random.Random(20261204)
            times: list[float] = []
            for number in range(1, args.answers + 1):
                if page.locator("input[name=left]").count() == 0:
                    print(f"no question left after {number - 1} answers")
                    break
                page.wait_for_load_state("domcontentloaded")  # the deferred script listens from here
                started = time.perf_counter()
                if gold:
                    sides = [[int(box.get_attribute("value"))
                              for box in page.locator(f"input[name={side}]").all()]
                             for side in ("left", "right")]
                    same = majority(sides[0], gold) == majority(sides[1], gold)
                else:
                    same = choose.random() < 0.6
                page.keyboard.press("j" if same else "n")
                expect(page.locator("#review-progress")).to_contain_text(
                    f"{number} question" + ("s" if number != 1 else "") + " answered", timeout=60_000)
                times.append(time.perf_counter() - started)
            browser.close()
        if times:
            print(f"{len(times)} answers in {sum(times):.1f} s: {statistics.mean(times):.2f} s per answer "
                  f"(median {statistics.median(times):.2f} s, slowest {max(times):.2f} s)")
        if gold:
            print(f"BCubed F1 after {len(times)} answers {bcubed_f1(folder, gold):.3f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
