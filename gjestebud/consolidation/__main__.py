"""Command line: python -m gjestebud.consolidation INPUT.jsonl [-o OUT.jsonl].

Reads JSON lines with at least "id" and "text" ("question", "gathering", "lang" and "participants" are
used when present; a "measure" field is ignored) and writes {"id", "measure", "title"} per input line, in
input order.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from .engine import consolidate
from .model import Suggestion

PROGRESS_MIN_LINES = 2000


def read_suggestions(path: str) -> list[Suggestion]:
    """Parse the input file; line numbers in errors help people fix exported files by hand."""
    suggestions = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                participants = row.get("participants")
                suggestions.append(Suggestion(
                    id=str(row["id"]), text=str(row["text"]),
                    question=None if row.get("question") is None else str(row["question"]),
                    gathering=None if row.get("gathering") is None else str(row["gathering"]),
                    lang=row.get("lang"), participants=None if participants is None else int(participants)))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: {error!r}") from error
    return suggestions


class ProgressBar:
    """A one-line bar on stderr, redrawn at most ten times a second."""

    def __init__(self, width: int = 40) -> None:
        self.width = width
        self.last_draw = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        filled = self.width * done // max(total, 1)
        sys.stderr.write(f"\rconsolidating [{'#' * filled}{'.' * (self.width - filled)}] "
                         f"{100 * done // max(total, 1):3d}%")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gjestebud.consolidation",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSON lines with id and text")
    parser.add_argument("-o", "--output", help="where to write the result (default: stdout)")
    arguments = parser.parse_args(argv)
    suggestions = read_suggestions(arguments.input)
    show_progress = len(suggestions) > PROGRESS_MIN_LINES and sys.stderr.isatty()
    measures = consolidate(suggestions, progress=ProgressBar() if show_progress else None)
    measure_of = {member: measure for measure in measures for member in measure.member_ids}
    out = open(arguments.output, "w", encoding="utf-8") if arguments.output else sys.stdout
    try:
        for suggestion in suggestions:
            measure = measure_of[suggestion.id]
            out.write(json.dumps({"id": suggestion.id, "measure": measure.key, "title": measure.title},
                                 ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
