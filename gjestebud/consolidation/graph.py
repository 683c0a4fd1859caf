"""Sparse similarity graph: which pairs of lines are worth comparing, and how similar they are.

No n x n matrix is ever built. Candidate pairs come from an inverted index (a sparse product over the
terms that are not too common); for terms too common to pair everything with everything, lines are
sorted by content and paired with their neighbours in that order (sorted-neighbourhood blocking). Each
candidate pair gets an exact cosine, adjusted by context, and every line keeps its best neighbours.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

ROW_CHUNK = 2048
# A term held by more lines than this pairs lines only with their 8 neighbours in content order.
COMMON_TERM_CAP = 200
COMMON_TERM_WINDOW = 8
# Each line's candidates: the lines sharing most not-too-common terms with it.
CANDIDATES_PER_LINE = 60
# Bounds the memory of one step of exact cosines (rows gathered at once x stored entries per row).
PAIR_CHUNK_ENTRIES = 5_000_000


def _top_per_row(rows: np.ndarray, values: np.ndarray, keep: int) -> np.ndarray:
    """Mask of the entries that are among the `keep` largest of their row (ties: earlier entry).

    One sort of an integer key (row, then value quantised to 2^-30, descending) instead of a lexsort."""
    scale = float(1 << 30)
    quantised = np.clip(np.round(values / max(float(values.max(initial=0.0)), 1.0) * scale), 0, scale)
    key = rows.astype(np.int64) * np.int64(1 << 31) + (np.int64(1 << 30) - quantised.astype(np.int64))
    order = np.argsort(key, kind="stable")
    sorted_rows = rows[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_rows, sorted_rows, side="left")
    mask = np.zeros(len(rows), dtype=bool)
    mask[order[rank < keep]] = True
    return mask


def _pairs_from_product(candidate_matrix: sp.csr_matrix, progress: Callable[[int], None]) -> np.ndarray:
    """Pairs (i, j), i < j, that share a not-too-common term, each line's strongest few only."""
    transposed = sp.csr_matrix(candidate_matrix.T)
    found: list[np.ndarray] = []
    n = candidate_matrix.shape[0]
    for start in range(0, n, ROW_CHUNK):
        block = sp.coo_matrix(candidate_matrix[start:start + ROW_CHUNK] @ transposed)
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        off_diagonal = rows != cols
        rows, cols, values = rows[off_diagonal], cols[off_diagonal], block.data[off_diagonal]
        strongest = _top_per_row(rows, values, CANDIDATES_PER_LINE)
        found.append(np.sort(np.stack([rows[strongest], cols[strongest]], axis=1), axis=1))
        progress(min(start + ROW_CHUNK, n))
    return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)


def _pairs_from_common_terms(binary: sp.csc_matrix, common: np.ndarray, order_key: np.ndarray) -> np.ndarray:
    """Pairs of lines that are close in content order among the lines holding one common term."""
    found: list[np.ndarray] = []
    for column in common:
        holders = binary.indices[binary.indptr[column]:binary.indptr[column + 1]]
        holders = holders[np.argsort(order_key[holders], kind="stable")]
        for offset in range(1, COMMON_TERM_WINDOW + 1):
            if offset >= len(holders):
                break
            found.append(np.stack([holders[:-offset], holders[offset:]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    return np.sort(pairs, axis=1)


def candidate_pairs(matrix: sp.csr_matrix, document_frequency: np.ndarray, order_key: np.ndarray,
                    progress: Callable[[int], None]) -> np.ndarray:
    """Unique candidate pairs (i < j) as an array of shape (m, 2)."""
    common = np.flatnonzero(document_frequency > COMMON_TERM_CAP)
    binary = matrix.copy()
    binary.data[:] = 1.0
    if len(common):
        keep_columns = np.ones(matrix.shape[1], dtype=bool)
        keep_columns[common] = False
        candidate_matrix = sp.csr_matrix(binary @ sp.diags(keep_columns.astype(np.float64)))
        candidate_matrix.eliminate_zeros()
    else:
        candidate_matrix = binary
    pairs = _pairs_from_product(candidate_matrix, progress)
    if len(common):
        pairs = np.concatenate([pairs, _pairs_from_common_terms(sp.csc_matrix(binary), common, order_key)])
    if not len(pairs):
        return pairs
    n = np.int64(matrix.shape[0])
    codes = np.sort(pairs[:, 0] * n + pairs[:, 1])
    codes = codes[np.concatenate([[True], codes[1:] != codes[:-1]])]
    return np.stack([codes // n, codes % n], axis=1)


def pair_similarity(matrix: sp.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """Exact cosine for each pair, computed chunk by chunk."""
    result = np.empty(len(pairs), dtype=np.float64)
    entries_per_row = max(matrix.nnz / max(matrix.shape[0], 1), 1.0)
    chunk_size = max(1000, int(PAIR_CHUNK_ENTRIES / entries_per_row))
    for start in range(0, len(pairs), chunk_size):
        chunk = pairs[start:start + chunk_size]
        products = matrix[chunk[:, 0]].multiply(matrix[chunk[:, 1]])
        result[start:start + chunk_size] = np.asarray(products.sum(axis=1)).ravel()
    return result


def top_neighbours(pairs: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Keep a pair when it is among the k strongest of either of its two lines."""
    if not len(pairs):
        return np.zeros(0, dtype=bool)
    edge = np.concatenate([np.arange(len(pairs)), np.arange(len(pairs))])
    strongest = _top_per_row(np.concatenate([pairs[:, 0], pairs[:, 1]]), np.concatenate([weights, weights]),
                             k)
    keep = np.zeros(len(pairs), dtype=bool)
    keep[edge[strongest]] = True
    return keep
