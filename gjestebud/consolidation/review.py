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
  dropped for exactly the lines where it conflicts with a newer one. An answer also wins over the prior's
  locks (it is the newer decision); a line whose lock conflicts with an answer loses that lock.
- Locked lines otherwise end in the measure of the key they were locked to, and keys follow consolidate()
  (prior keys kept, a new key is a hash of the member ids, so a key never names different content).
- Questions are chosen by expected gain: the probability that the answer is "yes" (read from the
  similarity between the two sides) times the lines that would then stop being wrong. Three kinds:
  "line" (does this line belong to its measure?), "merge" (are these two measures one?) and "attach"
  (does this small measure belong to that big one?). A question whose expected gain is negligible is not
  asked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .cluster import average_link
from .engine import MERGE_THRESHOLD, build_graph, build_measures, lock_map
from .model import Measure, PriorMeasure, Suggestion

# Probability of "yes" from the average similarity between two sides: a logistic around the merge
# threshold; SPREAD is how fast it moves from unlikely to likely.
YES_SPREAD = 0.04
# A question whose expected gain (in lines set right) is below this is not worth a planner's time.
MIN_GAIN = 0.1
# A small measure has at most this many lines; a "big" one at least ATTACH_BIG.
ATTACH_SMALL = 2
ATTACH_BIG = 4


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


def _probability_yes(similarity: float) -> float:
    return 1.0 / (1.0 + math.exp(-(similarity - MERGE_THRESHOLD) / YES_SPREAD))


class _Constraints:
    """Union-find over nodes with cannot-links between components."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.enemies: dict[int, set[int]] = defaultdict(set)

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
        if b in self.enemies.get(a, ()):
            return False
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        for enemy in self.enemies.pop(gone, set()):
            self.enemies[enemy].discard(gone)
            self.enemies[enemy].add(keep)
            self.enemies[keep].add(enemy)
        return True

    def separate(self, a: int, b: int) -> bool:
        """Keep a and b apart unless a newer must-link holds them together."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        self.enemies[a].add(b)
        self.enemies[b].add(a)
        return True


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
        graph = build_graph(self._items, self._locks)
        self._node_of_line = graph.group_of_line.copy()
        self._node_lines: list[list[int]] = [[] for _ in range(len(graph.group_sizes))]
        for line, node in enumerate(self._node_of_line.tolist()):
            self._node_lines[node].append(line)
        self._directions = graph.directions.tolist()
        self._pairs = graph.pairs.astype(np.int64)
        self._similarity = graph.weights.astype(np.float64)
        self._answers: list[Answer] = []
        for answer in answers:
            left = tuple(sorted({i for i in answer.left if i in self._index} - set(answer.right)))
            right = tuple(sorted({i for i in answer.right if i in self._index}))
            if left and right:
                self._record(Answer(left, right, bool(answer.same)))
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

    def next_question(self) -> Question | None:
        """The question whose answer is expected to set most lines right, or None."""
        candidates = self._candidates()
        return candidates[0] if candidates else None

    def progress(self) -> tuple[int, int]:
        """(questions answered, an estimate of the questions still worth asking)."""
        return len(self._answers), len(self._candidates())

    # --- answers become constraints ----------------------------------------------------------------

    def _record(self, answer: Answer) -> None:
        for line_id in (*answer.left, *answer.right):
            self._detach(self._index[line_id])
        self._answers.append(answer)

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
        touching = (self._pairs[:, 0] == node) | (self._pairs[:, 1] == node)
        copied = self._pairs[touching].copy()
        copied[copied == node] = new
        self._pairs = np.concatenate([self._pairs, np.sort(copied, axis=1), [[node, new]]])
        self._similarity = np.concatenate([self._similarity, self._similarity[touching], [1.0]])

    def _constraints(self) -> tuple[_Constraints, dict[int, str]]:
        """Must- and cannot-links between nodes, newest answer first, then the prior's locks."""
        constraints = _Constraints(len(self._node_lines))
        node = self._node_of_line
        for answer in reversed(self._answers):
            left = [int(node[self._index[i]]) for i in answer.left]
            right = [int(node[self._index[i]]) for i in answer.right]
            if answer.same:
                for other in (*right[1:], *left):
                    constraints.join(right[0], other)
            else:
                for a in left:
                    for b in right:
                        constraints.separate(a, b)
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
        apart = [(a, b) for a, enemies in constraints.enemies.items() for b in enemies if a < b]
        sizes = np.array([len(lines) for lines in self._node_lines], dtype=np.float64)
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        labels = average_link(n, self._pairs, self._similarity * sizes[a] * sizes[b], MERGE_THRESHOLD,
                              [group for group in components.values() if len(group) > 1], node_locks,
                              sizes.astype(np.int64).tolist(), self._directions, apart)
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

    def _candidates(self) -> list[Question]:
        """Every question worth asking, best expected gain first."""
        if self._cached_candidates is not None:
            return self._cached_candidates
        label, sizes, constraints = self._node_label, self._node_sizes, self._constraint_set
        cluster_size: dict[int, float] = defaultdict(float)
        for node, size in zip(label.tolist(), sizes.tolist()):
            cluster_size[node] += size
        forbidden = {(int(label[a]), int(label[b])) for a, enemies in constraints.enemies.items()
                     for b in enemies}
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        between = label[a] != label[b]
        links: dict[tuple[int, int], float] = defaultdict(float)
        for x, y, weight in zip(label[a[between]].tolist(), label[b[between]].tolist(),
                                (self._similarity[between] * sizes[a[between]] * sizes[b[between]]).tolist()):
            links[(x, y) if x < y else (y, x)] += weight
        scored: list[tuple[float, str, int, int]] = []
        for (x, y), total in links.items():
            if (x, y) in forbidden:
                continue
            size_x, size_y = cluster_size[x], cluster_size[y]
            gain = _probability_yes(total / (size_x * size_y)) * 2 * size_x * size_y / (size_x + size_y)
            small, big = (x, y) if (size_x, x) < (size_y, y) else (y, x)
            kind = "attach" if cluster_size[small] <= ATTACH_SMALL and cluster_size[big] >= ATTACH_BIG else "merge"
            scored.append((gain, kind, small, big))
        component_size: dict[int, int] = defaultdict(int)
        for node in range(len(self._node_lines)):
            component_size[constraints.find(node)] += 1
        for node, size in enumerate(sizes.tolist()):
            total = cluster_size[int(label[node])]
            if total < 3 or component_size[constraints.find(node)] > 1 or total - size < 1:
                continue
            fit = (self._node_affinity[node] - (size - 1.0)) / (total - size)
            gain = (1.0 - _probability_yes(fit)) * 2 * (total - size) / total * size
            scored.append((gain, "line", node, -1))
        scored.sort(key=lambda entry: (-entry[0], entry[1], entry[2], entry[3]))
        members: dict[int, list[str]] = defaultdict(list)
        for line, cluster in enumerate(self._line_label.tolist()):
            members[cluster].append(self._items[line].id)
        questions = []
        for gain, kind, x, y in scored:
            if gain < MIN_GAIN:
                break
            if kind == "line":
                left = tuple(self._items[line].id for line in self._node_lines[x])
                right = tuple(i for i in members[int(label[x])] if i not in set(left))
            else:
                left, right = tuple(members[x]), tuple(members[y])
            questions.append(Question(left, right, kind, round(gain, 4)))
        self._cached_candidates = questions
        return questions
