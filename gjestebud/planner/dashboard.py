"""Closing the loop for staff: a topic's dashboard, its exports, and a printable report for the case file.

All three read through services (dashboard, exports, results), so they count by the same rules as the
planners' lists: submitted reports and visible lines only, groups by number, never a host's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Response, render_template, stream_with_context
from markupsafe import Markup
from sqlalchemy.orm import Session

from ..access import READERS, roles_required, topic_for_staff
from ..charts import bar_chart, line_chart
from ..db import get_session
from ..i18n import _
from ..labels import AGE_BAND
from ..markdown import render_markdown
from ..models import Question, Topic
from ..services import exports
from ..services.dashboard import Dashboard, topic_dashboard
from ..services.hosts import local_today
from ..services.results import topic_results
from ..services.suggestions import Line
from . import bp

# (what, format) → (writer, content type): anything else is a 404 by the URL rule itself.
EXPORTS: dict[tuple[str, str], tuple[Callable[[Session, Topic], Iterator[Any]], str]] = {
    ("lines", "csv"): (exports.lines_csv, exports.CSV_MIMETYPE),
    ("lines", "xlsx"): (exports.lines_xlsx, exports.XLSX_MIMETYPE),
    ("measures", "csv"): (exports.measures_csv, exports.CSV_MIMETYPE),
    ("measures", "xlsx"): (exports.measures_xlsx, exports.XLSX_MIMETYPE),
}


@dataclass(frozen=True)
class ChartBlock:
    """One chart and the table with the same numbers, under one heading (see `chart_with_table`)."""

    key: str
    heading: str
    chart: Markup
    rows: list[tuple[Any, int]]
    label_heading: str
    value_heading: str
    dates: bool = False


def _bar(key: str, heading: str, rows: list[tuple[str, int]], label_heading: str,
         value_heading: str) -> ChartBlock:
    return ChartBlock(key, heading, bar_chart(rows, title=heading), rows, label_heading, value_heading)


def _over_time(key: str, heading: str, series: list[tuple[date, int]]) -> ChartBlock:
    return ChartBlock(key, heading, line_chart(series, title=heading), series, _("Date"), _("Total so far"),
                      dates=True)


def participant_charts(data: Dashboard) -> list[ChartBlock]:
    """Who took part: by age band (with those whose band was not given) and by area."""
    by_age = [(str(AGE_BAND[band]), value) for band, value in data.participants_by_age]
    if data.participants_age_not_given:
        by_age.append((_("Age not given"), data.participants_age_not_given))
    by_area = [(row.area or _("No area given"), row.participants) for row in data.participants_by_area]
    return [
        _bar("age", _("Participants by age"), by_age, _("Age"), _("Participants")),
        _bar("area", _("Participants by area"), by_area, _("Area"), _("Participants")),
    ]


def dashboard_charts(data: Dashboard) -> list[ChartBlock]:
    top = [(measure.title, measure.gatherings) for measure in data.top_measures]
    return [
        _over_time("signups", _("Sign-ups over time"), data.signups_over_time),
        _over_time("reports", _("Reports over time"), data.reports_over_time),
        *participant_charts(data),
        _bar("measures", _("Top measures by number of groups"), top, _("Measure"), _("Groups")),
    ]


@bp.route("/topics/<int:topic_id>/dashboard")
@roles_required(*READERS)
def dashboard(topic_id: int) -> str:
    """Where the round stands: the figures, and charts each followed by its table."""
    topic = topic_for_staff(topic_id)
    data = topic_dashboard(get_session(), topic)
    return render_template("planner/dashboard.html", topic=topic, counts=data.counts,
                           charts=dashboard_charts(data))


@bp.route("/topics/<int:topic_id>/export/<any(lines, measures):what>.<any(csv, xlsx):fmt>")
@roles_required(*READERS)
def export(topic_id: int, what: str, fmt: str) -> Response:
    """Streamed, so a large topic is exported in bounded memory while the request's session stays open."""
    topic = topic_for_staff(topic_id)
    write, content_type = EXPORTS[(what, fmt)]
    session = get_session()

    def body() -> Iterator[Any]:
        """Ends the transaction of the server-side cursor as soon as the last row is sent."""
        try:
            yield from write(session, topic)
        finally:
            session.close()

    return Response(stream_with_context(body()), content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{exports.export_filename(topic, what, fmt)}"'})


def lines_by_question(topic: Topic, lines: list[tuple[Line, int | None]]) -> list[tuple[Question,
                                                                                      list[Line]]]:
    return [(question, [line for line, _measure_id in lines if line.question_id == question.id])
            for question in topic.questions]


@bp.route("/topics/<int:topic_id>/report")
@roles_required(*READERS)
def report(topic_id: int) -> str:
    """An A4 report for a political case document: method, numbers, measures, and every line as appendix."""
    topic = topic_for_staff(topic_id)
    session = get_session()
    data = topic_dashboard(session, topic)
    results = topic_results(session, topic)
    return render_template("planner/report.html", topic=topic, counts=data.counts,
                           charts=participant_charts(data), measures=results.measures,
                           appendix=lines_by_question(topic, results.lines), markdown=render_markdown,
                           today=local_today())
