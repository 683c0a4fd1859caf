"""The report deadline as a calendar file (RFC 5545), so hosts can put it in their own calendar.

Written by hand rather than with a library: one all-day event with one alarm needs only text escaping and
line folding, both done here to the letter of the RFC (folded at 75 octets, never inside a UTF-8 character).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from flask import Response, abort, current_app

from .i18n import _
from .models import Topic

PRODID = "-//gjestebud//gjestebud//NO"
ALARM_BEFORE = "-P2D"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545, 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; each continuation starts with a space."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def deadline_event(topic: Topic, base_url: str) -> str:
    """A calendar with one all-day event on the report deadline and a reminder two days before.

    The UID stays the same for the topic, so importing the file again after the deadline moved updates the
    event instead of adding a second one; DTSTAMP is when the topic last changed.
    """
    if topic.report_deadline is None:
        raise ValueError("the topic has no report deadline")
    link = f"{base_url.rstrip('/')}/{topic.municipality.slug}/{topic.slug}/"
    domain = urlsplit(base_url).hostname or "gjestebud"
    summary = _("Report deadline: %(topic)s", topic=topic.title)
    description = _("Send in the suggestions from your gjestebud through your personal page by the end of "
                    "this day.") + "\n" + link
    start = topic.report_deadline
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:topic-{topic.id}-report-deadline@{domain}",
        f"DTSTAMP:{_utc_stamp(topic.updated_at or datetime.now(timezone.utc))}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{link}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{ALARM_BEFORE}",
        f"DESCRIPTION:{escape_text(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)


def deadline_response(topic: Topic) -> Response:
    """The deadline as a calendar file to download; a topic without a deadline has none (404)."""
    if topic.report_deadline is None:
        abort(404)
    return Response(deadline_event(topic, current_app.config["BASE_URL"]),
                    content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{topic.slug}-frist.ics"'})
