"""Score the consolidation engine on every labelled evaluation set.

    python bench/eval_consolidation.py [EVAL_DIR]

EVAL_DIR holds one folder per set with a suggestions.jsonl (and a score.py at its top); it defaults to
../shared/eval relative to the repository root. Each set is consolidated through the command line, exactly
as other tools call it, then scored with the set's own scorer. Sets without gold labels are timed only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("bcubed_f1", "bcubed_p", "bcubed_r", "pairwise_f1", "ari", "pred_clusters", "gold_clusters",
           "moves")


def has_labels(suggestions: Path) -> bool:
    with suggestions.open(encoding="utf-8") as handle:
        first = handle.readline()
    return bool(first.strip()) and "measure" in json.loads(first)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", default=str(REPO_ROOT.parent / "shared" / "eval"))
    eval_dir = Path(parser.parse_args(argv).eval_dir).resolve()
    scorer = eval_dir / "score.py"
    print(f"{'set':32} {'lines':>6} {'seconds':>8} " + " ".join(f"{c:>13}" for c in COLUMNS))
    for folder in sorted(p for p in eval_dir.iterdir() if (p / "suggestions.jsonl").is_file()):
        suggestions = folder / "suggestions.jsonl"
        lines = sum(1 for line in suggestions.open(encoding="utf-8") if line.strip())
        with tempfile.TemporaryDirectory() as scratch:
            output = Path(scratch) / "out.jsonl"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "gjestebud.consolidation", str(suggestions),
                            "-o", str(output)], check=True, cwd=REPO_ROOT)
            seconds = time.perf_counter() - started
            scores: dict[str, object] = {}
            if has_labels(suggestions) and scorer.is_file():
                scored = subprocess.run([sys.executable, str(scorer), str(folder), str(output), "--json"],
                                        check=True, capture_output=True, text=True)
                scores = json.loads(scored.stdout)
        cells = " ".join(f"{scores.get(c, '-')!s:>13}" for c in COLUMNS)
        print(f"{folder.name:32} {lines:>6} {seconds:>8.2f} {cells}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
