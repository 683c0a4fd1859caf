"""Consolidation engine: turn hundreds of residents' suggestion lines into one list of measures.

Pure Python (numpy, scipy, snowballstemmer); no web framework, no database, no model download.

How lines become measures:

1. Normalise each line (normalise.py). Lower-case, fold æ/ø/å and their ASCII stand-ins together, drop
   stop words of Bokmål, Nynorsk, dialect, English and German, and map variants onto one Bokmål form with
   a general lexicon (veg/vei, bustad/bolig, ferje/ferge/ferja, ongdom/ungdom, bhg/barnehage, ferry/ferje).
   Light stemming handles inflection. "Flere"/"fleire"/"more" and "færre"/"mindre"/"less" are not
   content: they become the line's direction.
2. Corpus features (features.py). Compounds are split against the corpus itself ("ferjeavgangar" ->
   ferje + avgang when both occur on their own); the modifier, which names the thing, counts fully and
   the generic head ("-vei", "-hus") less. Rare words one edit away from frequent ones are read as typos.
   Every term also lights a broad planning topic (nature, housing, health, youth, transport ...) so that
   different words for one thing meet. Weights are damped IDF; vectors are L2-normalised, and a share of
   character n-grams of the terms is added for partial matches.
3. Sparse graph (graph.py, engine.py). Identical normalised lines are merged first. Candidate pairs come
   from an inverted index over not-too-common terms (sorted-neighbourhood blocking for the very common
   ones); each line keeps its strongest few dozen neighbours, so memory and time grow about linearly.
   Context adjusts a similarity: lines answering different questions are less alike, one gathering's list
   rarely repeats itself under one question, and lines that lead with unrelated things ("kafé i X" vs
   "flytte rådhuset til X") are pushed apart.
4. Clustering (cluster.py). Average-link agglomeration over the sparse graph, best merge first, stopping
   at a fixed threshold. Clusters asking for more and for less of a thing never merge, nor do clusters
   holding lines a planner locked to different measures.
5. Measures (engine.py). Keys are inherited from the earlier run's measure that overlaps most (one key per
   measure, locked lines and locked titles first), otherwise "m-" + a hash of the member ids; the title is
   the member wording that resembles the rest most, shorter lines preferred.

Everything is sorted by id before it starts, so the result does not depend on input order.
"""

from .engine import consolidate, propose_title
from .model import Measure, PriorMeasure, Suggestion
from .similar import similar_measures

__all__ = ["Measure", "PriorMeasure", "Suggestion", "consolidate", "propose_title", "similar_measures"]
