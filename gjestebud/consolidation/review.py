"""Guided review: the engine asks yes/no questions, a planner answers, every answer counts.

    review = Review(suggestions, prior=(), answers=())
    question = review.next_question()       # None when nothing is left worth asking
    review.answer(question, same=True)      # every line of left joins the measure of right
    review.answer(question, same=False)     # no line of left shares a measure with a line of right
    review.measures()                       # the current partition, as consolidate() returns it

The similarity graph is built once; an answer only changes constraints (must-link: lines that belong
together; cannot-link: lines that must stay apart) and the graph is clustered again with them, so an
answer costs a clustering, never a new analysis of the text.

Rules:

- Answers are constraints on lines, not on measures: "yes" links every line of left and right into one
  measure, "no" keeps every line of left apart from every line of right. Lines mentioned in an answer are
  detached from identical lines they were grouped with, so an answer never moves a line it did not name.
- On a contradiction the later answer wins: constraints are applied newest first, and an older one is
  dropped where it conflicts with a newer one (a "yes" for the lines a newer "no" keeps apart; a "no" for
  the lines a newer "yes" tied to its other side). A line named on the left of an answer is placed by the
  answers from then on and loses its lock in the prior; the other locked lines join the measure of their
  key unless an answer already put them with another key.
- Locked lines otherwise end in the measure of the key they were locked to, and keys follow consolidate()
  (prior keys kept, a new key is a hash of the member ids, so a key never names different content).
- Questions are chosen by expected gain: the probability that the answer is "yes" times the line pairs
  it would set right (joining a lines to b lines of one measure sets 2ab pairs right, so the largest
  plausible joins and splits come first; within one large true measure BCubed's gain grows like ab
  too). "merge": are these two measures one?
  "attach": does this small measure (or this tight part of a measure) belong to that one? "line": the
  same for a single line. Parts are the tighter clusters the clustering built each measure from, so a
  "no" can take several wrong lines out of a measure at once. A question whose expected gain is
  negligible is not asked.
- The probability is a logistic of the cosine between the two sides' summed vectors and the size of the
  smaller side, refitted to the planner's answers as they come (one fit for questions about lines the
  engine put together, one for lines it kept apart).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .cluster import average_link, sides_agree
from .engine import MERGE_THRESHOLD, build_graph, build_measures, group_origins, lock_map, origin_map
from .model import Measure, PriorMeasure, Suggestion

# Probability of "yes" from the cosine between the two sides' summed vectors: a logistic, 0.5 at 0.4 and
# 0.12 at 0.2, refitted to the answers as they come (PRIOR_STRENGTH: how firmly it holds to this start).
PRIOR_WEIGHTS = (-4.0, 10.0)
PRIOR_STRENGTH = 0.5
# The same for a part of a measure and the rest of it: 0.5 at 0.2 (the clustering joined them already).
SPLIT_PRIOR_WEIGHTS = (-2.0, 10.0)
# Measures are asked about in parts: the tighter clusters (average similarity at least this) that the
# clustering built each measure from; a part that fits the rest of its measure worst is asked first.
ATOM_THRESHOLD = 0.3
# A question whose expected gain (in lines set right) is below this is not worth a planner's time.
MIN_GAIN = 0.1
# A small measure has at most this many lines; a "big" one at least ATTACH_BIG.
ATTACH_SMALL = 2
ATTACH_BIG = 4
# How far down the ranking a skipped question's replacement is looked for.
SKIP_LOOKAHEAD = 50
KIND_MERGE, KIND_ATTACH, KIND_SPLIT, KIND_MOVE = range(4)


@dataclass(frozen=True)
class Answer:
    """A planner's answer: are the lines of left one measure with the lines of right?"""

    left: tuple[str, ...]
    right: tuple[str, ...]
    same: bool


@dataclass(frozen=True)
class Question:
    """Do the lines of left ask for the same measure as the lines of right? kind: line, merge, attach."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    kind: str
    gain: float = 0.0


class _Constraints:
    """Union-find over nodes (must-links) with, per component, the side it holds of each "no" answer
    (cannot-links): components holding opposite sides of one answer never join."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.sides: dict[int, dict[int, int]] = {}

    def find(self, node: int) -> int:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: int, b: int) -> bool:
        """Link a and b unless a newer cannot-link keeps them apart."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if not sides_agree(self.sides.get(a, {}), self.sides.get(b, {})):
            return False
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        if gone in self.sides:
            self.sides.setdefault(keep, {}).update(self.sides.pop(gone))
        return True

    def separate(self, entry: int, left: Sequence[int], right: Sequence[int]) -> None:
        """Keep left apart from right, except where a newer must-link already holds both sides."""
        left_roots = {self.find(node) for node in left}
        right_roots = {self.find(node) for node in right}
        for side, roots in ((0, left_roots - right_roots), (1, right_roots - left_roots)):
            for root in roots:
                self.sides.setdefault(root, {})[entry] = side

    def apart(self) -> list[tuple[list[int], list[int]]]:
        """The cannot-links as (left nodes, right nodes) per answer, for the clustering."""
        entries: dict[int, tuple[list[int], list[int]]] = {}
        for root, sides in sorted(self.sides.items()):
            for entry, side in sides.items():
                entries.setdefault(entry, ([], []))[side].append(root)
        return [entries[entry] for entry in sorted(entries) if all(entries[entry])]


class Review:
    """A consolidation that a planner corrects by answering questions; see the module docstring."""

    def __init__(self, suggestions: Iterable[Suggestion], prior: Iterable[PriorMeasure] = (),
                 answers: Sequence[Answer] = ()) -> None:
        self._items = sorted(suggestions, key=lambda s: s.id)
        if len({item.id for item in self._items}) != len(self._items):
            raise ValueError("suggestion ids must be unique")
        self._index = {item.id: index for index, item in enumerate(self._items)}
        self._priors = sorted(prior, key=lambda p: p.key)
        self._locks = lock_map(self._items, self._priors)
        self._origins = origin_map(self._items, self._priors, self._locks)
        graph = build_graph(self._items, self._locks)
        self._node_of_line = graph.group_of_line.copy()
        self._node_lines: list[list[int]] = [[] for _ in range(len(graph.group_sizes))]
        for line, node in enumerate(self._node_of_line.tolist()):
            self._node_lines[node].append(line)
        self._directions = graph.directions.tolist()
        self._vectors = (graph.vectors if graph.vectors is not None
                         else sp.csr_matrix((len(graph.group_sizes), 1)))
        self._node_row = np.arange(len(graph.group_sizes), dtype=np.int64)
        self._calibration = _Calibration()
        self._split_calibration = _Calibration(SPLIT_PRIOR_WEIGHTS)
        self._confirmed_nodes: set[int] = set()
        self._pairs = graph.pairs.astype(np.int64)
        self._similarity = graph.weights.astype(np.float64)
        self._answers: list[Answer] = []
        # Dot products between the summed vectors of two sets of lines (each set named by a number).
        self._line_set_id: dict[tuple[int, ...], int] = {}
        self._dot_cache: dict[tuple[int, int], float] = {}
        # Which calibration an answer teaches depends on whether the engine alone put its two sides in
        # one measure, so that replayed answers teach exactly what they taught when they were given.
        self._recluster()
        self._unaided_label = self._line_label.copy()
        for answer in answers:
            left = tuple(sorted({i for i in answer.left if i in self._index} - set(answer.right)))
            right = tuple(sorted({i for i in answer.right if i in self._index}))
            if left and right:
                self._record(Answer(left, right, bool(answer.same)))
        if self._answers:
            self._recluster()

    # --- the contract ------------------------------------------------------------------------------

    @property
    def answers(self) -> tuple[Answer, ...]:
        """Every answer so far, replayed ones first, in the order given."""
        return tuple(self._answers)

    def answer(self, question: Question | Answer, same: bool) -> None:
        """Record the planner's answer to question (any object with left and right) and re-cluster."""
        left, right = tuple(question.left), tuple(question.right)
        unknown = [i for i in (*left, *right) if i not in self._index]
        if unknown:
            raise ValueError(f"unknown line ids: {unknown[:3]}")
        if not left or not right or set(left) & set(right):
            raise ValueError("left and right must be disjoint and non-empty")
        self._record(Answer(tuple(sorted(set(left))), tuple(sorted(set(right))), bool(same)))
        self._recluster()

    def measures(self) -> list[Measure]:
        """The current partition with keys, titles and support, as consolidate() returns it."""
        members_of: dict[int, list[int]] = defaultdict(list)
        for line, label in enumerate(self._line_label.tolist()):
            members_of[label].append(line)
        clusters = sorted(members_of.values(), key=lambda members: members[0])
        return build_measures(self._items, clusters, self._effective_locks, self._priors, self._affinity)

    def next_question(self, *, skip: Iterable[Question | Answer] = ()) -> Question | None:
        """The question whose answer is expected to set most lines right, or None. skip: questions the
        planner passed over ("skip"), by their sides; the next best one is asked instead."""
        candidates = self._candidates()
        skipped = {(tuple(sorted(q.left)), tuple(sorted(q.right))) for q in skip}
        if not skipped:
            return candidates[0] if candidates else None
        order = self._ranked[0]
        for index in order[:len(skipped) + SKIP_LOOKAHEAD]:
            question = self._question(int(index))
            if not {(question.left, question.right), (question.right, question.left)} & skipped:
                return question
        return None

    def progress(self) -> tuple[int, int]:
        """(questions answered, an estimate of the questions still worth asking: the number of measures
        that some question worth asking would move lines out of or into)."""
        self._candidates()
        return len(self._answers), self._worth_asking

    # --- answers become constraints ----------------------------------------------------------------

    def _record(self, answer: Answer) -> None:
        for line_id in (*answer.left, *answer.right):
            self._detach(self._index[line_id])
        self._answers.append(answer)
        # Whether the two sides are one measure now decides which calibration learns from the answer.
        together = len({int(self._unaided_label[self._index[i]]) for i in (*answer.left, *answer.right)}) == 1
        calibration = self._split_calibration if together else self._calibration
        calibration.observe(self._side_similarity(answer.left, answer.right),
                            min(len(answer.left), len(answer.right)), answer.same)
        self._confirmed_nodes.update(int(self._node_of_line[self._index[i]]) for i in answer.left)

    def _detach(self, line: int) -> None:
        """Give a line its own node (with its group's edges) so that constraints on it are exact."""
        node = int(self._node_of_line[line])
        if len(self._node_lines[node]) == 1:
            return
        self._node_lines[node].remove(line)
        new = len(self._node_lines)
        self._node_lines.append([line])
        self._node_of_line[line] = new
        self._directions.append(self._directions[node])
        self._node_row = np.append(self._node_row, self._node_row[node])
        touching = (self._pairs[:, 0] == node) | (self._pairs[:, 1] == node)
        copied = self._pairs[touching].copy()
        copied[copied == node] = new
        self._pairs = np.concatenate([self._pairs, np.sort(copied, axis=1), [[node, new]]])
        self._similarity = np.concatenate([self._similarity, self._similarity[touching], [1.0]])

    def _constraints(self) -> tuple[_Constraints, dict[int, str]]:
        """Must- and cannot-links between nodes, newest answer first, then the prior's locks."""
        constraints = _Constraints(len(self._node_lines))
        node = self._node_of_line
        for position, answer in enumerate(reversed(self._answers), start=1):
            left = [int(node[self._index[i]]) for i in answer.left]
            right = [int(node[self._index[i]]) for i in answer.right]
            if answer.same:
                for other in (*right[1:], *left):
                    constraints.join(right[0], other)
            else:
                constraints.separate(len(self._answers) - position, left, right)
        # Locks: a line named on the left of an answer is placed by the answers from then on; the other
        # locked lines join their key's measure unless an answer already put them with another key.
        answered_left = {self._index[i] for answer in self._answers for i in answer.left}
        locked_nodes: dict[str, list[int]] = defaultdict(list)
        for line, key in sorted(self._locks.items()):
            if line not in answered_left:
                locked_nodes[key].append(int(node[line]))
        component_key: dict[int, str] = {}
        node_locks: dict[int, str] = {}
        for key, nodes in sorted(locked_nodes.items()):
            anchor: int | None = None
            for other in nodes:
                root = constraints.find(other)
                if component_key.get(root, key) != key:
                    continue
                if anchor is None:
                    anchor = other
                elif constraints.find(anchor) != root and (root in component_key
                                                           or not constraints.join(anchor, other)):
                    continue
                component_key[constraints.find(other)] = key
                node_locks[other] = key
        return constraints, node_locks

    # --- clustering --------------------------------------------------------------------------------

    def _recluster(self) -> None:
        constraints, node_locks = self._constraints()
        n = len(self._node_lines)
        components: dict[int, list[int]] = defaultdict(list)
        for other in range(n):
            components[constraints.find(other)].append(other)
        apart = constraints.apart()
        sizes = np.array([len(lines) for lines in self._node_lines], dtype=np.float64)
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        atoms: list[int] = []
        labels = average_link(n, self._pairs, self._similarity * sizes[a] * sizes[b], MERGE_THRESHOLD,
                              [group for group in components.values() if len(group) > 1], node_locks,
                              sizes.astype(np.int64).tolist(), self._directions, apart,
                              (ATOM_THRESHOLD, atoms),
                              group_origins(self._node_of_line, self._origins))
        self._node_atom = np.array(atoms, dtype=np.int64)
        self._constraint_set = constraints
        self._node_label = np.array(labels, dtype=np.int64)
        self._node_sizes = sizes
        self._line_label = self._node_label[self._node_of_line]
        self._effective_locks = {line: node_locks[int(self._node_of_line[line])] for line in self._locks
                                 if int(self._node_of_line[line]) in node_locks}
        inside = self._node_label[a] == self._node_label[b]
        node_affinity = sizes - 1.0
        np.add.at(node_affinity, a[inside], self._similarity[inside] * sizes[b[inside]])
        np.add.at(node_affinity, b[inside], self._similarity[inside] * sizes[a[inside]])
        self._node_affinity = node_affinity
        self._affinity = node_affinity[self._node_of_line]
        self._cached_candidates: list[Question] | None = None

    # --- questions ---------------------------------------------------------------------------------

    def _side_similarity(self, left: Sequence[str], right: Sequence[str]) -> float:
        """Cosine between the summed vectors of two sets of lines: what the calibration reads."""
        def summed(ids: Sequence[str]) -> np.ndarray:
            rows = [self._node_row[self._node_of_line[self._index[i]]] for i in ids]
            return np.asarray(self._vectors[rows].sum(axis=0)).ravel()

        left_sum, right_sum = summed(left), summed(right)
        norm = float(np.linalg.norm(left_sum) * np.linalg.norm(right_sum))
        return float(left_sum @ right_sum) / norm if norm else 0.0

    def _candidates(self) -> list[Question]:
        """Every question worth asking, best expected gain first."""
        if self._cached_candidates is not None:
            return self._cached_candidates
        sizes, constraints = self._node_sizes, self._constraint_set
        n = len(sizes)
        clusters, cluster_of_node = np.unique(self._node_label, return_inverse=True)
        atoms, atom_of_node = np.unique(self._node_atom, return_inverse=True)
        k, m = len(clusters), len(atoms)
        node_vectors = self._vectors[self._node_row]

        def sums(groups: np.ndarray, count: int) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
            """Summed vectors, their norms and the number of lines of each group of nodes."""
            membership = sp.csr_matrix((sizes, (groups, np.arange(n))), shape=(count, n))
            summed = sp.csr_matrix(membership @ node_vectors)
            norm = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
            return summed, np.where(norm > 0, norm, 1.0), np.bincount(groups, weights=sizes, minlength=count)

        def dots(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
            return np.asarray(left.multiply(right).sum(axis=1)).ravel()

        def cached_dots(left: tuple[sp.csr_matrix, list[int]], right: tuple[sp.csr_matrix, list[int]],
                        x: np.ndarray, y: np.ndarray) -> np.ndarray:
            """dots(left[x], right[y]), remembered by the lines of each side: an answer changes few
            measures, so most products are known from the last question (and the same value)."""
            (left_sum, left_ids), (right_sum, right_ids) = left, right
            keys = [(left_ids[p], right_ids[q]) for p, q in zip(x.tolist(), y.tolist(), strict=True)]
            values = np.array([self._dot_cache.get(key, np.nan) for key in keys], dtype=np.float64)
            missing = np.flatnonzero(np.isnan(values))
            if len(missing):
                values[missing] = dots(left_sum[x[missing]], right_sum[y[missing]])
                self._dot_cache.update(zip([keys[i] for i in missing], values[missing].tolist(), strict=True))
            return values

        def line_set_ids(labels: np.ndarray, count: int) -> list[int]:
            """A number per group naming the set of lines it holds (its summed vector depends on no more)."""
            line_labels = labels[self._node_of_line]
            order = np.argsort(line_labels, kind="stable")
            bounds = np.searchsorted(line_labels[order], np.arange(count + 1))
            return [self._line_set_id.setdefault(tuple(order[bounds[g]:bounds[g + 1]].tolist()),
                                                 len(self._line_set_id)) for g in range(count)]

        cluster_sum, cluster_norm, cluster_size = sums(cluster_of_node, k)
        atom_sum, atom_norm, atom_size = sums(atom_of_node, m)
        atom_cluster = np.zeros(m, dtype=np.int64)
        atom_cluster[atom_of_node] = cluster_of_node
        clusters_known = (cluster_sum, line_set_ids(cluster_of_node, k))
        atoms_known = (atom_sum, line_set_ids(atom_of_node, m))
        probability = self._calibration.probabilities
        root_of = [constraints.find(node) for node in range(n)]
        root = np.array(root_of, dtype=np.int64)
        # Pairs (measure, measure) and (part, measure) that an answer keeps apart.
        forbidden: set[tuple[int, int]] = set()
        forbidden_atoms: set[tuple[int, int]] = set()
        apart = constraints.apart()
        nodes_of_root: dict[int, list[int]] = defaultdict(list)
        tagged = {root for groups in apart for group in groups for root in group}
        for node, node_root in enumerate(root_of):
            if node_root in tagged:
                nodes_of_root[node_root].append(node)
        for left_roots, right_roots in apart:
            left_nodes = [node for r in left_roots for node in nodes_of_root[r]]
            right_nodes = [node for r in right_roots for node in nodes_of_root[r]]
            for one, other in ((left_nodes, right_nodes), (right_nodes, left_nodes)):
                other_clusters = {int(cluster_of_node[node]) for node in other}
                for node in one:
                    forbidden.update((int(cluster_of_node[node]), c) for c in other_clusters)
                    forbidden_atoms.update((int(atom_of_node[node]), c) for c in other_clusters)
        candidates: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []  # gain, kind, x, y
        # 1. Two measures that may be one (linked by at least one edge of the graph).
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        ca, cb = cluster_of_node[a], cluster_of_node[b]
        between = ca != cb
        all_codes = np.minimum(ca, cb)[between] * k + np.maximum(ca, cb)[between]
        codes = np.unique(all_codes)
        x, y = codes // k, codes % k
        if len(codes):
            cosine = cached_dots(clusters_known, clusters_known, x, y) / (cluster_norm[x] * cluster_norm[y])
            size_x, size_y = cluster_size[x], cluster_size[y]
            gain = probability(cosine, np.minimum(size_x, size_y)) * 2 * size_x * size_y
            gain[[(int(p), int(q)) in forbidden for p, q in zip(x, y, strict=True)]] = 0.0
            small = np.where(size_x <= size_y, x, y)
            big = np.where(size_x <= size_y, y, x)
            attach = (np.minimum(size_x, size_y) <= ATTACH_SMALL) & (np.maximum(size_x, size_y) >= ATTACH_BIG)
            candidates.append((gain, KIND_ATTACH, small, big))
            candidates[-1][0][~attach] = 0.0
            merge_gain = gain.copy()
            merge_gain[attach] = 0.0
            candidates.append((merge_gain, KIND_MERGE, small, big))
        # 2. A part of a measure that may not belong to the rest of it. A part already tied to the rest
        # by an answer is not asked about again.
        own = cached_dots(atoms_known, clusters_known, np.arange(m), atom_cluster)
        rest_norm = np.sqrt(np.maximum(cluster_norm[atom_cluster] ** 2 - 2 * own + atom_norm ** 2, 1e-12))
        fit = (own - atom_norm ** 2) / (atom_norm * rest_norm)
        rest = cluster_size[atom_cluster] - atom_size
        tied = np.zeros(m, dtype=bool)
        root_atoms = np.unique(np.stack([root, atom_of_node], axis=1), axis=0)
        spans: dict[int, set[int]] = defaultdict(set)
        for component, atom in root_atoms.tolist():
            spans[component].add(atom)
        for atoms_of_component in spans.values():
            if len(atoms_of_component) > 1:
                tied[list(atoms_of_component)] = True
        asked = np.zeros(m, dtype=bool)
        asked[[int(atom_of_node[node]) for node in self._confirmed_nodes]] = True
        stays = np.where(rest > 0, self._split_calibration.probabilities(fit, np.minimum(atom_size, rest)),
                         1.0)
        split_gain = (1.0 - stays) * 2 * atom_size * rest
        split_gain[tied | asked | (rest < 1)] = 0.0
        atom_ids = np.arange(m)
        candidates.append((split_gain, KIND_SPLIT, atom_ids, np.full(m, -1, dtype=np.int64)))
        # 3. A part of a measure that may belong to another measure it is linked to.
        aa, ab = atom_of_node[a], atom_of_node[b]
        other_atom = np.concatenate([aa[between], ab[between]])
        other_cluster = np.concatenate([cb[between], ca[between]])
        if len(other_atom):
            codes = np.unique(other_atom * k + other_cluster)
            source, target = codes // k, codes % k
            elsewhere = probability(cached_dots(atoms_known, clusters_known, source, target) /
                                    (atom_norm[source] * cluster_norm[target]),
                                    np.minimum(atom_size[source], cluster_size[target]))
            size_s, size_t, rest_s = atom_size[source], cluster_size[target], rest[source]
            move_gain = elsewhere * (1.0 - stays[source]) * 2 * size_s * (rest_s + size_t)
            blocked = [(int(p), int(q)) in forbidden_atoms for p, q in zip(source, target, strict=True)]
            move_gain[blocked] = 0.0
            move_gain[asked[source]] = 0.0
            candidates.append((move_gain, KIND_MOVE, source, target))
        gains = np.concatenate([c[0] for c in candidates])
        kinds = np.concatenate([np.full(len(c[0]), c[1]) for c in candidates])
        xs = np.concatenate([c[2] for c in candidates])
        ys = np.concatenate([c[3] for c in candidates])
        worth = np.flatnonzero(gains >= MIN_GAIN)
        order = worth[np.lexsort((ys[worth], xs[worth], kinds[worth], -gains[worth]))]
        self._ranked = (order, gains, kinds, xs, ys, cluster_of_node, atom_of_node)
        self._cached_candidates = [self._question(index) for index in order[:1]]
        # Many candidates are about the same measure and one answer settles most of them: count each
        # measure whose lines a question would move once.
        moving_cluster = np.where((kinds == KIND_MERGE) | (kinds == KIND_ATTACH), xs, atom_cluster[xs])
        self._worth_asking = len(np.unique(moving_cluster[order]))
        return self._cached_candidates

    def _question(self, index: int) -> Question:
        _, gains, kinds, xs, ys, cluster_of_node, atom_of_node = self._ranked
        kind, x, y = int(kinds[index]), int(xs[index]), int(ys[index])
        lines_of_cluster = cluster_of_node[self._node_of_line]
        lines_of_atom = atom_of_node[self._node_of_line]
        ids = [item.id for item in self._items]

        def of(mask: np.ndarray) -> tuple[str, ...]:
            return tuple(ids[line] for line in np.flatnonzero(mask))

        if kind in (KIND_MERGE, KIND_ATTACH):
            left, right = of(lines_of_cluster == x), of(lines_of_cluster == y)
            name = "merge" if kind == KIND_MERGE else "attach"
        else:
            left = of(lines_of_atom == x)
            home = int(cluster_of_node[self._node_of_line[self._index[left[0]]]])
            right = of((lines_of_cluster == home) & (lines_of_atom != x)) if kind == KIND_SPLIT else \
                of(lines_of_cluster == y)
            if len(left) > len(right):  # the same question either way round; the smaller side is read first
                left, right = right, left
            name = "line" if len(left) == 1 else "attach"
        return Question(left, right, name, round(float(gains[index]), 4))


class _Calibration:
    """P(yes) from the similarity of the two sides and the size of the smaller one (large sides resemble
    each other by their many shared broad words): a logistic whose prior is refitted to the planner's own
    answers (a penalised fit, so a few answers move it a little and many move it far)."""

    def __init__(self, prior: tuple[float, float] = PRIOR_WEIGHTS) -> None:
        self.prior = np.array([*prior, 0.0])
        self.weights = self.prior.copy()
        self.rows: list[tuple[float, float, float]] = []
        self.outcomes: list[float] = []

    def probabilities(self, similarity: np.ndarray, smaller_side: np.ndarray) -> np.ndarray:
        size = np.log(np.maximum(smaller_side, 1.0))
        value = self.weights[0] + self.weights[1] * similarity + self.weights[2] * size
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(value, -30.0, 30.0))), dtype=np.float64)

    def observe(self, similarity: float, smaller_side: int, same: bool) -> None:
        self.rows.append((1.0, similarity, math.log(max(smaller_side, 1))))
        self.outcomes.append(1.0 if same else 0.0)
        features = np.array(self.rows)
        outcomes = np.array(self.outcomes)
        prior = self.prior
        weights = self.weights.copy()
        for _ in range(8):
            predicted = 1.0 / (1.0 + np.exp(-np.clip(features @ weights, -30, 30)))
            gradient = features.T @ (predicted - outcomes) + PRIOR_STRENGTH * (weights - prior)
            hessian = (features * (predicted * (1 - predicted))[:, None]).T @ features + \
                PRIOR_STRENGTH * np.eye(3)
            weights = weights - np.linalg.solve(hessian, gradient)
        self.weights = weights
