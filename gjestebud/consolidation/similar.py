"""similar_measures(): which other measures read most alike, for the planner's merge hints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from .features import raw_matrix, tfidf_matrix, weighted_terms
from .normalise import analyse_line


def similar_measures(measures: Mapping[str, Sequence[str]], *, top: int = 5, min_score: float = 0.2,
                     ) -> dict[str, list[tuple[str, float]]]:
    """measure key -> member texts in; for each key the most similar other measures, best first.

    A measure is the normalised sum of its lines' vectors, so a measure is compared by everything its
    residents wrote, not by one title."""
    keys = sorted(measures)
    line_texts = [text for key in keys for text in measures[key]]
    owner = np.array([position for position, key in enumerate(keys) for _ in measures[key]], dtype=np.int64)
    result: dict[str, list[tuple[str, float]]] = {key: [] for key in keys}
    if not line_texts:
        return result
    line_weights, _ = weighted_terms([analyse_line(text, None) for text in line_texts])
    line_matrix, _ = tfidf_matrix(raw_matrix(line_weights)[0])
    membership = sp.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))),
                               shape=(len(keys), len(owner)))
    centroids = sp.csr_matrix(membership @ line_matrix)
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    centroids = sp.csr_matrix(sp.diags(1.0 / norms) @ centroids)
    transposed = sp.csr_matrix(centroids.T)
    for start in range(0, len(keys), 1024):
        block = sp.csr_matrix(centroids[start:start + 1024] @ transposed)
        for offset in range(block.shape[0]):
            row = start + offset
            columns = block.indices[block.indptr[offset]:block.indptr[offset + 1]]
            scores = block.data[block.indptr[offset]:block.indptr[offset + 1]]
            ranked = sorted(((-score, keys[column]) for column, score in zip(columns, scores, strict=True)
                             if column != row and score >= min_score))
            result[keys[row]] = [(key, round(float(-score), 4)) for score, key in ranked[:top]]
    return result
