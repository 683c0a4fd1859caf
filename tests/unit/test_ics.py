"""The deadline calendar file: RFC 5545 escaping, folding, line endings and dates."""

from datetime import date, datetime, timezone

import pytest

from gjestebud import create_app
from gjestebud.ics import deadline_event, escape_text, fold
from gjestebud.models import Municipality, Topic


@pytest.fixture(scope="module")
def ics_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("ics") / "unused.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "ics", "DATABASE_URL": f"sqlite:///{path}"})
    yield app
    app.extensions["gjestebud.engine"].dispose()


@pytest.fixture(autouse=True)
def request_context(ics_app):
    with ics_app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def make_topic(title="Utvikling av Sjøvegan sentrum", deadline=date(2026, 3, 31)) -> Topic:
    topic = Topic(id=7, slug="sjovegan-sentrum", title=title, report_deadline=deadline,
                  updated_at=datetime(2026, 2, 1, 9, 30, tzinfo=timezone.utc))
    topic.municipality = Municipality(slug="salangen", name="Salangen kommune")
    return topic


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def property_of(lines: list[str], name: str) -> list[str]:
    return [line.partition(":")[2] for line in lines if line.split(":")[0].split(";")[0] == name]


@pytest.mark.parametrize("value, expected", [
    ("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\ntwo\r\nthree", "one\\ntwo\\nthree"), ("Sjøvegan", "Sjøvegan"),
    ("\\n", "\\\\n"),
])
def test_text_is_escaped(value, expected):
    assert escape_text(value) == expected


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "æøå" * 40
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"


def test_calendar_has_one_all_day_event_on_the_deadline_with_an_alarm_two_days_before():
    text = deadline_event(make_topic(), "https://gjestebud.example.no/")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("BEGIN:VALARM") == 1
    assert "DTSTART;VALUE=DATE:20260331" in lines and "DTEND;VALUE=DATE:20260401" in lines
    assert property_of(lines, "TRIGGER") == ["-P2D"]
    assert property_of(lines, "DTSTAMP") == ["20260201T093000Z"]
    assert property_of(lines, "UID") == ["topic-7-report-deadline@gjestebud.example.no"]
    assert property_of(lines, "SUMMARY") == ["Report deadline: Utvikling av Sjøvegan sentrum"]
    [description, _alarm] = property_of(lines, "DESCRIPTION")
    assert description.endswith("\\nhttps://gjestebud.example.no/salangen/sjovegan-sentrum/")
    assert property_of(lines, "URL") == ["https://gjestebud.example.no/salangen/sjovegan-sentrum/"]
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_uid_is_stable_when_the_deadline_moves():
    first = unfold(deadline_event(make_topic(deadline=date(2026, 3, 31)), "https://x.example"))
    moved = unfold(deadline_event(make_topic(deadline=date(2026, 4, 14)), "https://x.example"))
    assert property_of(first, "UID") == property_of(moved, "UID")
    assert "DTSTART;VALUE=DATE:20260414" in moved


def test_titles_with_commas_semicolons_and_newlines_are_escaped_in_the_summary():
    lines = unfold(deadline_event(make_topic(title="Hamar; sentrum, havn\\torg"), "https://x.example"))
    assert property_of(lines, "SUMMARY") == ["Report deadline: Hamar\\; sentrum\\, havn\\\\torg"]


def test_a_topic_without_deadline_has_no_event():
    with pytest.raises(ValueError):
        deadline_event(make_topic(deadline=None), "https://x.example")
