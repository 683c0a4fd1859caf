"""A gathering's report: the host's own (or an organiser's transcription of a paper one)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, timezone

from sqlalchemy import update
from sqlalchemy.orm import Session

from .. import mail
from ..models import AuditEvent, Host, Report, ReportStatus, Suggestion, Topic, TopicStatus, User
from . import audit, measures
from .hosts import local_today, personal_link

log = logging.getLogger("gjestebud.audit")


class ReportClosed(Exception):
    """The host may no longer change the report: the deadline passed or the topic closed."""


class ReportIncomplete(ValueError):
    """A submitted report needs the date, the number of participants and at least one suggestion."""


def reporting_open(topic: Topic, today: date | None = None) -> bool:
    """Hosts may edit until the end of the deadline day, where the municipality is."""
    today = today or local_today()
    deadline = topic.report_deadline
    return topic.status is TopicStatus.OPEN and (deadline is None or today <= deadline)


def host_may_edit(host: Host) -> bool:
    """A host who withdrew may still submit again while reporting is open; erased hosts have no link."""
    return host.erased_at is None and reporting_open(host.topic)


def save_report(session: Session, host: Host, *, held_on: date | None, participants: int | None,
                age_counts: dict[str, int | None], lines: dict[int, list[str]], submit: bool,
                actor: User | str, transcribed: bool = False, token: str | None = None) -> Report:
    """Save a draft or submit. Lines keyed by question id replace the report's suggestions (a line whose text
    is unchanged keeps its row, so the planners' placement of it survives an edit). `token`, when the host's
    own link is at hand, goes into the receipt sent on the first submission."""
    staff = isinstance(actor, User)
    if not staff and not host_may_edit(host):
        raise ReportClosed()
    question_ids = {question.id for question in host.topic.questions}
    if not set(lines) <= question_ids:
        raise ValueError("lines for a question of another topic")
    cleaned = {qid: [text.strip() for text in texts if text.strip()] for qid, texts in lines.items()}
    report = host.report
    submitted = submit or (report is not None and report.status is ReportStatus.SUBMITTED)
    if submitted and (held_on is None or participants is None or not any(cleaned.values())):
        raise ReportIncomplete()
    hosts_own = report is not None and report.transcribed_by_id is None
    if report is None:
        report = Report(host=host, topic_id=host.topic_id)
        session.add(report)
    elif staff and hosts_own:
        _keep_hosts_version(session, report, actor)  # type: ignore[arg-type]
    first_submission = submit and report.submitted_at is None
    with measures.changing_lines(session, host.topic, [line.id for line in report.suggestions], actor):
        report.held_on = held_on
        report.participants = participants
        for band in Report.AGE_BANDS:
            setattr(report, band, age_counts.get(band))
        _replace_suggestions(report, cleaned)
        report.status = ReportStatus.SUBMITTED if submitted else ReportStatus.DRAFT
    if first_submission:
        report.submitted_at = datetime.now(timezone.utc)
    rejoined = not staff and host.withdrawn_at is not None
    if rejoined:
        host.withdrawn_at = None
    if transcribed and staff and not hosts_own:
        # Only a report typed in from paper is labelled as such: staff never become the author of the
        # host's own online report by editing it.
        report.transcribed_by_id = actor.id  # type: ignore[union-attr]
    action = "report.submit" if first_submission else (
        "report.update" if report.status is ReportStatus.SUBMITTED else "report.save_draft")
    session.flush()
    audit.record(session, actor, action, report, municipality_id=host.topic.municipality_id,
                 lines=sum(len(texts) for texts in cleaned.values()), transcribed=transcribed,
                 **({"withdrawal_ended": True} if rejoined else {}))
    if first_submission and host.email:
        mail.queue_mail(session, recipient=host.email, template="receipt", language=host.language,
                        kind="receipt", municipality_id=host.topic.municipality_id, host=host,
                        topic=host.topic, report=report, link=personal_link(token) if token else None)
    session.commit()
    return report


HOSTS_VERSION = "report.staff_edit"


def _keep_hosts_version(session: Session, report: Report, actor: User) -> None:
    """Staff change a report the host wrote online: the host's version goes into the audit trail first.
    Added directly rather than through `audit.record`, which also writes the detail to the log: the lines
    may hold personal data that a moderator hid. Erasing the group's lines erases this copy too."""
    session.add(AuditEvent(
        user_id=actor.id, actor=f"user:{actor.id}", municipality_id=report.topic.municipality_id,
        action=HOSTS_VERSION, object_type="report", object_id=report.id,
        detail={"previous": {"status": report.status.value,
                             "held_on": report.held_on.isoformat() if report.held_on else None,
                             "participants": report.participants,
                             "lines": [{"question_id": s.question_id, "text": s.text, "hidden": s.hidden}
                                       for s in report.suggestions]}}))
    log.info("user:%s %s report:%s", actor.id, HOSTS_VERSION, report.id)


def forget_hosts_versions(session: Session, report: Report) -> None:
    """The group's lines are erased: so are the copies kept when staff changed the report."""
    session.execute(update(AuditEvent).where(AuditEvent.action == HOSTS_VERSION,
                                             AuditEvent.object_type == "report",
                                             AuditEvent.object_id == report.id)
                    .values(detail={"previous": None, "erased": True}))


def _replace_suggestions(report: Report, lines: dict[int, list[str]]) -> None:
    """A line whose text is unchanged keeps its row. When a hidden line goes, every new line of the report
    stays hidden, with the reason of a hidden line of its question if there is one, until an organiser looks
    again: the host may have only reworded the personal data ("99887766" to "tlf 99 88 77 66") or moved it
    to another question."""
    reusable: dict[tuple[int, str], list[Suggestion]] = defaultdict(list)
    for suggestion in report.suggestions:
        reusable[(suggestion.question_id, suggestion.text)].append(suggestion)
    kept: list[Suggestion] = []
    new: list[Suggestion] = []
    for question_id, texts in lines.items():
        for position, text in enumerate(texts, 1):
            same = reusable.get((question_id, text))
            if same:
                suggestion = same.pop(0)
            else:
                suggestion = Suggestion(question_id=question_id, text=text)
                new.append(suggestion)
            suggestion.position = position
            kept.append(suggestion)
    gone_hidden = {s.question_id: s.hidden_reason for group in reusable.values() for s in group if s.hidden}
    for suggestion in new if gone_hidden else ():
        suggestion.hidden, suggestion.review_pending = True, True
        suggestion.hidden_reason = gone_hidden.get(suggestion.question_id, next(iter(gone_hidden.values())))
    report.suggestions[:] = kept
