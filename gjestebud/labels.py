"""Translated names for stored codes (statuses, roles, age bands), shared by templates and mails."""

from __future__ import annotations

from flask import Flask

from .i18n import _l
from .models import HideReason, MeasureStatus, QuestionKind, ReportStatus, Role, TopicStatus

TOPIC_STATUS = {
    TopicStatus.DRAFT: _l("Draft"),
    TopicStatus.OPEN: _l("Open for hosts"),
    TopicStatus.CLOSED: _l("Closed"),
    TopicStatus.ARCHIVED: _l("Archived"),
}
HOST_STATUS = {
    "signed_up": _l("Signed up, e-mail not confirmed"),
    "confirmed": _l("Confirmed"),
    "drafting": _l("Report started"),
    "reported": _l("Reported"),
    "withdrawn": _l("Withdrawn"),
}
REPORT_STATUS = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.WITHDRAWN: _l("Withdrawn"),
}
HIDE_REASON = {
    HideReason.NOT_A_MEASURE: _l("Not a measure"),
    HideReason.PERSONAL_DATA: _l("Personal data"),
    HideReason.OFF_TOPIC: _l("Off topic"),
}
ROLE = {Role.ADMIN: _l("Administrator"), Role.ORGANISER: _l("Organiser"), Role.PLANNER: _l("Planner")}
AGE_BAND = {
    "age_under_18": _l("Under 18"),
    "age_18_34": _l("18–34"),
    "age_35_66": _l("35–66"),
    "age_67_plus": _l("67 and over"),
}
MEASURE_STATUS = {
    MeasureStatus.NEW: _l("New"),
    MeasureStatus.UNDER_REVIEW: _l("Under review"),
    MeasureStatus.ADOPTED: _l("Adopted"),
    MeasureStatus.PARTLY_ADOPTED: _l("Partly adopted"),
    MeasureStatus.REJECTED: _l("Rejected"),
    MeasureStatus.OUT_OF_SCOPE: _l("Outside mandate"),
}
QUESTION_KIND = {
    QuestionKind.PROPOSALS: _l("Proposals"),
    QuestionKind.STRENGTHS: _l("Strengths (what is good today)"),
    QuestionKind.CONTRIBUTIONS: _l("Contributions (what residents can do)"),
    QuestionKind.OPEN: _l("Open question"),
}

# The outbox's "kind" column: what each mail is (stored as its template's name).
MAIL_KIND = {
    "confirm": _l("Confirm e-mail address"),
    "kit": _l("Host kit"),
    "reminder": _l("Reminder"),
    "receipt": _l("Receipt for report"),
    "withdrawn": _l("Withdrawal"),
    "results": _l("Results"),
    "digest": _l("Changed measures"),
    "test": _l("Test mail"),
}


def mail_kind_label(kind: str) -> str:
    """A kind this list does not know yet is shown as stored rather than failing the page."""
    return str(MAIL_KIND.get(kind, kind))


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        topic_status_label=TOPIC_STATUS.__getitem__,
        host_status_label=HOST_STATUS.__getitem__,
        report_status_label=REPORT_STATUS.__getitem__,
        role_label=ROLE.__getitem__,
        age_band_labels=AGE_BAND,
        measure_status_label=MEASURE_STATUS.__getitem__,
        question_kind_label=QUESTION_KIND.__getitem__,
        mail_kind_label=mail_kind_label,
    )
