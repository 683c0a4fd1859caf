"""From one line of text to content terms: fold spelling, drop stop words, map variants, stem.

Everything is compared in a folded alphabet (å/aa -> a, ø -> o, æ/ae -> e, ä -> e, ö -> o, ü -> u), so a line
typed without æøå meets one typed with them. Norwegian words are stemmed with a light suffix stripper that
knows both Bokmål and Nynorsk endings (-ane/-ene, -ar/-er, -heit/-het); German gets a similar light
stripper and English the Snowball stemmer. The variant lexicon is applied to the surface word and, for
inflected Norwegian forms, to the stem (only stems of four letters or more, so short stems do not
collide). Words that say "more" or "less" are not terms; they are kept as the line's direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from .lexicon import CONCEPT_MEMBERS, FOREIGN_VARIANTS, LESS_WORDS, MORE_WORDS, NORWEGIAN_VARIANTS, STOP_WORDS

_FOLD_TABLE = str.maketrans({"å": "a", "ø": "o", "æ": "e", "ä": "e", "ö": "o", "ü": "u", "é": "e", "è": "e",
                             "ê": "e", "á": "a", "à": "a", "ó": "o", "ò": "o", "ô": "o", "ß": "s"})
_TOKEN_RE = re.compile(r"[^\W\d_]+")
_NORWEGIAN_SUFFIXES = ("heitene", "hetene", "heiten", "heten", "heiter", "heter", "ande", "ende", "ane",
                       "ene", "ast", "ar", "er", "en", "et", "a", "e")
MIN_STEM_FOR_VARIANTS = 4
_GERMAN_SUFFIXES = ("ungen", "ern", "em", "en", "er", "es", "e", "s", "n")
_ENGLISH = snowballstemmer.stemmer("english")
_LANGUAGE_MARKERS = {
    "no": frozenset("og er på i til det som ein eit ei en et med ikkje ikke eg jeg me vi kva hva dei de "
                    "frå fra meir mer fleire flere berre bare mykje mye ho hun vere være noko noe må kan "
                    "har".split()),
    "en": frozenset("the and is are to of we there it with not this that our you they have in on a".split()),
    "de": frozenset("der die das und ist nicht ein eine zu mit auf für den dem von sich auch wird werden "
                    "sind bitte".split()),
}


def fold(word: str) -> str:
    """Fold letters that residents often type without their diacritics into plain ASCII-like forms."""
    return word.translate(_FOLD_TABLE).replace("aa", "a").replace("ae", "e")


def stem_norwegian(word: str) -> str:
    """Strip one Bokmål or Nynorsk inflection ending, keeping at least three letters of stem."""
    for suffix in _NORWEGIAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("heit"):
        word = word[:-4] + "het"
    elif word.endswith("leg") and len(word) > 5:
        word = word[:-3] + "lig"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] in "mn":
        word = word[:-1]
    return word


def stem_german(word: str) -> str:
    """Strip one German inflection ending, keeping at least four letters (Snowball's German stemmer is
    exact but too slow in pure Python for long contributions)."""
    for suffix in _GERMAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def guess_language(tokens: list[str]) -> str:
    """Guess Norwegian ("no"), English or German from marker words; Norwegian unless another language
    has strictly more markers."""
    best, best_hits = "no", 0
    distinct = set(tokens)
    for language, markers in _LANGUAGE_MARKERS.items():
        hits = len(markers.intersection(distinct))
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def _build_folded_tables() -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str],
                                    frozenset[str]]:
    surface: dict[str, str] = {}
    stems: dict[str, str] = {}
    for variant, canonical in sorted(NORWEGIAN_VARIANTS.items()) + sorted(FOREIGN_VARIANTS.items()):
        surface.setdefault(fold(variant), fold(stem_norwegian(canonical)))
    for variant, canonical in sorted(NORWEGIAN_VARIANTS.items()):
        stem = fold(stem_norwegian(variant))
        if len(stem) >= MIN_STEM_FOR_VARIANTS:
            stems.setdefault(stem, fold(stem_norwegian(canonical)))
    for term in set(surface.values()):
        stems[term] = term
    return (surface, stems, frozenset(map(fold, STOP_WORDS)), frozenset(map(fold, MORE_WORDS)),
            frozenset(map(fold, LESS_WORDS)))


SURFACE_VARIANTS, STEM_VARIANTS, _STOP_FOLDED, _MORE_FOLDED, _LESS_FOLDED = _build_folded_tables()
LEXICON_TERMS = frozenset(STEM_VARIANTS.values())


@dataclass(frozen=True)
class TokenInfo:
    """What one word contributes: a term (or None), and whether it says "more" (+1) or "less" (-1)."""

    term: str | None
    direction: int
    in_lexicon: bool


@lru_cache(maxsize=200_000)
def analyse_word(word: str, language: str) -> TokenInfo:
    """Map one lower-cased word to its term; cached because vocabularies are small next to corpora."""
    folded = fold(word)
    if folded in _MORE_FOLDED:
        return TokenInfo(None, 1, True)
    if folded in _LESS_FOLDED:
        return TokenInfo(None, -1, True)
    if folded in _STOP_FOLDED or len(folded) < 2:
        return TokenInfo(None, 0, True)
    if folded in SURFACE_VARIANTS:
        return TokenInfo(SURFACE_VARIANTS[folded], 0, True)
    if language == "en":
        stem = fold(_ENGLISH.stemWord(word))
    elif language == "de":
        stem = fold(stem_german(word))
    else:
        stem = fold(stem_norwegian(word))
    if stem in STEM_VARIANTS:
        return TokenInfo(STEM_VARIANTS[stem], 0, True)
    if len(stem) < 2:
        return TokenInfo(None, 0, True)
    return TokenInfo(stem, 0, False)


@dataclass(frozen=True)
class LineTerms:
    """The content terms of one line in order, which of them the lexicon knows (those are never split
    as compounds), and whether the line says "more" or "less"."""

    terms: tuple[str, ...]
    in_lexicon: tuple[bool, ...]
    more: bool
    less: bool


def analyse_line(text: str, language: str | None) -> LineTerms:
    """Tokenise, guess the language when unknown, and map every word to a term."""
    tokens = _TOKEN_RE.findall(text.lower())
    if language not in ("en", "de"):
        language = guess_language(tokens) if language is None else language
    if language not in ("en", "de"):
        language = "no"
    terms: list[str] = []
    in_lexicon: list[bool] = []
    more = less = False
    for token in tokens:
        info = analyse_word(token, language)
        more |= info.direction > 0
        less |= info.direction < 0
        if info.term is not None:
            terms.append(info.term)
            in_lexicon.append(info.in_lexicon)
    return LineTerms(tuple(terms), tuple(in_lexicon), more, less)


def _concepts_of_term() -> dict[str, tuple[str, ...]]:
    concepts: dict[str, set[str]] = {}
    for concept, words in CONCEPT_MEMBERS.items():
        for word in words:
            info = analyse_word(word, "no")
            if info.term is not None:
                concepts.setdefault(info.term, set()).add("@" + fold(concept))
    return {term: tuple(sorted(found)) for term, found in concepts.items()}


CONCEPTS_OF_TERM = _concepts_of_term()
