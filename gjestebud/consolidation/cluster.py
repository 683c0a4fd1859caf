"""Average-link clustering over a sparse graph, with groups that must stay together or apart.

The link between two clusters is the sum of edge weights between them divided by the product of their
sizes (a missing edge counts as zero), so a cluster only grows when a newcomer resembles most of it, not
just one member; this keeps chains of near-misses from snowballing. Merges happen best-first from a heap
with lazy deletion, which costs O(E log E) on a graph of E edges. Clusters holding lines locked to
different prior measures never merge.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np


def average_link(n: int, pairs: np.ndarray, weights: np.ndarray, threshold: float,
                 initial_groups: Sequence[Sequence[int]] = (), locks: dict[int, str] | None = None,
                 ) -> list[int]:
    """Cluster label (a representative node index) for every node; merges stop below threshold."""
    locks = locks or {}
    parent = list(range(n))
    size = [1] * n
    lock: list[str | None] = [locks.get(i) for i in range(n)]
    neighbours: list[dict[int, float]] = [{} for _ in range(n)]
    for (a, b), weight in zip(pairs.tolist(), weights.tolist()):
        neighbours[a][b] = neighbours[a].get(b, 0.0) + weight
        neighbours[b][a] = neighbours[b].get(a, 0.0) + weight

    def merge(keep: int, gone: int) -> None:
        size[keep] += size[gone]
        lock[keep] = lock[keep] or lock[gone]
        parent[gone] = keep
        neighbours[keep].pop(gone, None)
        for other, weight in neighbours[gone].items():
            if other == keep:
                continue
            neighbours[other].pop(gone, None)
            total = neighbours[keep].get(other, 0.0) + weight
            neighbours[keep][other] = total
            neighbours[other][keep] = total
        neighbours[gone] = {}

    for group in initial_groups:
        group = sorted(group)
        for member in group[1:]:
            merge(group[0], member)

    def link(a: int, b: int) -> float:
        return neighbours[a][b] / (size[a] * size[b])

    heap = [(-link(a, b), a, b) for a in range(n) if parent[a] == a for b in neighbours[a] if a < b]
    heapq.heapify(heap)
    while heap:
        negative_link, a, b = heapq.heappop(heap)
        if -negative_link < threshold:
            break
        if parent[a] != a or parent[b] != b or b not in neighbours[a] or link(a, b) != -negative_link:
            continue
        if lock[a] is not None and lock[b] is not None and lock[a] != lock[b]:
            continue
        keep, gone = (a, b) if (size[a], -a) >= (size[b], -b) else (b, a)
        merge(keep, gone)
        for other in neighbours[keep]:
            heapq.heappush(heap, (-link(keep, other), min(keep, other), max(keep, other)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    return [root(i) for i in range(n)]
