"""consolidate(): lines in, measures out, keeping a planner's earlier decisions."""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import titles
from .cluster import average_link
from .features import char_gram_matrix, raw_matrix, tfidf_matrix, weighted_terms
from .graph import candidate_pairs, pair_similarity, top_neighbours
from .model import Measure, PriorMeasure, Suggestion
from .normalise import CONCEPTS_OF_TERM, LineTerms, analyse_line, guess_language

# Clusters stop merging when their average similarity falls below this.
MERGE_THRESHOLD = 0.13
# Neighbours kept per line: all 30 up to 5,000 distinct lines, then fewer (never under 10) so that the
# graph, and with it time and memory, grows about linearly.
NEIGHBOURS_KEPT = 30
MIN_NEIGHBOURS_KEPT = 10
FULL_NEIGHBOURS_UP_TO = 5000
MIN_EDGE = 0.05
# Share of word features in a similarity; the rest comes from character n-grams of the terms.
WORD_SHARE = 0.8
UNSHARED_MASS = 2
CHAR_MASS_SCALE = 3.0
# Context factors on a similarity (see _adjust and _heads_meet).
SAME_LIST_FACTOR = 0.5
HEAD_MISMATCH_FACTOR = 0.5
HEAD_FEATURES = 4
OTHER_QUESTION_FACTOR = 0.7
# Title choice: a little against long lines, more against other languages and lines without æøå.
TITLE_LENGTH_PENALTY = 0.002
TITLE_STYLE_PENALTY = 0.1
_NORWEGIAN_LETTERS = frozenset("æøå")
# Lines that compete on phrasing: the closest few by resemblance.
TITLE_SHORTLIST = 8

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LineGraph:
    """Lines grouped into sets of identical normalised lines, and a sparse graph between the sets."""

    group_of_line: np.ndarray
    group_sizes: np.ndarray
    pairs: np.ndarray
    weights: np.ndarray
    directions: np.ndarray
    # Per group, word and character vectors scaled so that a dot product is the similarity before context.
    vectors: sp.csr_matrix | None = None


def _adjust(similarity: np.ndarray, pairs: np.ndarray, representatives: Sequence[int],
            group_sizes: np.ndarray, items: Sequence[Suggestion], lines: Sequence[LineTerms]) -> np.ndarray:
    """Context on top of wording: opposite directions never merge, one gathering's list rarely repeats
    itself under one question, and lines answering different questions are less alike."""
    rep_lines = [lines[r] for r in representatives]
    rep_items = [items[r] for r in representatives]
    more = np.array([line.more and not line.less for line in rep_lines])
    less = np.array([line.less and not line.more for line in rep_lines])
    question = np.array([item.question or "" for item in rep_items], dtype=object)
    gathering = np.array([(item.gathering or "") if size == 1 else ""
                          for item, size in zip(rep_items, group_sizes, strict=True)], dtype=object)
    a, b = pairs[:, 0], pairs[:, 1]
    adjusted = similarity.copy()
    adjusted[(more[a] & less[b]) | (less[a] & more[b])] = 0.0
    known_question = (question[a] != "") & (question[b] != "")
    same_question = known_question & (question[a] == question[b])
    adjusted[known_question & ~same_question] *= OTHER_QUESTION_FACTOR
    same_list = same_question & (gathering[a] != "") & (gathering[a] == gathering[b])
    adjusted[same_list] *= SAME_LIST_FACTOR
    return adjusted


def _heads_meet(raw_terms: sp.csr_matrix, terms: Sequence[str], heads: Sequence[tuple[str, ...]],
                pairs: np.ndarray) -> np.ndarray:
    """Per pair: does either line mention what the other one leads with (or its topic)? "Kafé i Huset mot
    havet" and "Flytte rådhuset til Huset mot havet" share most words but lead with different things."""
    column_of = {term: index for index, term in enumerate(terms)}
    head_columns = np.full((len(heads), HEAD_FEATURES), -1, dtype=np.int64)
    for row, head in enumerate(heads):
        concepts = [c for t in head for c in CONCEPTS_OF_TERM.get(t, ())]
        columns = [column_of[t] for t in (*head, *concepts) if t in column_of][:HEAD_FEATURES]
        head_columns[row, :len(columns)] = columns
    has_head = np.asarray((head_columns >= 0).any(axis=1), dtype=bool)
    meet: np.ndarray = ~(has_head[pairs[:, 0]] & has_head[pairs[:, 1]])
    presence = sp.csr_matrix(raw_terms, copy=True)
    presence.data[:] = 1.0
    for mentioned, leader in ((pairs[:, 0], pairs[:, 1]), (pairs[:, 1], pairs[:, 0])):
        for slot in range(HEAD_FEATURES):
            columns = head_columns[leader, slot]
            valid = columns >= 0
            if not valid.any():  # scipy answers an empty selection with a sparse matrix, not an array
                continue
            found = np.zeros(len(pairs), dtype=bool)
            found[valid] = np.asarray(presence[mentioned[valid], columns[valid]]).ravel() > 0
            meet |= found
    return meet


def build_graph(items: Sequence[Suggestion], locks: dict[int, str],
                progress: Callable[[int], None] | None = None) -> LineGraph:
    """Group identical lines (same terms, question, direction and lock), then link the groups: edges
    (a < b) with the similarity of one line of a to one line of b, a few dozen per group at most."""
    lines = [analyse_line(item.text, item.lang) for item in items]
    term_weights, heads = weighted_terms(lines)
    group_index: dict[tuple[object, ...], int] = {}
    group_of_line = np.empty(len(items), dtype=np.int64)
    representatives: list[int] = []
    for index, (item, line, weights) in enumerate(zip(items, lines, term_weights, strict=True)):
        if weights:
            key: tuple[object, ...] = (tuple(sorted(weights.items())), heads[index], item.question, line.more,
                                       line.less, locks.get(index))
        else:
            key = ("\0", item.id)
        group = group_index.setdefault(key, len(group_index))
        if group == len(representatives):
            representatives.append(index)
        group_of_line[index] = group
    group_sizes = np.bincount(group_of_line, minlength=len(representatives))
    rep_weights = [term_weights[r] for r in representatives]
    raw_terms, terms = raw_matrix(rep_weights)
    word_matrix, document_frequency = tfidf_matrix(raw_terms, group_sizes, UNSHARED_MASS)
    char_matrix, _ = tfidf_matrix(char_gram_matrix(raw_terms, terms), group_sizes,
                                  UNSHARED_MASS * CHAR_MASS_SCALE)
    signatures = [" ".join(sorted(weights)) for weights in rep_weights]
    order_key = np.argsort(np.argsort(np.array(signatures, dtype=object), kind="stable"), kind="stable")
    pairs = candidate_pairs(word_matrix, document_frequency, order_key, progress or (lambda done: None))
    edge_weights = np.zeros(0)
    if len(pairs):
        kept = max(MIN_NEIGHBOURS_KEPT, min(NEIGHBOURS_KEPT, int(NEIGHBOURS_KEPT * math.sqrt(
            FULL_NEIGHBOURS_UP_TO / len(representatives)))))
        word_similarity = pair_similarity(word_matrix, pairs)
        promising = top_neighbours(pairs, word_similarity, 2 * kept)
        pairs, word_similarity = pairs[promising], word_similarity[promising]
        similarity = WORD_SHARE * word_similarity + (1.0 - WORD_SHARE) * pair_similarity(char_matrix, pairs)
        edge_weights = _adjust(similarity, pairs, representatives, group_sizes, items, lines)
        heads_meet = _heads_meet(raw_terms, terms, [heads[r] for r in representatives], pairs)
        edge_weights[~heads_meet] *= HEAD_MISMATCH_FACTOR
        keep = (edge_weights >= MIN_EDGE) & top_neighbours(pairs, edge_weights, kept)
        pairs, edge_weights = pairs[keep], edge_weights[keep]
    directions = np.array([int(lines[r].more) - int(lines[r].less) for r in representatives], dtype=np.int64)
    vectors = sp.csr_matrix(sp.hstack([word_matrix * math.sqrt(WORD_SHARE),
                                       char_matrix * math.sqrt(1.0 - WORD_SHARE)]))
    return LineGraph(group_of_line, group_sizes, pairs, edge_weights, directions, vectors)


def cluster_lines(items: Sequence[Suggestion], locks: dict[int, str] | None = None,
                  progress: Callable[[int], None] | None = None, origins: dict[int, str] | None = None,
                  ) -> tuple[list[int], np.ndarray]:
    """A cluster label per line, and per line how much it resembles the rest of its cluster. origins: the
    earlier measure of each unlocked line (see average_link)."""
    locks = locks or {}
    graph = build_graph(items, locks, progress)
    sizes = graph.group_sizes
    group_locks = {int(graph.group_of_line[line]): key for line, key in locks.items()}
    locked_groups: dict[str, set[int]] = defaultdict(set)
    for group, key in group_locks.items():
        locked_groups[key].add(group)
    a, b = graph.pairs[:, 0], graph.pairs[:, 1]
    group_labels = average_link(len(sizes), graph.pairs, graph.weights * sizes[a] * sizes[b], MERGE_THRESHOLD,
                                [sorted(groups) for _, groups in sorted(locked_groups.items())], group_locks,
                                sizes.tolist(), graph.directions.tolist(),
                                origins=group_origins(graph.group_of_line, origins or {}))
    label_of_group = np.array(group_labels, dtype=np.int64)
    inside = label_of_group[a] == label_of_group[b] if len(a) else np.zeros(0, dtype=bool)
    group_affinity = (sizes - 1).astype(np.float64)
    np.add.at(group_affinity, a[inside], graph.weights[inside] * sizes[b[inside]])
    np.add.at(group_affinity, b[inside], graph.weights[inside] * sizes[a[inside]])
    return label_of_group[graph.group_of_line].tolist(), group_affinity[graph.group_of_line]


def _new_key(member_ids: Sequence[str]) -> str:
    return "m-" + hashlib.sha1("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()[:10]


def _language_family(item: Suggestion) -> str:
    """"en", "de" or "no" (Bokmål, Nynorsk and dialect count as one for titles)."""
    language = item.lang or guess_language(item.text.lower().split())
    return language if language in ("en", "de") else "no"


def _title(members: Sequence[int], items: Sequence[Suggestion], affinity: np.ndarray,
           topic_language: str | None = None) -> str:
    """The member that resembles the others most, short lines preferred: a wording residents used. Lines
    in the cluster's main language win over others, and lines typed without æøå lose to lines with them;
    among the closest few, a line phrased as a proposal wins over praise, questions, complaints and lines
    with a typo the others do not share (titles.py). Where lines carry their written language, lines in
    the topic's main one (Bokmål, Nynorsk, Sámi ...) win over the others."""
    languages = {m: _language_family(items[m]) for m in members}
    main_language = Counter(languages.values()).most_common(1)[0][0] if members else None
    any_special = any(set(items[m].text.lower()) & _NORWEGIAN_LETTERS for m in members)

    def score(index: int) -> tuple[float, int, str]:
        text = items[index].text.strip()
        value = float(affinity[index]) / max(len(members) - 1, 1) - TITLE_LENGTH_PENALTY * len(text)
        if languages[index] != main_language:
            value -= TITLE_STYLE_PENALTY
        if any_special and not set(text.lower()) & _NORWEGIAN_LETTERS:
            value -= TITLE_STYLE_PENALTY
        if topic_language and items[index].lang and items[index].lang != topic_language:
            value -= TITLE_STYLE_PENALTY / 2
        return value, -len(text), items[index].id
    base = {m: score(m) for m in members}
    shortlist = sorted(members, key=lambda m: base[m], reverse=True)[:TITLE_SHORTLIST]
    counts = titles.word_counts([items[m].text for m in members])

    def phrased(index: int) -> tuple[float, int, str]:
        value, length, line_id = base[index]
        family = languages[index]
        text = items[index].text
        return value + titles.phrasing_score(text, family, titles.typo_words(text, counts)), length, line_id
    best = max(shortlist, key=phrased)
    text = " ".join(items[best].text.split()).rstrip("!?.,;: ")
    return text[:1].upper() + text[1:] if text else items[best].text


def propose_title(suggestions: Iterable[Suggestion]) -> str:
    """A title for one measure from its lines alone, chosen as a full run chooses it: for recomputing a
    title after a line was hidden, erased or edited, without running the whole topic again."""
    items = sorted(suggestions, key=lambda s: s.id)
    if not items:
        raise ValueError("a title needs at least one line")
    line_weights, _ = weighted_terms([analyse_line(item.text, item.lang) for item in items])
    matrix, _ = tfidf_matrix(raw_matrix(line_weights)[0])
    similarity = (matrix @ matrix.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    return _title(range(len(items)), items, similarity.sum(axis=1))


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
            candidates.append((not prior.title_locked, -count, prior.key, items[clusters[index][0]].id,
                               index))
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
    locks = lock_map(items, priors)
    if progress is not None:
        progress(n, total)
    labels, affinity = cluster_lines(items, locks, report_rows, origin_map(items, priors, locks))
    members_of: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members_of[label].append(index)
    clusters = [members_of[label] for label in sorted(members_of)]
    measures = build_measures(items, clusters, locks, priors, affinity)
    if progress is not None:
        progress(total, total)
    return measures


def lock_map(items: Sequence[Suggestion], priors: Sequence[PriorMeasure]) -> dict[int, str]:
    """Line index -> the key of the prior measure a planner locked it to (first key wins)."""
    index_of = {item.id: index for index, item in enumerate(items)}
    locks: dict[int, str] = {}
    for prior_measure in priors:
        for member_id in sorted(prior_measure.locked_ids):
            if member_id in index_of:
                locks.setdefault(index_of[member_id], prior_measure.key)
    return locks


def origin_map(items: Sequence[Suggestion], priors: Sequence[PriorMeasure], locks: dict[int, str]
               ) -> dict[int, str]:
    """Line index -> the earlier measure an unlocked line belonged to."""
    index_of = {item.id: index for index, item in enumerate(items)}
    return {index_of[member]: prior.key for prior in priors for member in prior.member_ids
            if member in index_of and index_of[member] not in locks}


def group_origins(node_of_line: np.ndarray, origins: dict[int, str]) -> dict[int, frozenset[str]]:
    """Per graph node, the earlier measures its lines belonged to."""
    found: dict[int, set[str]] = defaultdict(set)
    for line, key in origins.items():
        found[int(node_of_line[line])].add(key)
    return {node: frozenset(keys) for node, keys in found.items()}


def build_measures(items: Sequence[Suggestion], clusters: list[list[int]], locks: dict[int, str],
                   priors: Sequence[PriorMeasure], affinity: np.ndarray) -> list[Measure]:
    """Clusters of line indices (each sorted) -> measures with keys, titles and support, sorted by
    support (gatherings desc, then len desc, then key)."""
    cluster_lock = [next((locks[m] for m in members if m in locks), None) for members in clusters]
    chosen = _assign_keys(clusters, items, priors, cluster_lock)
    used_keys = {p.key for p in chosen if p is not None}
    languages = Counter(item.lang for item in items if item.lang)
    topic_language = min(languages.items(), key=lambda kv: (-kv[1], kv[0]))[0] if languages else None
    measures: list[Measure] = []
    for members, prior_measure in zip(clusters, chosen, strict=True):
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
            title = _title(members, items, affinity, topic_language)
        gatherings, participants = _support(members, items)
        questions = tuple(sorted({q for q in (items[m].question for m in members) if q is not None}))
        measures.append(Measure(key, member_ids, title, gatherings, participants, questions))
    return sorted(measures, key=lambda m: (-m.gatherings, -len(m.member_ids), m.key))
