"""Downloading a topic's lines and measures: attachments with the right type, name and content, for the
topic's own staff only, with spreadsheet formulas defused."""

import csv
import io
import zipfile
from datetime import date, datetime, timezone

import pytest

from gjestebud.models import Measure, MeasureLine, MeasureStatus, Report, ReportStatus, Role, Suggestion


@pytest.fixture
def topic(db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, _ = make_host(topic, email="kari@example.org", name="Kari Nordmann", area="Sjøvegan")
    report = Report(host_id=host.id, topic_id=topic.id, status=ReportStatus.SUBMITTED, held_on=date.today(),
                    participants=6, submitted_at=datetime.now(timezone.utc))
    for position, text in enumerate(["Flere benker ved havna", '=HYPERLINK("http://evil")',
                                     "Ring Kari på 912 34 567"]):
        report.suggestions.append(Suggestion(question_id=topic.questions[0].id, position=position, text=text,
                                             hidden=text.startswith("Ring")))
    db.add(report)
    db.flush()
    benches = Measure(topic_id=topic.id, key="m1", title="Flere benker ved havna",
                      status=MeasureStatus.ADOPTED,
                      answer_md="Vi setter ut ti benker.", support_gatherings=1, support_participants=6,
                      line_count=1)
    db.add(benches)
    db.flush()
    db.add(MeasureLine(suggestion_id=report.suggestions[0].id, measure_id=benches.id))
    db.add(Measure(topic_id=topic.id, key="m2", title="-1 parkering", support_gatherings=0, line_count=0))
    db.commit()
    return topic


@pytest.fixture
def planner(login, make_user, municipality):
    login(make_user(Role.PLANNER, municipality=municipality))


def export_url(topic, name):
    return f"/staff/planner/topics/{topic.id}/export/{name}"


def download(client, topic, name):
    """Buffered: the streamed body is read inside the request, as a server would send it."""
    return client.get(export_url(topic, name), buffered=True)


def read_csv(response):
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("name, content_type", [
    ("lines.csv", "text/csv; charset=utf-8"),
    ("measures.csv", "text/csv; charset=utf-8"),
    ("lines.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("measures.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_each_export_is_an_attachment_named_after_the_topic(client, planner, topic, name, content_type):
    response = download(client, topic, name)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    what, fmt = name.split(".")
    assert response.headers["Content-Disposition"] == f'attachment; filename="sjovegan-sentrum-{what}.{fmt}"'
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            assert "xl/worksheets/sheet1.xml" in archive.namelist()


def test_lines_csv_holds_visible_lines_without_names_and_defuses_formulas(client, planner, topic):
    rows = read_csv(download(client, topic, "lines.csv"))
    assert rows[0][:2] == ["Line", "Question number"]
    texts = [row[7] for row in rows[1:]]
    assert texts == ["Flere benker ved havna", "'=HYPERLINK(\"http://evil\")"]
    assert rows[1][3] == "Gjestebud 1" and rows[1][8] == "Flere benker ved havna"
    flat = ";".join(";".join(row) for row in rows)
    assert "Kari" not in flat and "kari@example.org" not in flat


def test_measures_csv_lists_support_and_answer_and_defuses_formulas(client, planner, topic):
    rows = read_csv(download(client, topic, "measures.csv"))
    assert rows[1] == ["Flere benker ved havna", "Adopted", "1", "6", "1", "1", "Vi setter ut ti benker.",
                       "Proposals"]
    assert rows[2][0] == "'-1 parkering"


def test_xlsx_writes_a_formula_as_text(client, planner, topic):
    response = download(client, topic, "lines.xlsx")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet and "Kari" not in sheet


@pytest.mark.parametrize("name", ["hosts.csv", "lines.pdf", "lines", "lines.csv.exe", "measures.json"])
def test_unknown_exports_are_404(client, planner, topic, name):
    assert client.get(export_url(topic, name)).status_code == 404


def test_exports_of_another_municipality_are_404_and_anonymous_must_log_in(client, login, make_user,
                                                                           make_municipality, topic):
    assert client.get(export_url(topic, "lines.csv")).status_code == 302
    login(make_user(Role.PLANNER, municipality=make_municipality("lavangen", "Lavangen kommune")))
    assert client.get(export_url(topic, "lines.csv")).status_code == 404
