"""What staff must see before results go public, so a publication cannot embarrass the municipality.

Blocking: a proposal measure marked "Rejected", "Partly adopted" or "Outside mandate" without an answer
(residents would read a refusal with no reason). Warnings, which staff confirm explicitly: the topic is still
open for reports, proposal measures still "New", proposed titles nobody confirmed, lines that look like
personal data. `results.publish_results` refuses while anything blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ..i18n import _, ngettext
from ..models import Measure, MeasureStatus, Suggestion, Topic, TopicStatus
from . import personal_data
from .hosts import local_today

NEEDS_ANSWER = (MeasureStatus.REJECTED, MeasureStatus.PARTLY_ADOPTED, MeasureStatus.OUT_OF_SCOPE)


@dataclass(frozen=True)
class CheckItem:
    code: str
    blocking: bool
    message: str
    measures: list[Measure] = field(default_factory=list)
    lines: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class Checklist:
    items: list[CheckItem]

    @property
    def blocking(self) -> list[CheckItem]:
        return [item for item in self.items if item.blocking]

    @property
    def warnings(self) -> list[CheckItem]:
        return [item for item in self.items if not item.blocking]


def still_open(topic: Topic, today: date | None = None) -> bool:
    today = today or local_today()
    deadline = topic.report_deadline
    return topic.status is TopicStatus.OPEN and (deadline is None or deadline >= today)


def checklist(session: Session, topic: Topic, proposals: list[Measure]) -> Checklist:
    """Every check over the topic and its proposal measures (the caller passes those, as the results page
    would show them)."""
    items = []
    missing = [m for m in proposals if m.status in NEEDS_ANSWER and not (m.answer_md or "").strip()]
    if missing:
        items.append(CheckItem("answer_missing", True, ngettext(
            "%(num)s measure is rejected, partly adopted or outside the mandate without an answer. Residents "
            "must be told why: write the answer before publishing.",
            "%(num)s measures are rejected, partly adopted or outside the mandate without an answer. "
            "Residents must be told why: write the answers before publishing.", len(missing)),
            measures=missing))
    if still_open(topic):
        items.append(CheckItem("topic_open", False, _(
            "The topic is still open for reports: gatherings that report later are not in these results.")))
    new = [m for m in proposals if m.status is MeasureStatus.NEW]
    if new:
        items.append(CheckItem("measures_new", False, ngettext(
            "%(num)s measure still has the status “New”: residents will see that nothing is decided yet.",
            "%(num)s measures still have the status “New”: residents will see that nothing is decided yet.",
            len(new)), measures=new))
    unconfirmed = [m for m in proposals if not m.title_confirmed]
    if unconfirmed:
        items.append(CheckItem("titles_unconfirmed", False, ngettext(
            "%(num)s measure still has the title the program proposed; nobody has confirmed it.",
            "%(num)s measures still have the title the program proposed; nobody has confirmed them.",
            len(unconfirmed)), measures=unconfirmed))
    flagged = personal_data.flagged_lines(session, topic)
    if flagged:
        items.append(CheckItem("personal_data", False, ngettext(
            "%(num)s line looks like it holds personal data (a phone number or an e-mail address). "
            "Hide it unless it is fine to publish.",
            "%(num)s lines look like they hold personal data (a phone number or an e-mail address). "
            "Hide them unless they are fine to publish.", len(flagged)), lines=flagged))
    return Checklist(items)
