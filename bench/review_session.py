"""How long a planner's guided-review session takes in a real browser.

    python bench/review_session.py [--answers 100] [--topic fritid-og-moteplasser] [--screenshot FILE]

Starts the app on a free port of 127.0.0.1 with a scratch SQLite database and the demo loaded, logs in as the
demo planner in Chromium (Playwright), opens the guided review of the topic (by default the demo's finished
round) and answers questions with the keyboard, as a practised planner would: J for yes, N for no (a fixed
pseudo-random mix, about six in ten yes). Each answer is timed from the key press until the next question is
on the screen: the form post, the answer applied to the measures, the next question chosen and the page
drawn. It prints the seconds per answer (mean, median, slowest) and the total. `--screenshot` saves the
review page at 1280 px wide first (the README's picture).
"""

from __future__ import annotations

import argparse
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
                raise SystemExit((folder / "server.log").read_text())
            time.sleep(0.2)


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
    parser.add_argument("--topic", default="fritid-og-moteplasser")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="review-bench-"))
    server, url = start_app(folder)
    try:
        review_url = f"{url}/staff/planner/topics/{topic_id(folder, args.topic)}/review"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
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
                page.keyboard.press("j" if choose.random() < 0.6 else "n")
                expect(page.locator("#review-progress")).to_contain_text(
                    f"{number} question" + ("s" if number != 1 else "") + " answered", timeout=60_000)
                times.append(time.perf_counter() - started)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    if times:
        print(f"{len(times)} answers in {sum(times):.1f} s: {statistics.mean(times):.2f} s per answer "
              f"(median {statistics.median(times):.2f} s, slowest {max(times):.2f} s)")


if __name__ == "__main__":
    main()
