"""Play the planner in a guided review and print how far the answers take the consolidation.

    python bench/review_simulation.py SET_DIR [--budget 25,50,100,200]

SET_DIR holds a suggestions.jsonl with the gold `measure` of every line (the eval format). The engine never
sees the labels: this script answers each question from them, as a planner would (same = the majority
gold measure of left equals that of right), and prints BCubed F1 (as the evaluation scorer defines it)
after each budget, the unaided figure first, with the time each answer and the next question took.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the checkout's engine, not an installed one

from gjestebud.consolidation import Suggestion  # noqa: E402
from gjestebud.consolidation.review import Review  # noqa: E402


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of a partition against the gold one."""
    gold_size = Counter(gold.values())
    predicted_size = Counter(predicted[i] for i in gold)
    joint = Counter((gold[i], predicted[i]) for i in gold)
    precision = sum(joint[(gold[i], predicted[i])] / predicted_size[predicted[i]] for i in gold) / len(gold)
    recall = sum(joint[(gold[i], predicted[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def majority(ids: tuple[str, ...], gold: dict[str, str]) -> str:
    return min(Counter(gold[i] for i in ids).items(), key=lambda kv: (-kv[1], kv[0]))[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set_dir")
    parser.add_argument("--budget", default="25,50,100,200")
    arguments = parser.parse_args(argv)
    budgets = sorted({int(b) for b in arguments.budget.split(",") if b.strip()})
    with (Path(arguments.set_dir) / "suggestions.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if not rows or "measure" not in rows[0]:
        sys.exit("the set has no gold measures")
    gold = {str(row["id"]): str(row["measure"]) for row in rows}
    suggestions = [Suggestion(id=str(row["id"]), text=row["text"], question=row.get("question"),
                              gathering=row.get("gathering"), lang=row.get("lang")) for row in rows]
    started = time.perf_counter()
    review = Review(suggestions)
    question = review.next_question()
    built = time.perf_counter() - started
    print(f"set {Path(arguments.set_dir).name}: {len(rows)} lines, review built in {built:.2f} s")

    def show(answered: int, yes: int, seconds: list[float]) -> None:
        predicted = {line: m.key for m in review.measures() for line in m.member_ids}
        precision, recall, f1 = bcubed(gold, predicted)
        timing = (f"  per answer mean {sum(seconds) / len(seconds):.3f} s max {max(seconds):.3f} s"
                  if seconds else "")
        print(f"answers {answered:>4} (yes {yes:>3})  BCubed P {precision:.4f} R {recall:.4f} F1 {f1:.4f}"
              f"  measures {len(set(predicted.values()))}  left {review.progress()[1]}{timing}", flush=True)

    show(0, 0, [])
    seconds: list[float] = []
    yes = 0
    for answered in range(1, budgets[-1] + 1):
        if question is None:
            break
        same = majority(question.left, gold) == majority(question.right, gold)
        yes += same
        tick = time.perf_counter()
        review.answer(question, same=same)
        question = review.next_question()
        seconds.append(time.perf_counter() - tick)
        if answered in budgets:
            show(answered, yes, seconds)
    if question is None:
        show(len(seconds), yes, seconds)
        print("no question left worth asking")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
