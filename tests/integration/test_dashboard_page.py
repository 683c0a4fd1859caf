"""The topic dashboard: figures and charts with tables that match the data, for the topic's own staff only."""

import re
from datetime import date, datetime, timezone

import pytest

from gjestebud.models import Measure, MeasureLine, MeasureStatus, Report, ReportStatus, Role, Suggestion


def submit(db, topic, host, lines_per_question, participants, ages=(None, None, None, None)):
    report = Report(host_id=host.id, topic_id=topic.id, status=ReportStatus.SUBMITTED, held_on=date.today(),
                    participants=participants, submitted_at=datetime.now(timezone.utc),
                    **dict(zip(Report.AGE_BANDS, ages, strict=True)))
    for question, lines in zip(topic.questions, lines_per_question, strict=False):
        for position, text in enumerate(lines):
            report.suggestions.append(Suggestion(question_id=question.id, position=position, text=text))
    db.add(report)
    db.commit()


@pytest.fixture
def topic(db, municipality, make_topic, make_host):
    """Three sign-ups, two reports (ten participants, four visible lines, one hidden), one measure."""
    topic = make_topic(municipality)
    kari, _ = make_host(topic, email="kari@example.org", name="Kari Nordmann", area="Sjøvegan")
    ola, _ = make_host(topic, email="ola@example.org", name="Ola Hansen", area="Laksvatn")
    make_host(topic, email="per@example.org", name="Per Venter", area=None)
    submit(db, topic, kari, [["Flere benker ved havna", "Ring Kari på 912 34 567"], ["Bedre lys"]], 6,
           ages=(1, 2, 3, None))
    submit(db, topic, ola, [["Benker langs havna"], [], ["Kafé på torget"]], 4, ages=(None, 4, None, None))
    hidden = db.query(Suggestion).filter_by(text="Ring Kari på 912 34 567").one()
    hidden.hidden, hidden.hidden_reason = True, "personal_data"
    benches = Measure(topic_id=topic.id, key="m1", title="Flere benker ved havna",
                      status=MeasureStatus.ADOPTED, support_gatherings=2, support_participants=10,
                      line_count=2)
    db.add(benches)
    db.flush()
    for text in ("Flere benker ved havna", "Benker langs havna"):
        db.add(MeasureLine(suggestion_id=db.query(Suggestion).filter_by(text=text).one().id,
                           measure_id=benches.id))
    db.commit()
    return topic


def url(topic):
    return f"/staff/planner/topics/{topic.id}/dashboard"


def figure(html, name):
    return re.search(rf'id="count-{name}">(\d+)<', html).group(1)


def table_rows(html, chart):
    """The (label, value) rows of one chart's table."""
    section = re.search(rf'<section class="chart-block" id="chart-{chart}".*?</section>', html, re.S).group(0)
    return re.findall(r'<tr><th scope="row">(.*?)</th><td class="number">(\d+)</td></tr>', section)


@pytest.mark.parametrize("role", [Role.PLANNER, Role.ORGANISER, Role.ADMIN])
def test_staff_of_the_municipality_see_the_dashboard(client, login, make_user, municipality, topic, role):
    login(make_user(role, municipality=None if role is Role.ADMIN else municipality))
    response = client.get(url(topic))
    assert response.status_code == 200
    assert "<h1>Dashboard: Utvikling av Sjøvegan sentrum</h1>" in response.get_data(as_text=True)


def test_other_municipality_gets_404_and_anonymous_must_log_in(client, login, make_user, make_municipality,
                                                               topic):
    assert client.get(url(topic)).status_code == 302
    login(make_user(Role.PLANNER, municipality=make_municipality("lavangen", "Lavangen kommune")))
    assert client.get(url(topic)).status_code == 404


def test_figures_and_chart_tables_match_the_data(client, login, make_user, municipality, topic):
    login(make_user(Role.PLANNER, municipality=municipality))
    html = client.get(url(topic)).get_data(as_text=True)
    assert [figure(html, name) for name in ("signups", "confirmed", "reports", "participants",
                                             "suggestions")] == ["3", "3", "2", "10", "4"]
    assert table_rows(html, "age") == [("Under 18", "1"), ("18–34", "6"), ("35–66", "3"),
                                       ("67 and over", "0")]
    assert table_rows(html, "area") == [("Sjøvegan", "6"), ("Laksvatn", "4"), ("Øvre Salangen", "0")]
    assert table_rows(html, "measures") == [("Flere benker ved havna", "2")]
    assert [value for _day, value in table_rows(html, "signups")] == ["3"]
    assert [value for _day, value in table_rows(html, "reports")] == ["2"]
    assert "Kari" not in html and "Ola" not in html


def test_every_chart_is_an_image_with_a_text_alternative_and_a_captioned_table(client, login, make_user,
                                                                               municipality, topic):
    login(make_user(Role.PLANNER, municipality=municipality))
    html = client.get(url(topic)).get_data(as_text=True)
    assert html.count('role="img"') == 5 and html.count("<desc id=") == 5
    assert html.count("<caption>") == 5
    assert "Participants by area. Sjøvegan: 6; Laksvatn: 4; Øvre Salangen: 0." in html
    headings = [int(level) for level in re.findall(r"<h([1-6])[ >]", html)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:], strict=False))
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"


def test_dashboard_offers_the_exports_and_the_report_and_is_linked_from_staff_pages(client, login, make_user,
                                                                                   municipality, topic):
    login(make_user(Role.ORGANISER, municipality=municipality))
    html = client.get(url(topic)).get_data(as_text=True)
    for what in ("lines", "measures"):
        for fmt in ("csv", "xlsx"):
            assert f'href="/staff/planner/topics/{topic.id}/export/{what}.{fmt}"' in html
    assert f'href="/staff/planner/topics/{topic.id}/report"' in html
    assert 'aria-current="page">Dashboard</a>' in html
    measures = client.get(f"/staff/planner/topics/{topic.id}/measures").get_data(as_text=True)
    assert f'href="{url(topic)}"' in measures
    overview = client.get(f"/staff/topics/{topic.id}/").get_data(as_text=True)
    assert f'href="{url(topic)}"' in overview


def test_dashboard_of_a_new_topic_says_there_is_no_data_yet(client, login, make_user, municipality,
                                                            make_topic):
    topic = make_topic(municipality, slug="ny")
    login(make_user(Role.PLANNER, municipality=municipality))
    html = client.get(url(topic)).get_data(as_text=True)
    assert figure(html, "signups") == "0"
    assert html.count("No data yet.") >= 4
