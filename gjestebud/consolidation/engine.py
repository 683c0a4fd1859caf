"""consolidate(): lines in, measures out, keeping a planner's earlier decisions."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from .cluster import average_link
from .features import char_gram_weights, tfidf_matrix, weighted_terms
from .graph import candidate_pairs, pair_similarity, top_neighbours
from .model import Measure, PriorMeasure, Suggestion
from .normalise import LineTerms, analyse_line

MERGE_THRESHOLD = 0.13
NEIGHBOURS_KEPT = 30
MIN_EDGE = 0.05
WORD_SHARE = 0.8
UNSHARED_MASS = 2
CHAR_MASS_SCALE = 3.0
EXPANSION_SHARE = 0
EXPANSION_NEIGHBOURS = 5
SAME_LIST_FACTOR = 0.5
OTHER_QUESTION_FACTOR = 0.7
TITLE_LENGTH_PENALTY = 0.002

Progress = Callable[[int, int], None]


def _adjust(similarity: np.ndarray, pairs: np.ndarray, items: Sequence[Suggestion],
            lines: Sequence[LineTerms]) -> np.ndarray:
    """Context on top of wording: opposite directions never merge, one group's list rarely repeats
    itself under one question, and lines answering the same question are a little more alike."""
    more = np.array([line.more and not line.less for line in lines])
    less = np.array([line.less and not line.more for line in lines])
    question = np.array([item.question or "" for item in items], dtype=object)
    gathering = np.array([item.gathering or "" for item in items], dtype=object)
    a, b = pairs[:, 0], pairs[:, 1]
    adjusted = similarity.copy()
    adjusted[(more[a] & less[b]) | (less[a] & more[b])] = 0.0
    known_question = (question[a] != "") & (question[b] != "")
    same_question = known_question & (question[a] == question[b])
    adjusted[known_question & ~same_question] *= OTHER_QUESTION_FACTOR
    same_list = same_question & (gathering[a] != "") & (gathering[a] == gathering[b])
    adjusted[same_list] *= SAME_LIST_FACTOR
    return adjusted


def _expanded(matrix: sp.csr_matrix, pairs: np.ndarray, weights: np.ndarray) -> sp.csr_matrix:
    """Each line vector plus a share of its nearest neighbours' vectors, renormalised: lines that use
    different words for one thing meet through the neighbours they have in common."""
    keep = top_neighbours(pairs, weights, EXPANSION_NEIGHBOURS) & (weights >= MIN_EDGE)
    a, b, w = pairs[keep, 0], pairs[keep, 1], weights[keep]
    n = matrix.shape[0]
    neighbours = sp.csr_matrix((np.concatenate([w, w]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                               shape=(n, n))
    row_sums = np.asarray(neighbours.sum(axis=1)).ravel()
    row_sums[row_sums == 0] = 1.0
    expanded = sp.csr_matrix(matrix + EXPANSION_SHARE * (sp.diags(1.0 / row_sums) @ neighbours @ matrix))
    norms = np.sqrt(np.asarray(expanded.multiply(expanded).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ expanded)


def similarity_graph(items: Sequence[Suggestion], progress: Callable[[int], None] | None = None,
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Edges (i < j) between lines and their weights, at most a few dozen per line."""
    lines = [analyse_line(item.text, item.lang) for item in items]
    term_weights = weighted_terms(lines)
    word_matrix, _, document_frequency = tfidf_matrix(term_weights, UNSHARED_MASS)
    char_matrix, _, _ = tfidf_matrix(char_gram_weights(term_weights), UNSHARED_MASS * CHAR_MASS_SCALE)
    matrix = sp.csr_matrix(sp.hstack([np.sqrt(WORD_SHARE) * word_matrix,
                                      np.sqrt(1.0 - WORD_SHARE) * char_matrix]))
    order_key = np.argsort(np.argsort([" ".join(sorted(set(line.terms))) for line in lines], kind="stable"))
    pairs = candidate_pairs(word_matrix, document_frequency, order_key, progress or (lambda done: None))
    if not len(pairs):
        return pairs, np.zeros(0)
    weights = _adjust(pair_similarity(matrix, pairs), pairs, items, lines)
    if EXPANSION_SHARE > 0:
        expanded_words = _expanded(word_matrix, pairs, weights)
        expanded_matrix = _expanded(matrix, pairs, weights)
        expanded_frequency = np.diff(sp.csc_matrix(expanded_words).indptr)
        pairs = candidate_pairs(expanded_words, expanded_frequency, order_key, lambda done: None)
        weights = _adjust(pair_similarity(expanded_matrix, pairs), pairs, items, lines)
    keep = (weights >= MIN_EDGE) & top_neighbours(pairs, weights, NEIGHBOURS_KEPT)
    return pairs[keep], weights[keep]


def _new_key(member_ids: Sequence[str]) -> str:
    return "m-" + hashlib.sha1("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()[:10]


def _title(members: Sequence[int], items: Sequence[Suggestion], affinity: dict[int, float]) -> str:
    """The member that resembles the others most, short lines preferred: a wording residents used."""
    def score(index: int) -> tuple[float, int, str]:
        text = items[index].text.strip()
        return (affinity.get(index, 0.0) / max(len(members) - 1, 1) - TITLE_LENGTH_PENALTY * len(text),
                -len(text), items[index].id)
    best = max(members, key=score)
    text = " ".join(items[best].text.split()).rstrip("!?.,;: ")
    return text[:1].upper() + text[1:] if text else items[best].text


def _support(members: Sequence[int], items: Sequence[Suggestion]) -> tuple[int, int | None]:
    participants_by_gathering: dict[str, int | None] = {}
    for index in members:
        item = items[index]
        gathering = item.gathering if item.gathering is not None else "\0" + item.id
        known = participants_by_gathering.get(gathering)
        if item.participants is not None and (known is None or item.participants > known):
            participants_by_gathering[gathering] = item.participants
        else:
            participants_by_gathering.setdefault(gathering, known)
    known_counts = [count for count in participants_by_gathering.values() if count is not None]
    return len(participants_by_gathering), (sum(known_counts) if known_counts else None)


def _assign_keys(clusters: list[list[int]], items: Sequence[Suggestion], priors: Sequence[PriorMeasure],
                 cluster_lock: list[str | None]) -> list[PriorMeasure | None]:
    """Locked clusters keep their measure; the others inherit the prior they overlap most, one each."""
    chosen: list[PriorMeasure | None] = [None] * len(clusters)
    by_key = {prior.key: prior for prior in priors}
    used: set[str] = set()
    for index, key in enumerate(cluster_lock):
        if key is not None:
            chosen[index] = by_key[key]
            used.add(key)
    cluster_of_id = {items[m].id: index for index, members in enumerate(clusters) for m in members}
    candidates = []
    for prior in priors:
        if prior.key in used:
            continue
        overlap: dict[int, int] = defaultdict(int)
        for member_id in prior.member_ids:
            if member_id in cluster_of_id:
                overlap[cluster_of_id[member_id]] += 1
        for index, count in overlap.items():
            candidates.append((not prior.title_locked, -count, prior.key, items[clusters[index][0]].id, index))
    for _, _, key, _, index in sorted(candidates):
        if chosen[index] is None and key not in used:
            chosen[index] = by_key[key]
            used.add(key)
    return chosen


def consolidate(suggestions: Iterable[Suggestion], prior: Iterable[PriorMeasure] = (), *,
                progress: Progress | None = None) -> list[Measure]:
    """Sorted by support (gatherings desc, then len desc, then key). Deterministic and independent of
    input order."""
    items = sorted(suggestions, key=lambda s: s.id)
    if len({item.id for item in items}) != len(items):
        raise ValueError("suggestion ids must be unique")
    priors = sorted(prior, key=lambda p: p.key)
    n = len(items)
    total = 2 * n + 1

    def report_rows(done: int) -> None:
        if progress is not None:
            progress(n + done, total)

    if progress is not None:
        progress(0, total)
    index_of = {item.id: index for index, item in enumerate(items)}
    locks: dict[int, str] = {}
    for prior_measure in priors:
        for member_id in sorted(prior_measure.locked_ids):
            if member_id in index_of:
                locks.setdefault(index_of[member_id], prior_measure.key)
    groups: dict[str, list[int]] = defaultdict(list)
    for index, key in locks.items():
        groups[key].append(index)
    if progress is not None:
        progress(n, total)
    pairs, weights = similarity_graph(items, report_rows)
    labels = average_link(n, pairs, weights, MERGE_THRESHOLD, list(groups.values()), locks)
    members_of: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members_of[label].append(index)
    clusters = [members_of[label] for label in sorted(members_of)]
    cluster_lock = [next((locks[m] for m in members if m in locks), None) for members in clusters]
    chosen = _assign_keys(clusters, items, priors, cluster_lock)
    cluster_of = {m: index for index, members in enumerate(clusters) for m in members}
    affinity: dict[int, float] = defaultdict(float)
    for (a, b), weight in zip(pairs.tolist(), weights.tolist()):
        if cluster_of[a] == cluster_of[b]:
            affinity[a] += weight
            affinity[b] += weight
    used_keys = {p.key for p in chosen if p is not None}
    measures: list[Measure] = []
    for members, prior_measure in zip(clusters, chosen):
        member_ids = tuple(sorted(items[m].id for m in members))
        if prior_measure is not None:
            key = prior_measure.key
        else:
            key = _new_key(member_ids)
            while key in used_keys:
                key = _new_key(member_ids + (key,))
            used_keys.add(key)
        if prior_measure is not None and prior_measure.title_locked and prior_measure.title is not None:
            title = prior_measure.title
        else:
            title = _title(members, items, affinity)
        gatherings, participants = _support(members, items)
        questions = tuple(sorted({items[m].question for m in members if items[m].question is not None}))
        measures.append(Measure(key, member_ids, title, gatherings, participants, questions))
    if progress is not None:
        progress(total, total)
    return sorted(measures, key=lambda m: (-m.gatherings, -len(m.member_ids), m.key))
