"""How much a resident's line reads like a measure: the title rules that engine._title adds up.

A measure is best titled by a line phrased as a proposal ("Lengre åpningstid på ungdomsklubben", "Flere
benker langs Storgata", "Vi ønsker ...") in the measure's main language, short and complete. Questions,
praise ("Kaia er fin"), jokes ("lol") and complaints ("Dårlig vei") describe a need without proposing
anything; a word that appears once and is one edit from a word other lines of the measure use is a typo
that the title should not carry. The word lists are general grammar (how proposals open in Norwegian,
English and German), not wordings taken from any topic.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

# How a proposal opens, per language family: comparatives and quantity words ("flere", "more"),
# adjectives of a new or better thing, and verbs in the infinitive or imperative.
_PROPOSAL_OPENINGS = {
    "no": frozenset("""flere fleire mer meir mere bedre betre større storre nye ny nytt lengre lenger utvide
        utvid utvidet utvida få lage lag bygg bygge byggje etablere etabler opprette opprett innføre innfør
        øke auk auke
        sikre sikr ta behold behald beholde bevare bevar ønsker ønskjer ønske egen eige eget eigen eigne egne
        billigere billegare rimeligere rimelegare tryggere tryggare hyppigere oftere oftare gratis faste satse
        sats styrke styrk ruste rust pusse puss rydde rydd fjerne fjern flytte flytt gjøre gjør gjere
        restaurere oppgradere oppgrader vedlikeholde vedlikehalde legge legg leggje skape start starte
        organisere arrangere
        tilby tilrettelegge tilrettelegg mindre færre redusere reduser senke auka økt kortere kortare
        breiare bredere fleksibel fleksible utbedre utbetre merke merk""".split()),
    "en": frozenset("""more better build create add improve extend keep make provide introduce increase reduce
        fewer less new cheaper safer longer open offer start install repair fix protect establish expand
        restore lower free regular""".split()),
    "de": frozenset("""mehr bessere besserer besseres besser ausbau ausbauen bau bauen neue neuer neues
        einrichten schaffen errichten sanieren verbessern erweitern weniger sichere sicherere breitere breite
        bitte einführen verlängern öffnen""".split()),
}
# Words that make a line a proposal wherever they stand: modal verbs of need and wish.
_PROPOSAL_WORDS = {
    "no": frozenset("må bør burde ønsker ønskjer ønsker trenger treng vil skulle".split()),
    "en": frozenset("should need needs want wish must".split()),
    "de": frozenset("sollte sollten soll sollen muss müssen brauchen fordern wünschen".split()),
}
# "X er fin", "is great", "ist schön": praise, not a measure.
_PRAISE = re.compile(
    r"\b(er|e|is|are|ist|sind)\s+(så\s+|veldig\s+|very\s+|so\s+|sehr\s+|really\s+)?"
    r"(bra|fin|fint|flott|god|godt|topp|nydeleg|nydelig|kjekt|great|nice|good|lovely|gut|toll|schön)\b")
# Laughter and chat slang.
_JOKE = re.compile(r"\b(lol|haha\w*|hehe\w*|xd|lmao|omg)\b|[:;]-?[)(dp]\B", re.IGNORECASE)
# How a complaint opens: a lack or a bad state, a need but not yet a measure.
_COMPLAINT_OPENINGS = frozenset("""dårlig dårleg dårlige dårlege ingen ikke ikkje mangler manglar mangel lite
    for altfor no not lack too zu kein keine keinen schlecht schlechte fehlt""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

PROPOSAL_BONUS = 0.12
NON_MEASURE_PENALTY = 0.25
COMPLAINT_PENALTY = 0.08
TYPO_PENALTY = 0.15
SHORT_PENALTY = 0.1
MIN_TYPO_WORD = 4


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _one_edit(a: str, b: str) -> bool:
    """Exactly one substitution, insertion, deletion or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(long)):
        if long[:i] + long[i + 1:] == short:
            return True
    return False


def typo_words(candidate: str, counts: Counter[str]) -> set[str]:
    """Words of a candidate line that no other line of the measure uses and that are one edit from a
    word other lines use more often ("Ungdomsklub" next to lines with "ungdomsklubb"). counts: in how
    many lines of the measure each word occurs."""
    found = set()
    for word in set(words(candidate)):
        if counts[word] == 1 and len(word) >= MIN_TYPO_WORD and any(
                count >= 2 and abs(len(other) - len(word)) <= 1 and _one_edit(word, other)
                for other, count in counts.items()):
            found.add(word)
    return found


def word_counts(texts: Sequence[str]) -> Counter[str]:
    return Counter(word for text in texts for word in set(words(text)))


def is_proposal(text: str, family: str) -> bool:
    tokens = words(text)
    if not tokens:
        return False
    openings = _PROPOSAL_OPENINGS.get(family, _PROPOSAL_OPENINGS["no"])
    anywhere = _PROPOSAL_WORDS.get(family, _PROPOSAL_WORDS["no"])
    subject_or_marker = {"vi", "we", "wir", "me", "å", "to", "zu"}
    start = tokens[1:] if tokens[0] in subject_or_marker and len(tokens) > 1 else tokens
    return start[0] in openings or bool(anywhere.intersection(tokens))


def is_non_measure(text: str) -> bool:
    """A question, praise, a joke or a line of emoji."""
    stripped = text.strip()
    return (stripped.endswith("?") or bool(_PRAISE.search(stripped.lower())) or bool(_JOKE.search(stripped))
            or any(unicodedata.category(ch) == "So" for ch in stripped))


def phrasing_score(text: str, family: str, typos: set[str]) -> float:
    """Bonus for a proposal, penalties for what is not a measure, a typo or a line of one word."""
    tokens = words(text)
    score = PROPOSAL_BONUS if is_proposal(text, family) else 0.0
    if is_non_measure(text):
        score -= NON_MEASURE_PENALTY
    elif tokens and tokens[0] in _COMPLAINT_OPENINGS:
        score -= COMPLAINT_PENALTY
    if typos:
        score -= TYPO_PENALTY
    if len(tokens) < 2:
        score -= SHORT_PENALTY
    return score
