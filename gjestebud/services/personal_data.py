"""Lines that may name or reach a person (a phone number, an e-mail address), so staff look before they
are published. A simple stand-in: a fuller detector replaces this module with the same two functions."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Report, ReportStatus, Suggestion, Topic

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Eight digits as Norwegian numbers are written ("412 34 567", "41234567", "+47 412 34 567").
_PHONE = re.compile(r"(?<!\d)(\+?47[\s-]?)?(\d[\s-]?){7}\d(?!\d)")


def personal_data_flags(text: str) -> list[str]:
    """What in the text looks like personal data: "email", "phone"; empty when nothing does."""
    flags = []
    if _EMAIL.search(text):
        flags.append("email")
    if _PHONE.search(text):
        flags.append("phone")
    return flags


def flagged_lines(session: Session, topic: Topic) -> list[Suggestion]:
    """Visible lines of submitted reports that look like they hold personal data."""
    lines = session.scalars(
        select(Suggestion).join(Report, Report.id == Suggestion.report_id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED,
               Suggestion.hidden.is_(False))
        .order_by(Suggestion.id))
    return [line for line in lines if personal_data_flags(line.text)]
