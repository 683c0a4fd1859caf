"""CPU per request for the public results page and the topic page of the demo round.

    python bench/bench_results_page.py              # 200 requests per page
    python bench/bench_results_page.py 500

Migrates a scratch SQLite database, loads the demo (its finished round is published), then requests each
page through the test client: once to warm up (the results page builds its cached state there), then the
given number of times, measuring process CPU time (time.process_time), so the figure does not depend on
how busy the machine is. It prints CPU per request and the size of each page, and the cold cost of the
results page (the state built anew, as after a change).
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import time
from pathlib import Path

from harness import bench_app, migrate_and_load_demo

from gjestebud.services import results_page

PAGES = {
    "results page": "/salangen/fritid-og-moteplasser/results",
    "results page, filtered": "/salangen/fritid-og-moteplasser/results?status=adopted&q=klubb",
    "results page, one group": "/salangen/fritid-og-moteplasser/results?group=4",
    "topic page": "/salangen/fritid-og-moteplasser/",
}


def cpu_per_request(client, path: str, count: int) -> tuple[float, int]:
    response = client.get(path, headers={"Accept-Language": "nb"})
    assert response.status_code == 200, (path, response.status_code)
    started = time.process_time()
    for _ in range(count):
        client.get(path, headers={"Accept-Language": "nb"})
    return (time.process_time() - started) / count * 1000, len(response.get_data())


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        app = bench_app(f"sqlite:///{Path(folder) / 'bench.sqlite'}", secrets.token_hex(16))
        migrate_and_load_demo(app)
        client = app.test_client()
        print(f"{'page':28} {'CPU ms/request':>15} {'kB':>8}")
        for name, path in PAGES.items():
            cpu, size = cpu_per_request(client, path, count)
            print(f"{name:28} {cpu:15.2f} {size / 1000:8.1f}")
        cold = []
        for _ in range(5):
            results_page.clear_cache()
            started = time.process_time()
            client.get(PAGES["results page"], headers={"Accept-Language": "nb"})
            cold.append((time.process_time() - started) * 1000)
        print(f"{'results page, cold cache':28} {min(cold):15.2f}")


if __name__ == "__main__":
    main()
