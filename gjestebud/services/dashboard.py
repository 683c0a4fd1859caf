"""The numbers behind a topic's dashboard, as plain data: the page draws charts and tables from them.

The headline counts are `services.counts`'s, as on every other page; the sign-ups over time count the same
hosts, so the chart ends where the headline figure is. Only submitted reports count towards reports,
participants, ages and areas, and only visible lines towards suggestions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Host, Measure, MeasureStatus, Report, ReportStatus, Topic
from .counts import topic_figures


@dataclass(frozen=True)
class Counts:
    signups: int
    confirmed_hosts: int
    reports: int
    participants: int
    suggestions: int


@dataclass(frozen=True)
class AreaCount:
    area: str | None  # None: the host gave no area
    gatherings: int
    participants: int


@dataclass(frozen=True)
class MeasureSupport:
    id: int
    title: str
    status: MeasureStatus
    gatherings: int
    participants: int


@dataclass(frozen=True)
class Dashboard:
    counts: Counts
    signups_over_time: list[tuple[date, int]]  # running totals, one point per day with a sign-up
    reports_over_time: list[tuple[date, int]]  # running totals, one point per day with a submitted report
    participants_by_age: list[tuple[str, int]]  # (Report.AGE_BANDS key, participants), in band order
    participants_age_not_given: int
    participants_by_area: list[AreaCount]
    top_measures: list[MeasureSupport]


def _submitted(topic: Topic):  # type: ignore[no-untyped-def]
    return (Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED)


def counts(session: Session, topic: Topic) -> Counts:
    figures = topic_figures(session, topic)
    return Counts(signups=figures.signed_up, confirmed_hosts=figures.confirmed, reports=figures.reported,
                  participants=figures.participants, suggestions=figures.lines)


def running_totals(moments: Iterable[datetime], timezone: ZoneInfo) -> list[tuple[date, int]]:
    """How many so far at the end of each local day on which something happened."""
    per_day = Counter(moment.astimezone(timezone).date() for moment in moments)
    total, series = 0, []
    for day in sorted(per_day):
        total += per_day[day]
        series.append((day, total))
    return series


def _local_timezone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("TIMEZONE", "Europe/Oslo"))


def signups_over_time(session: Session, topic: Topic) -> list[tuple[date, int]]:
    created = session.scalars(select(Host.created_at).where(Host.topic_id == topic.id,
                                                            Host.withdrawn_at.is_(None)))
    return running_totals(created, _local_timezone())


def reports_over_time(session: Session, topic: Topic) -> list[tuple[date, int]]:
    submitted = session.scalars(select(Report.submitted_at).where(*_submitted(topic),
                                                                  Report.submitted_at.is_not(None)))
    return running_totals((moment for moment in submitted if moment is not None), _local_timezone())


def participants_by_age(session: Session, topic: Topic) -> tuple[list[tuple[str, int]], int]:
    """Participants per age band over submitted reports, and how many the reports left without a band."""
    sums = session.execute(
        select(func.coalesce(func.sum(Report.participants), 0),
               *(func.coalesce(func.sum(getattr(Report, band)), 0) for band in Report.AGE_BANDS))
        .where(*_submitted(topic))
    ).one()
    total = sums[0]
    bands = [(band, int(value)) for band, value in zip(Report.AGE_BANDS, sums[1:], strict=True)]
    return bands, max(int(total) - sum(value for _band, value in bands), 0)


def participants_by_area(session: Session, topic: Topic) -> list[AreaCount]:
    """Every area of the topic (those without a gathering too), the most participants first."""
    rows = session.execute(
        select(Host.area, func.count(Report.id), func.coalesce(func.sum(Report.participants), 0))
        .join(Report, Report.host_id == Host.id)
        .where(*_submitted(topic))
        .group_by(Host.area)
    ).all()
    found = {area: AreaCount(area, gatherings, int(participants or 0))
             for area, gatherings, participants in rows}
    for area in topic.areas or []:
        found.setdefault(area, AreaCount(area, 0, 0))
    return sorted(found.values(), key=lambda row: (-row.participants, -row.gatherings, row.area is None,
                                                   row.area or ""))


def top_measures(session: Session, topic: Topic, limit: int = 10) -> list[MeasureSupport]:
    rows = session.execute(
        select(Measure.id, Measure.title, Measure.status, Measure.support_gatherings,
               Measure.support_participants)
        .where(Measure.topic_id == topic.id, Measure.support_gatherings > 0)
        .order_by(Measure.support_gatherings.desc(), Measure.support_participants.desc(), Measure.title,
                  Measure.id)
        .limit(limit)
    )
    return [MeasureSupport(*row) for row in rows]


def topic_dashboard(session: Session, topic: Topic, *, top: int = 10) -> Dashboard:
    by_age, age_not_given = participants_by_age(session, topic)
    return Dashboard(
        counts=counts(session, topic),
        signups_over_time=signups_over_time(session, topic),
        reports_over_time=reports_over_time(session, topic),
        participants_by_age=by_age,
        participants_age_not_given=age_not_given,
        participants_by_area=participants_by_area(session, topic),
        top_measures=top_measures(session, topic, top),
    )
