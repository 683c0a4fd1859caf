"""Dashboard numbers: counts, running totals, ages, areas and top measures match the data."""

from datetime import date, datetime, timezone

from gjestebud.models import Measure, MeasureStatus, Report, ReportStatus, Suggestion
from gjestebud.services import dashboard


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 5, day, hour, tzinfo=timezone.utc)


def add_report(db, topic, host, *, participants, ages=(None, None, None, None), lines=(), submitted_at=None,
               status=ReportStatus.SUBMITTED, hidden=()):
    report = Report(host_id=host.id, topic_id=topic.id, status=status, participants=participants,
                    held_on=date(2026, 5, 1), submitted_at=submitted_at,
                    **dict(zip(Report.AGE_BANDS, ages, strict=True)))
    for position, text in enumerate(lines):
        report.suggestions.append(Suggestion(question_id=topic.questions[0].id, position=position, text=text,
                                             hidden=text in hidden))
    db.add(report)
    db.commit()
    return report


def make_round(db, municipality, make_topic, make_host):
    """Five sign-ups: three reported (one also hid a line), one drafting, one withdrawn, one unconfirmed."""
    topic = make_topic(municipality)
    hosts = []
    for number, (area, created, confirmed) in enumerate([
        ("Sjøvegan", at(1), True), ("Sjøvegan", at(1, 23), True), ("Laksvatn", at(3), True),
        (None, at(3), True), ("Laksvatn", at(4), True), ("Sjøvegan", at(5), False),
    ], 1):
        host, _ = make_host(topic, email=f"vert{number}@example.org", area=area, confirmed=confirmed)
        host.created_at = created
        hosts.append(host)
    hosts[4].withdrawn_at = at(6)
    db.commit()
    add_report(db, topic, hosts[0], participants=6, ages=(1, 2, 3, None), lines=["a", "b", "skjult"],
               submitted_at=at(8), hidden={"skjult"})
    add_report(db, topic, hosts[1], participants=4, ages=(None, 4, None, None), lines=["c"],
               submitted_at=at(8, 23))
    add_report(db, topic, hosts[2], participants=8, ages=(0, 0, 5, 3), lines=["d", "e"], submitted_at=at(10))
    add_report(db, topic, hosts[3], participants=5, lines=["utkast"], status=ReportStatus.DRAFT)
    add_report(db, topic, hosts[4], participants=7, ages=(7, 0, 0, 0), lines=["trukket"],
               submitted_at=at(9), status=ReportStatus.WITHDRAWN)
    return topic


def test_counts_follow_the_rules_of_the_planners_lists(db, municipality, make_topic, make_host):
    topic = make_round(db, municipality, make_topic, make_host)
    assert dashboard.counts(db, topic) == dashboard.Counts(signups=5, confirmed_hosts=4, reports=3,
                                                           participants=18, suggestions=5)


def test_running_totals_are_per_local_day(db, municipality, make_topic, make_host):
    topic = make_round(db, municipality, make_topic, make_host)
    # 23:00 UTC on 1 May is 2 May in Norway.
    # The host who signed up on 4 May withdrew: the chart ends at the headline count.
    assert dashboard.signups_over_time(db, topic) == [(date(2026, 5, 1), 1), (date(2026, 5, 2), 2),
                                                      (date(2026, 5, 3), 4), (date(2026, 5, 5), 5)]
    assert dashboard.reports_over_time(db, topic) == [(date(2026, 5, 8), 1), (date(2026, 5, 9), 2),
                                                      (date(2026, 5, 10), 3)]


def test_participants_by_age_sum_submitted_reports_and_say_how_many_gave_no_band(db, municipality, make_topic,
                                                                                make_host):
    topic = make_round(db, municipality, make_topic, make_host)
    bands, not_given = dashboard.participants_by_age(db, topic)
    assert bands == [("age_under_18", 1), ("age_18_34", 6), ("age_35_66", 8), ("age_67_plus", 3)]
    assert not_given == 0


def test_participants_by_area_include_areas_without_gatherings(db, municipality, make_topic, make_host):
    topic = make_round(db, municipality, make_topic, make_host)
    assert dashboard.participants_by_area(db, topic) == [
        dashboard.AreaCount("Sjøvegan", 2, 10), dashboard.AreaCount("Laksvatn", 1, 8),
        dashboard.AreaCount("Øvre Salangen", 0, 0),
    ]


def test_top_measures_by_support_and_none_before_consolidation(db, municipality, make_topic, make_host):
    topic = make_round(db, municipality, make_topic, make_host)
    assert dashboard.top_measures(db, topic) == []
    for key, title, gatherings, participants in [("a", "Benker", 2, 10), ("b", "Lys", 3, 9),
                                                 ("c", "Kafé", 2, 14), ("d", "Tom", 0, 0)]:
        db.add(Measure(topic_id=topic.id, key=key, title=title, support_gatherings=gatherings,
                       support_participants=participants, status=MeasureStatus.ADOPTED if key == "b" else
                       MeasureStatus.NEW))
    db.commit()
    top = dashboard.top_measures(db, topic, limit=2)
    assert [(m.title, m.gatherings, m.participants, m.status) for m in top] == [
        ("Lys", 3, 9, MeasureStatus.ADOPTED), ("Kafé", 2, 14, MeasureStatus.NEW)]
    assert [m.title for m in dashboard.top_measures(db, topic)] == ["Lys", "Kafé", "Benker"]


def test_whole_dashboard_of_an_empty_topic(db, municipality, make_topic):
    topic = make_topic(municipality, areas=())
    board = dashboard.topic_dashboard(db, topic)
    assert board.counts == dashboard.Counts(0, 0, 0, 0, 0)
    assert board.signups_over_time == board.reports_over_time == board.participants_by_area == []
    assert board.participants_by_age == [(band, 0) for band in Report.AGE_BANDS]
    assert board.participants_age_not_given == 0 and board.top_measures == []


def test_reports_without_age_bands_show_as_not_given(db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, _ = make_host(topic)
    add_report(db, topic, host, participants=6, ages=(None, 2, None, None), submitted_at=at(2))
    board = dashboard.topic_dashboard(db, topic)
    assert board.participants_age_not_given == 4
    assert board.participants_by_age[1] == ("age_18_34", 2)
