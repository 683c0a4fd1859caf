"""Exports of lines and measures: visible lines only, no personal data, safe against formula injection."""

import csv
import io
import zipfile
from datetime import date, datetime, timezone
from xml.etree import ElementTree

import pytest

from gjestebud.i18n import force_locale
from gjestebud.models import (
    Measure,
    MeasureLine,
    MeasureStatus,
    QuestionKind,
    Report,
    ReportStatus,
    Suggestion,
)
from gjestebud.services import exports


def submit(db, topic, host, lines_per_question, participants=6, status=ReportStatus.SUBMITTED):
    report = Report(host_id=host.id, topic_id=topic.id, status=status, held_on=date.today(),
                    participants=participants, submitted_at=datetime.now(timezone.utc))
    for question, lines in zip(topic.questions, lines_per_question, strict=False):
        for position, text in enumerate(lines):
            report.suggestions.append(Suggestion(question_id=question.id, position=position, text=text))
    db.add(report)
    db.commit()
    return report


@pytest.fixture(autouse=True)
def english(db):
    """Exports are made in a request, in the reader's language; these tests read the English headers."""
    with force_locale("en"):
        yield


@pytest.fixture
def topic_with_lines(db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    first, _ = make_host(topic, email="kari@example.org", name="Kari Nordmann", area="Sjøvegan")
    first.phone = "+47 912 34 567"
    second, _ = make_host(topic, email="ola@example.org", name="Ola Hansen", area="Laksvatn")
    drafting, _ = make_host(topic, email="per@example.org", name="Per Draft", area="Laksvatn")
    report = submit(db, topic, first, [["Flere benker ved havna", "=HYPERLINK(\"http://evil\")"],
                                       ["Bedre lys i parken æøå"]], participants=7)
    submit(db, topic, second, [["Benker langs havna"], ["-1+2 lyspærer", "Ring Kari på 912 34 567"]],
           participants=4)
    submit(db, topic, drafting, [["Et utkast som ikke teller"]], status=ReportStatus.DRAFT)
    hidden = db.query(Suggestion).filter_by(text="Ring Kari på 912 34 567").one()
    hidden.hidden, hidden.hidden_reason = True, "personal_data"
    benches = Measure(topic_id=topic.id, key="m1", title="Flere benker ved havna",
                      status=MeasureStatus.ADOPTED, answer_md="Vi setter ut **ti** benker.",
                      support_gatherings=2, support_participants=11, line_count=2)
    db.add(benches)
    db.flush()
    for text in ("Flere benker ved havna", "Benker langs havna"):
        line = db.query(Suggestion).filter_by(text=text).one()
        db.add(MeasureLine(suggestion_id=line.id, measure_id=benches.id))
    db.add(Measure(topic_id=topic.id, key="m2", title="@SUM(A1) lys", support_gatherings=1,
                   support_participants=7, line_count=0))
    db.commit()
    return topic, report


def read_csv(chunks, delimiter=";"):
    text = "".join(chunks)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_lines_csv_holds_every_visible_submitted_line_with_its_measure(db, topic_with_lines):
    topic, _ = topic_with_lines
    rows = read_csv(exports.lines_csv(db, topic))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Line", "Question number", "Question"]
    by_text = {row[7]: row for row in body}
    assert set(by_text) == {"Flere benker ved havna", "'=HYPERLINK(\"http://evil\")",
                            "Bedre lys i parken æøå", "Benker langs havna", "'-1+2 lyspærer"}
    benches = by_text["Flere benker ved havna"]
    assert benches[1:7] == ["1", "Hva er bra med sentrum i dag?", "Gjestebud 1", "Sjøvegan", "7", "Bokmål"]
    assert benches[8:] == ["Flere benker ved havna", "Adopted", "Proposals"]
    assert by_text["Bedre lys i parken æøå"][8:] == ["", "", "Proposals"]
    assert [row[1] for row in body] == sorted(row[1] for row in body)


def test_exports_never_contain_hidden_lines_draft_reports_or_host_contact_details(db, topic_with_lines):
    topic, _ = topic_with_lines
    everything = "".join(exports.lines_csv(db, topic)) + "".join(exports.measures_csv(db, topic))
    for secret in ("Ring Kari", "utkast", "Kari Nordmann", "Ola Hansen", "kari@example.org",
                   "ola@example.org", "912 34 567"):
        assert secret not in everything


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+47 912", "'+47 912"), ("-rm", "'-rm"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Benker", "Benker"), (" =1", " =1"), (7, 7), (None, None),
    ("Benker,=HYPERLINK(\"http://evil\")", "Benker,'=HYPERLINK(\"http://evil\")"), ("a;+1", "a;'+1"),
    ("a\n@SUM(A1)", "a\n'@SUM(A1)"), ("a\t-2", "a\t'-2"),
    ("Benker, -gjerne ved kaia", "Benker, -gjerne ved kaia"),
])
def test_cells_that_a_spreadsheet_would_run_get_a_leading_apostrophe(value, expected):
    assert exports.safe_cell(value) == expected


def test_csv_delimiter_is_a_choice_and_unknown_ones_are_refused(db, topic_with_lines):
    topic, _ = topic_with_lines
    rows = read_csv(exports.lines_csv(db, topic, delimiter=","), delimiter=",")
    assert len(rows) == 6 and len(rows[0]) == 11
    with pytest.raises(ValueError):
        list(exports.lines_csv(db, topic, delimiter="|"))


HOSTILE = ["Benker,=HYPERLINK(\"http://evil.example\",\"Klikk\")", "Lys;+cmd|' /C calc'!A0", "=1+1",
           "Ok\",=2+2", "Tak\r\n-3+3", "x\t@SUM(A1)", "fine, -nothing here"]


@pytest.mark.parametrize("file_delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("read_delimiter", [";", ",", "\t"])
def test_no_cell_starts_a_formula_whatever_separator_the_spreadsheet_splits_on(file_delimiter,
                                                                               read_delimiter):
    """The file is written with one separator and opened with another (and once with quotes ignored)."""
    text = "".join(exports.csv_chunks(["id", "text"], ([n, value] for n, value in enumerate(HOSTILE)),
                                      delimiter=file_delimiter)).lstrip("\ufeff")
    assert text.splitlines()[1].startswith('"0"'), "every field is quoted"
    parsed = [cell for row in csv.reader(io.StringIO(text), delimiter=read_delimiter) for cell in row]
    naive = [cell.strip('"') for line in text.splitlines() for cell in line.split(read_delimiter)]
    for cell in parsed + naive:
        assert not cell.startswith(("=", "+", "-", "@")), cell
    assert "Benker,'=HYPERLINK(" in text and "fine, -nothing here" in text


def test_csv_comes_in_several_chunks_for_many_rows():
    rows = ([i, f"linje {i}"] for i in range(1200))
    chunks = list(exports.csv_chunks(["id", "text"], rows, rows_per_chunk=500))
    assert len(chunks) == 3
    assert read_csv(chunks)[-1] == ["1199", "linje 1199"]


def test_measures_csv_lists_support_questions_and_public_answer(db, topic_with_lines):
    topic, _ = topic_with_lines
    rows = read_csv(exports.measures_csv(db, topic))
    assert rows[0] == ["Measure", "Status", "Groups", "Participants", "Lines", "Questions", "Public answer",
                       "Kind"]
    assert rows[1] == ["Flere benker ved havna", "Adopted", "2", "11", "2", "1",
                       "Vi setter ut **ti** benker.", "Proposals"]
    assert rows[2] == ["'@SUM(A1) lys", "New", "1", "7", "0", "", "", "Proposals"]


NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


class Sheet:
    """The first sheet of an XLSX file, read with the standard library."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.xml = archive.read("xl/worksheets/sheet1.xml").decode()
            self.root = ElementTree.fromstring(self.xml)
            self.styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
            self.name = ElementTree.fromstring(archive.read("xl/workbook.xml")).find(
                "x:sheets/x:sheet", NS).get("name")

    def rows(self) -> list[list[tuple[object, str | None]]]:
        """Each row's cells as (value, type): inline strings as text, numbers as int."""
        rows = []
        for row in self.root.iterfind("x:sheetData/x:row", NS):
            cells = []
            for cell in row.iterfind("x:c", NS):
                kind = cell.get("t")
                if kind == "inlineStr":
                    value: object = "".join(t.text or "" for t in cell.iterfind(".//x:t", NS))
                else:
                    value = int(cell.find("x:v", NS).text)
                cells.append((value, kind, cell.get("r"), cell.get("s")))
            rows.append(cells)
        return rows

    def bold(self, style: str | None) -> bool:
        font_id = int(self.styles.findall("x:cellXfs/x:xf", NS)[int(style or 0)].get("fontId"))
        return self.styles.findall("x:fonts/x:font", NS)[font_id].find("x:b", NS) is not None


def test_lines_xlsx_has_bold_frozen_filtered_header_and_text_never_becomes_a_formula(db, topic_with_lines):
    topic, _ = topic_with_lines
    sheet = Sheet(b"".join(exports.lines_xlsx(db, topic)))
    assert sheet.name == "Lines"
    pane = sheet.root.find("x:sheetViews/x:sheetView/x:pane", NS)
    assert pane.get("state") == "frozen" and pane.get("topLeftCell") == "A2"
    assert sheet.root.find("x:autoFilter", NS).get("ref") == "A1:K6"
    widths = {int(col.get("min")): float(col.get("width")) for col in sheet.root.iterfind("x:cols/x:col", NS)}
    assert widths[8] > 50 > widths[1]
    header, *body = sheet.rows()
    assert [cell[0] for cell in header][:2] == ["Line", "Question number"]
    assert all(sheet.bold(cell[3]) for cell in header)
    assert not any(sheet.bold(cell[3]) for cell in body[0])
    by_text = {row[7][0]: [cell[0] for cell in row] for row in body}
    assert "=HYPERLINK(\"http://evil\")" in by_text
    assert "<f>" not in sheet.xml and "Kari Nordmann" not in sheet.xml and "Ring Kari" not in sheet.xml
    benches = by_text["Flere benker ved havna"]
    assert [benches[i] for i in (1, 3, 5, 8, 9)] == [1, "Gjestebud 1", 7, "Flere benker ved havna", "Adopted"]
    assert len(by_text["Bedre lys i parken æøå"]) == 9  # no measure: the measure cells stay blank


def test_measures_xlsx_lists_measures_in_order_of_support(db, topic_with_lines):
    topic, _ = topic_with_lines
    _, first, second = Sheet(b"".join(exports.measures_xlsx(db, topic))).rows()
    assert [cell[0] for cell in first] == ["Flere benker ved havna", "Adopted", 2, 11, 2, "1",
                                           "Vi setter ut **ti** benker.", "Proposals"]
    assert second[0][:2] == ("@SUM(A1) lys", "inlineStr")


def test_export_of_a_topic_without_reports_is_just_the_header(db, municipality, make_topic):
    topic = make_topic(municipality, slug="tomt")
    assert read_csv(exports.lines_csv(db, topic)) == [exports.line_header()]
    assert len(Sheet(b"".join(exports.measures_xlsx(db, topic))).rows()) == 1
    assert exports.export_filename(topic, "lines", "csv") == "tomt-lines.csv"


def test_themes_carry_their_kind_and_leave_status_and_answer_empty(db, topic_with_lines):
    """A measure of a strengths question is a ranked theme: no status, no answer, in both exports."""
    topic, _ = topic_with_lines
    topic.questions[0].kind = QuestionKind.STRENGTHS
    benches = db.query(Measure).filter_by(key="m1").one()
    benches.kind = QuestionKind.STRENGTHS
    db.commit()

    measures = read_csv(exports.measures_csv(db, topic))
    lines = {row[7]: row for row in read_csv(exports.lines_csv(db, topic))[1:]}

    assert measures[1] == ["Flere benker ved havna", "", "2", "11", "2", "1", "",
                           "Strengths (what is good today)"]
    assert lines["Benker langs havna"][8:] == ["Flere benker ved havna", "", "Strengths (what is good today)"]
    assert lines["Bedre lys i parken æøå"][10] == "Proposals"
