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
   holding lines a planner locked to different measures; a cluster holding locked lines never takes
   unlocked lines that sat in another earlier measure, so a line a planner moved does not drag its old
   neighbours after it.
5. Measures (engine.py). Keys are inherited from the earlier run's measure that overlaps most (one key per
   measure, locked lines and locked titles first), otherwise "m-" + a hash of the member ids, so a key
   never names different content. The title (titles.py) is chosen among the few member wordings that
   resemble the rest most: shorter lines and the measure's main language preferred, a line phrased as a
   proposal ("Flere benker langs Storgata", "Vi ønsker ...") over praise, questions, jokes and complaints,
   and never a line with a typo that the other lines do not share.

Everything is sorted by id before it starts, so the result does not depend on input order.

Guided review (review.py; a stable contract that other tools drive):

    from gjestebud.consolidation import Suggestion
    from gjestebud.consolidation.review import Answer, Review
    review = Review(suggestions, prior=(), answers=())  # answers: earlier Answer(left, right, same), replayed
    q = review.next_question()      # None when nothing is left worth asking; skip=[q, ...] passes over some
    q.left, q.right, q.kind         # disjoint, non-empty tuples of line ids; "line", "merge" or "attach"
    review.answer(q, same=True)     # afterwards every line of left is in the measure of right
    review.answer(q, same=False)    # afterwards no line of left shares a measure with a line of right
    review.measures()               # the current partition, as consolidate() returns it
    review.answers                  # every Answer so far (replayed + new), to store and replay
    review.progress()               # (answered, estimated questions still worth asking)

Answers become must-link and cannot-link constraints on lines; the graph of step 3 is built once and
clustered again under the constraints after each answer. On a contradiction the later answer wins, and
an answer wins over the prior's locks. Replayed answers naming lines that are gone lose those ids; an
answer left with an empty side is skipped. Questions come from the clustering itself: two measures
that may be one ("merge", or "attach" for a small one and a big one), a tight part of a measure that may
not belong to the rest of it ("line" when it is one line), and a part that may belong to another
measure. Each is ranked by the chance of "yes" times the lines it would set right; the chance is read
from the cosine between the two sides and refitted to the planner's answers as they come.
"""

from .engine import consolidate, propose_title
from .model import Measure, PriorMeasure, Suggestion
from .similar import similar_measures

__all__ = ["Measure", "PriorMeasure", "Suggestion", "consolidate", "propose_title", "similar_measures"]
