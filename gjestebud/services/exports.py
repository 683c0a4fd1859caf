"""Exports of a topic's visible lines and its consolidated measures, as CSV and XLSX.

Both are streamed: rows come from the database in batches (a server-side cursor on PostgreSQL), so a topic
with 100,000 lines is exported in bounded memory. The view wraps a generator in a Flask Response with
`stream_with_context`, so the request's session stays open while the rows are read.

Every row says what kind of question it comes from: only proposals are measures with a status and an answer;
strengths, contributions and open questions are ranked themes, so their status and answer cells stay empty.

Exports are for planners and the public record: they carry the group's number and area, never a host's
name, e-mail or phone, and never a hidden line.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import LANGUAGE_NAMES, _
from ..labels import MEASURE_STATUS, QUESTION_KIND
from ..models import Host, Measure, MeasureLine, Question, QuestionKind, Suggestion, Topic
from .suggestions import counted_lines

BATCH = 1000
CSV_DELIMITERS = (";", ",", "\t")
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_CHUNK = 64 * 1024

Cell = str | int | None


# A formula character right after a character that some spreadsheet splits cells or rows on (or a quote):
# opened with another separator than the file's, or with quotes ignored, the text after it becomes a cell.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n\"])(?=[=+\-@])")


def safe_cell(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula gets an apostrophe in front, at the start of the cell
    and after every separator character inside it, whatever separator the file uses; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = _FORMULA_AFTER_SEPARATOR.sub("'", value)
    return "'" + value if value.startswith(FORMULA_START) else value


# --- rows -------------------------------------------------------------------------------------------------


def line_header() -> list[str]:
    return [_("Line"), _("Question number"), _("Question"), _("Gathering"), _("Area"), _("Participants"),
            _("Language"), _("Suggestion"), _("Measure"), _("Measure status"), _("Question kind")]


def line_rows(session: Session, topic: Topic) -> Iterator[list[Cell]]:
    """Every visible line of the topic's submitted reports, in question order, then by gathering."""
    statement = (
        counted_lines(topic)
        .add_columns(Question.position, Question.text, Measure.title, Measure.status, Question.kind)
        .join(Question, Suggestion.question_id == Question.id)
        .outerjoin(MeasureLine, MeasureLine.suggestion_id == Suggestion.id)
        .outerjoin(Measure, Measure.id == MeasureLine.measure_id)
        .order_by(Question.position, Host.number, Suggestion.position, Suggestion.id)
    )
    result = session.execute(statement, execution_options={"yield_per": BATCH})
    for (line_id, text, _question_id, gathering, area, participants, language, question_number,
         question_text, measure_title, measure_status, kind) in result:
        decided = measure_status is not None and kind is QuestionKind.PROPOSALS
        yield [line_id, question_number, question_text, _("Gjestebud %(number)s", number=gathering), area,
               participants, LANGUAGE_NAMES.get(language, language), text, measure_title,
               str(MEASURE_STATUS[measure_status]) if decided else None, str(QUESTION_KIND[kind])]


def measure_header() -> list[str]:
    return [_("Measure"), _("Status"), _("Groups"), _("Participants"), _("Lines"), _("Questions"),
            _("Public answer"), _("Kind")]


def _questions_by_measure(session: Session, topic: Topic) -> dict[int, list[int]]:
    """The numbers of the questions each measure's visible lines answer."""
    lines = counted_lines(topic).subquery()
    rows = session.execute(
        select(MeasureLine.measure_id, Question.position).distinct()
        .join(lines, lines.c.id == MeasureLine.suggestion_id)
        .join(Question, Question.id == lines.c.question_id)
        .order_by(MeasureLine.measure_id, Question.position)
    )
    numbers: dict[int, list[int]] = defaultdict(list)
    for measure_id, position in rows:
        numbers[measure_id].append(position)
    return numbers


def measure_rows(session: Session, topic: Topic) -> Iterator[list[Cell]]:
    """The consolidated measures, most supported first."""
    questions = _questions_by_measure(session, topic)
    statement = (
        select(Measure.id, Measure.title, Measure.status, Measure.support_gatherings,
               Measure.support_participants, Measure.line_count, Measure.answer_md, Measure.kind)
        .where(Measure.topic_id == topic.id)
        .order_by(Measure.support_gatherings.desc(), Measure.support_participants.desc(), Measure.title,
                  Measure.id)
    )
    for measure_id, title, status, gatherings, participants, line_count, answer, kind in session.execute(
            statement, execution_options={"yield_per": BATCH}):
        proposal = kind is QuestionKind.PROPOSALS
        yield [title, str(MEASURE_STATUS[status]) if proposal else None, gatherings, participants, line_count,
               ", ".join(str(number) for number in questions.get(measure_id, [])),
               answer if proposal else None, str(QUESTION_KIND[kind])]


# --- CSV --------------------------------------------------------------------------------------------------


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, delimiter: str = ";",
               rows_per_chunk: int = 500) -> Iterator[str]:
    """UTF-8 text with a byte order mark (so Excel reads æøå right); `;` is what Norwegian Excel expects."""
    if delimiter not in CSV_DELIMITERS:
        raise ValueError(f"unsupported delimiter {delimiter!r}")
    buffer = io.StringIO()
    # Every field quoted, so a separator or line break inside a text never starts a new cell or row.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    buffer.write("\ufeff")
    writer.writerow([safe_cell(cell) for cell in header])
    for count, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell) for cell in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def lines_csv(session: Session, topic: Topic, *, delimiter: str = ";") -> Iterator[str]:
    return csv_chunks(line_header(), line_rows(session, topic), delimiter=delimiter)


def measures_csv(session: Session, topic: Topic, *, delimiter: str = ";") -> Iterator[str]:
    return csv_chunks(measure_header(), measure_rows(session, topic), delimiter=delimiter)


# --- XLSX -------------------------------------------------------------------------------------------------

# Column widths in characters: long texts get wide, wrapped columns; numbers narrow ones.
LINE_WIDTHS = (8, 10, 40, 14, 16, 12, 10, 60, 40, 16, 24)
MEASURE_WIDTHS = (50, 16, 10, 12, 8, 12, 60, 24)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def xlsx_chunks(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]],
                widths: Sequence[int]) -> Iterator[bytes]:
    """One sheet with a bold, frozen header row, an autofilter and set column widths.

    Written in xlsxwriter's constant-memory mode to a temporary file (a ZIP needs its directory written
    last), then streamed from there. Text is always written as text, never read as a formula or a link.
    """
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        workbook = xlsxwriter.Workbook(file, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        sheet = workbook.add_worksheet(_SHEET_NAME_FORBIDDEN.sub(" ", sheet_name)[:31] or "Sheet1")
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, header, bold)
        last_row = 0
        for last_row, row in enumerate(rows, 1):
            sheet.write_row(last_row, 0, [_xlsx_value(cell) for cell in row])
        sheet.autofilter(0, 0, last_row, len(header) - 1)
        workbook.close()
        file.seek(0)
        while chunk := file.read(XLSX_CHUNK):
            yield chunk


def _xlsx_value(cell: Cell) -> Any:
    """xlsxwriter writes None as a blank it must format; an empty string is simply skipped."""
    return "" if cell is None else cell


def lines_xlsx(session: Session, topic: Topic) -> Iterator[bytes]:
    return xlsx_chunks(_("Lines"), line_header(), line_rows(session, topic), LINE_WIDTHS)


def measures_xlsx(session: Session, topic: Topic) -> Iterator[bytes]:
    return xlsx_chunks(_("Measures"), measure_header(), measure_rows(session, topic), MEASURE_WIDTHS)


def export_filename(topic: Topic, what: str, extension: str) -> str:
    """An ASCII file name such as `sjovegan-sentrum-lines.csv` (the topic slug is already ASCII)."""
    return f"{topic.slug}-{what}.{extension}"
