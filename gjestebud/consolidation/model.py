"""The data the engine takes and gives; plain frozen dataclasses so callers need nothing else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """One line a gathering sent in."""

    id: str
    text: str
    question: str | None = None
    gathering: str | None = None
    lang: str | None = None
    participants: int | None = None


@dataclass(frozen=True)
class PriorMeasure:
    """A measure from an earlier run, with the planner's manual decisions about it."""

    key: str
    member_ids: tuple[str, ...]
    locked_ids: frozenset[str] = frozenset()
    title: str | None = None
    title_locked: bool = False


@dataclass(frozen=True)
class Measure:
    """One consolidated measure: its lines, a readable title and how much support it has."""

    key: str
    member_ids: tuple[str, ...]
    title: str
    gatherings: int
    participants: int | None
    questions: tuple[str, ...]
