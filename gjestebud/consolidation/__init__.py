"""Consolidation engine: turn hundreds of residents' suggestion lines into one list of measures.

Lines are normalised (folded spelling, stop words out, Bokmål/Nynorsk/dialect/English/German variants
mapped to one form, light stemming, compounds split against the corpus), weighted by IDF, compared only
where an inverted index says they share something, and grouped by average-link clustering over that
sparse graph. See the modules for each step.
"""

from .engine import consolidate
from .model import Measure, PriorMeasure, Suggestion
from .similar import similar_measures

__all__ = ["Measure", "PriorMeasure", "Suggestion", "consolidate", "similar_measures"]
