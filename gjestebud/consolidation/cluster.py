"""Average-link clustering over a sparse graph, with groups that must stay together or apart.

The link between two clusters is the sum of edge weights between them divided by the product of their
sizes (a missing edge counts as zero), so a cluster only grows when a newcomer resembles most of it, not
just one member; this keeps chains of near-misses from snowballing. Merges happen best-first from a heap
that holds one entry per cluster (its best link), so the heap stays as small as the number of clusters.
Clusters holding lines locked to different prior measures never merge, nor do clusters where one asks
for more of something and the other for less.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np


def sides_agree(first: dict[int, int], second: dict[int, int]) -> bool:
    """Two sets of (entry -> side) hold no entry on opposite sides."""
    small, big = (first, second) if len(first) <= len(second) else (second, first)
    return all(big.get(entry, side) == side for entry, side in small.items())


def average_link(n: int, pairs: np.ndarray, weights: np.ndarray, threshold: float,
                 initial_groups: Sequence[Sequence[int]] = (), locks: dict[int, str] | None = None,
                 sizes: Sequence[int] | None = None, directions: Sequence[int] | None = None,
                 apart: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
                 snapshot: tuple[float, list[int]] | None = None,
                 origins: dict[int, frozenset[str]] | None = None) -> list[int]:
    """Cluster label (a representative node index) for every node; merges stop below threshold.

    A node may stand for several identical lines (sizes); weights are then the summed similarity over
    all line pairs between two nodes. directions (+1 "more", -1 "less", 0) keep clusters asking for
    opposite things apart even when a neutral line resembles both. apart lists pairs of node groups whose
    members must end in different clusters (a planner said they are not one measure); initial_groups must
    not put a node of one group with a node of the other.
    snapshot (a link and an empty list) receives the labels as they were when links fell below that link:
    the tighter clusters that the final ones are made of. origins names, per node, the earlier measures
    its unlocked lines belonged to: a cluster locked to one measure never takes lines that sat in another,
    so a line a planner moved does not drag its old neighbours after it."""
    locks = locks or {}
    parent = list(range(n))
    size = [1] * n if sizes is None else [int(s) for s in sizes]
    lock: list[str | None] = [locks.get(i) for i in range(n)]
    origin: list[frozenset[str]] = [(origins or {}).get(i, frozenset()) for i in range(n)]
    direction = [0] * n if directions is None else list(directions)
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    # Per cluster: which side of which "apart" entry it holds; one cluster never holds both sides.
    sides: list[dict[int, int]] = [{} for _ in range(n)]
    for (a, b), weight in zip(pairs.tolist(), weights.tolist(), strict=True):
        neighbours[a][b] = neighbours[a].get(b, 0.0) + weight
        neighbours[b][a] = neighbours[b].get(a, 0.0) + weight

    def merge(keep: int, gone: int) -> None:
        """Fold gone into keep, adding up its edge weights."""
        size[keep] += size[gone]
        lock[keep] = lock[keep] or lock[gone]
        if origin[gone]:
            origin[keep] = origin[keep] | origin[gone]
        direction[keep] = direction[keep] or direction[gone]
        parent[gone] = keep
        sides[keep].update(sides[gone])
        sides[gone] = {}
        neighbours[keep].pop(gone, None)
        for other, weight in neighbours[gone].items():
            if other == keep:
                continue
            del neighbours[other][gone]
            total = neighbours[keep].get(other, 0.0) + weight
            neighbours[keep][other] = total
            neighbours[other][keep] = total
        neighbours[gone] = {}

    for group in initial_groups:
        group = sorted(group)
        for member in group[1:]:
            if parent[member] == member and member != group[0]:
                merge(group[0], member)

    def find(node: int) -> int:
        while parent[node] != node:
            node = parent[node]
        return node

    for entry, groups in enumerate(apart):
        for side, group in enumerate(groups):
            for node in group:
                sides[find(node)][entry] = side

    def compatible(a: int, b: int) -> bool:
        return ((lock[a] is None or lock[b] is None or lock[a] == lock[b])
                and (lock[a] is None or origin[b] <= {lock[a]})
                and (lock[b] is None or origin[a] <= {lock[b]})
                and direction[a] * direction[b] >= 0 and sides_agree(sides[a], sides[b]))

    # Every live cluster has one heap entry: its best link when last computed. Links only ever fall
    # (a merged link is an average of the two it replaces), so every entry is an upper bound and an entry
    # whose partner link no longer matches is simply recomputed.
    best_link = [0.0] * n
    best_other = [-1] * n
    version = [0] * n
    heap: list[tuple[float, int, int]] = []

    def refresh(c: int) -> None:
        top, partner = -1.0, -1
        for other, total in neighbours[c].items():
            value = total / (size[c] * size[other])
            if (value > top or (value == top and other < partner)) and compatible(c, other):
                top, partner = value, other
        best_link[c], best_other[c] = top, partner
        version[c] += 1
        if partner >= 0 and top >= threshold:
            heapq.heappush(heap, (-top, c, version[c]))

    for c in range(n):
        if parent[c] == c:
            refresh(c)
    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    while heap:
        negative_link, c, entry_version = heapq.heappop(heap)
        if snapshot is not None and not snapshot[1] and -negative_link < snapshot[0]:
            snapshot[1].extend(root(i) for i in range(n))
        if -negative_link < threshold:
            break
        if parent[c] != c or entry_version != version[c]:
            continue
        other = best_other[c]
        total = neighbours[c].get(other) if parent[other] == other else None
        if total is None or total / (size[c] * size[other]) != best_link[c] or not compatible(c, other):
            refresh(c)
            continue
        larger = (len(neighbours[c]), -c) >= (len(neighbours[other]), -other)
        keep, gone = (c, other) if larger else (other, c)
        merge(keep, gone)
        version[gone] += 1
        refresh(keep)

    labels = [root(i) for i in range(n)]
    if snapshot is not None and not snapshot[1]:
        snapshot[1].extend(labels)
    return labels
