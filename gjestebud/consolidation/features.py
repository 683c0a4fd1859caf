"""Corpus-level features: compound splitting, typo merging and IDF-weighted sparse vectors.

Compounds are split against the corpus itself: a long unknown term that is the concatenation of two terms
seen on their own elsewhere (optionally with a linking -s- or -e-) is replaced by its parts, so
"ferjeavgangar", "ferje avgangar" and "avgangar" share features. Rare terms of six letters or more that are
one edit away from a more frequent term are taken as typos of it. Terms are weighted by inverse
document frequency and every line vector is L2-normalised, so a dot product is a cosine similarity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from .normalise import (
    CONCEPTS_OF_TERM,
    LEXICON_TERMS,
    STEM_VARIANTS,
    SURFACE_VARIANTS,
    LineTerms,
    stem_norwegian,
)

MIN_PART = 3
MIN_UNLISTED_PART = 4
MIN_COMPOUND = 6
MIN_TYPO_LENGTH = 6
MAX_TYPO_FREQUENCY = 2
MODIFIER_WEIGHT = 1.0
HEAD_PART_WEIGHT = 0.7
COMPOUND_WHOLE_WEIGHT = 1.0
CONCEPT_WEIGHT = 1.0
IDF_POWER = 0.5


def _as_known_part(part: str, known: Counter[str]) -> str | None:
    """The term a compound part stands for, if the lexicon knows it or the corpus has it on its own
    (three-letter parts only from the lexicon: too many short stems are accidental)."""
    for candidate in (part, stem_norwegian(part)):
        mapped = SURFACE_VARIANTS.get(candidate) or STEM_VARIANTS.get(candidate)
        if mapped is not None:
            return mapped
        if known[candidate] > 0 and len(candidate) >= MIN_UNLISTED_PART:
            return candidate
    return None


def split_compound(term: str, known: Counter[str], depth: int = 2) -> list[str] | None:
    """Split a term into known parts: fewest parts first, then the split whose rarest part is most
    frequent, then the longest head."""
    if depth == 0 or len(term) < MIN_COMPOUND:
        return None
    best: tuple[int, int, int, list[str]] | None = None
    for cut in range(MIN_PART, len(term) - MIN_PART + 1):
        head = term[cut:]
        head_term = _as_known_part(head, known)
        if head_term is None:
            continue
        modifier = term[:cut]
        modifier_parts: list[str] | None = None
        for candidate in (modifier, modifier[:-1] if modifier[-1] in "se" else None):
            if candidate and len(candidate) >= MIN_PART:
                known_modifier = _as_known_part(candidate, known)
                if known_modifier is not None:
                    modifier_parts = [known_modifier]
                    break
        if modifier_parts is None:
            modifier_parts = split_compound(modifier, known, depth - 1)
        if modifier_parts is None:
            continue
        parts = modifier_parts + [head_term]
        support = min(known[part] + (part in LEXICON_TERMS) for part in parts)
        candidate_split = (-len(parts), support, len(head), parts)
        if best is None or candidate_split[:3] > best[:3]:
            best = candidate_split
    return None if best is None else best[3]


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1:] for i in range(len(term))}


def typo_map(frequency: Counter[str]) -> dict[str, str]:
    """Map rare terms onto a more frequent term within one edit (insert, delete, substitute, swap)."""
    index: dict[str, list[str]] = {}
    for term in sorted(frequency):
        if len(term) >= MIN_TYPO_LENGTH and term not in LEXICON_TERMS:
            for key in _deletions(term) | {term}:
                index.setdefault(key, []).append(term)
    mapping: dict[str, str] = {}
    for term in sorted(frequency):
        if len(term) < MIN_TYPO_LENGTH or term in LEXICON_TERMS or frequency[term] > MAX_TYPO_FREQUENCY:
            continue
        neighbours: set[str] = set()
        for key in _deletions(term) | {term}:
            neighbours.update(index.get(key, ()))
        neighbours.discard(term)
        better = [n for n in neighbours if (frequency[n], n) > (frequency[term], term)]
        if better:
            mapping[term] = max(better, key=lambda n: (frequency[n], n))
    for term in list(mapping):
        seen = {term}
        while mapping[term] in mapping and mapping[term] not in seen:
            seen.add(mapping[term])
            mapping[term] = mapping[mapping[term]]
    return mapping


def weighted_terms(lines: Sequence[LineTerms]) -> tuple[list[dict[str, float]], list[tuple[str, ...]]]:
    """Per line, term -> weight before IDF (compounds become their parts plus the whole), and the line's
    head: the features of its first content word, which usually names the thing asked for."""
    frequency: Counter[str] = Counter()
    for line in lines:
        frequency.update(set(line.terms))
    typos = typo_map(frequency)
    known: Counter[str] = Counter()
    for term, count in frequency.items():
        known[typos.get(term, term)] += count
    splits: dict[str, list[str] | None] = {}
    result: list[dict[str, float]] = []
    heads: list[tuple[str, ...]] = []
    for line in lines:
        weights: dict[str, float] = {}
        head: tuple[str, ...] = ()
        for term, in_lexicon in zip(line.terms, line.in_lexicon, strict=True):
            term = typos.get(term, term)
            if term not in splits:
                splits[term] = None if in_lexicon else split_compound(term, known)
            parts = splits[term]
            if not head:
                head = (term, *(parts or ()))
            if parts is None:
                weights[term] = max(weights.get(term, 0.0), 1.0)
                continue
            weights[term] = max(weights.get(term, 0.0), COMPOUND_WHOLE_WEIGHT)
            for position, part in enumerate(parts):
                weight = HEAD_PART_WEIGHT if position == len(parts) - 1 else MODIFIER_WEIGHT
                weights[part] = max(weights.get(part, 0.0), weight)
        for term in [t for t in weights if t in CONCEPTS_OF_TERM]:
            for concept in CONCEPTS_OF_TERM[term]:
                weights[concept] = max(weights.get(concept, 0.0), CONCEPT_WEIGHT)
        result.append(weights)
        heads.append(head)
    return result, heads


def raw_matrix(weights: Sequence[dict[str, float]]) -> tuple[sp.csr_matrix, list[str]]:
    """Rows = lines, columns = terms in order of first appearance, values = term weights."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for row in weights:
        for term, weight in row.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(weight)
        indptr.append(len(indices))
    matrix = sp.csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64),
                            np.array(indptr, dtype=np.int64)), shape=(len(weights), len(vocabulary)))
    matrix.sort_indices()
    return matrix, list(vocabulary)


def char_gram_matrix(raw_terms: sp.csr_matrix, terms: Sequence[str], sizes: tuple[int, ...] = (3, 4, 5),
                     ) -> sp.csr_matrix:
    """Character n-grams of each line's terms, weighted like the terms: partial overlaps (shared stems,
    typos) still count. Built as lines x terms times terms x n-grams, so each term is cut up once."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for term_index, term in enumerate(terms):
        padded = f"#{term}#"
        for gram in sorted({padded[i:i + size] for size in sizes for i in range(len(padded) - size + 1)}):
            rows.append(term_index)
            columns.append(vocabulary.setdefault(gram, len(vocabulary)))
    grams_of_terms = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(terms), len(vocabulary)))
    return sp.csr_matrix(raw_terms @ grams_of_terms)


def tfidf_matrix(raw: sp.csr_matrix, counts: np.ndarray | None = None, unshared_mass: float = 0.0,
                 ) -> tuple[sp.csr_matrix, np.ndarray]:
    """Weight a raw line x feature matrix by damped IDF and L2-normalise its rows; also return each
    column's document frequency. counts says how many identical lines a row stands for (default one).

    IDF is taken to the power IDF_POWER < 1: with full IDF a rare incidental word ("rullator", a place
    name) outweighs the shared thing the lines are about. unshared_mass adds a private dimension of that
    size to every line before normalising, so two lines sharing only one common word stay apart."""
    row_counts = np.ones(raw.shape[0]) if counts is None else np.asarray(counts, dtype=np.float64)
    column = raw.indices.astype(np.int64)
    document_frequency = np.bincount(column, weights=np.repeat(row_counts, np.diff(raw.indptr)),
                                     minlength=raw.shape[1])
    idf = np.log1p(max(row_counts.sum(), 1.0) / np.maximum(document_frequency, 1.0)) ** IDF_POWER
    matrix = sp.csr_matrix((raw.data * idf[column], raw.indices, raw.indptr), shape=raw.shape)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel() + unshared_mass ** 2)
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix), document_frequency
