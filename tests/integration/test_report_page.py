"""The printable report for a political case document: method, numbers, measures and every visible line,
never a host's name, for the topic's own staff only."""

import re
from datetime import date, datetime, timezone
from pathlib import Path

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
    topic = make_topic(municipality)
    kari, _ = make_host(topic, email="kari@example.org", name="Kari Nordmann", area="Sjøvegan")
    ola, _ = make_host(topic, email="ola@example.org", name="Ola Hansen", area="Laksvatn")
    drafting, _ = make_host(topic, email="per@example.org", name="Per Venter", area="Laksvatn")
    submit(db, topic, kari, [["Flere benker ved havna", "Ring Kari på 912 34 567"], ["Bedre lys"]], 6,
           ages=(1, 2, 3, None))
    submit(db, topic, ola, [["Benker langs havna"], [], ["Kafé på torget"]], 4, ages=(None, 4, None, None))
    db.add(Report(host_id=drafting.id, topic_id=topic.id, status=ReportStatus.DRAFT, participants=5,
                  suggestions=[Suggestion(question_id=topic.questions[0].id, position=0, text="Et utkast")]))
    hidden = db.query(Suggestion).filter_by(text="Ring Kari på 912 34 567").one()
    hidden.hidden, hidden.hidden_reason = True, "personal_data"
    benches = Measure(topic_id=topic.id, key="m1", title="Flere benker ved havna",
                      status=MeasureStatus.PARTLY_ADOPTED, answer_md="Vi setter ut **ti** benker.",
                      support_gatherings=2, support_participants=10, line_count=2)
    db.add(benches)
    db.flush()
    for text in ("Flere benker ved havna", "Benker langs havna"):
        db.add(MeasureLine(suggestion_id=db.query(Suggestion).filter_by(text=text).one().id,
                           measure_id=benches.id))
    db.commit()
    return topic


@pytest.fixture
def page(client, login, make_user, municipality, topic):
    login(make_user(Role.PLANNER, municipality=municipality))
    response = client.get(f"/staff/planner/topics/{topic.id}/report")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html, heading_id):
    """A top-level part of the report, up to the next one (the charts inside are sections of their own)."""
    start = html.index(f'<section aria-labelledby="{heading_id}"')
    end = html.find('<section aria-labelledby="', start + 1)
    return html[start:end if end != -1 else len(html)]


def test_report_names_topic_municipality_method_and_questions(page):
    assert "<h1>Utvikling av Sjøvegan sentrum</h1>" in page
    assert "Salangen kommune" in page
    method = section(page, "method-heading")
    assert "4 to 8 people" in method and "one suggestion per line" in method
    assert re.findall(r"<li>(.*?)</li>", method) == ["Hva er bra med sentrum i dag?",
                                                     "Hva mangler i sentrum?",
                                                     "Hva bør kommunen gjøre først?"]


def test_report_numbers_count_submitted_reports_and_visible_lines(page):
    numbers = section(page, "numbers-heading")
    assert re.search(r'id="count-reports">2<', numbers)
    assert re.search(r'id="count-participants">10<', numbers)
    assert re.search(r'id="count-suggestions">4<', numbers)
    assert '<th scope="row">18–34</th><td class="number">6</td>' in numbers
    assert '<th scope="row">Laksvatn</th><td class="number">4</td>' in numbers
    assert numbers.count('role="img"') == 2 and numbers.count("<desc id=") == 2


def test_measures_table_has_status_label_support_and_answer(page):
    measures = section(page, "measures-heading")
    assert "<caption>" in measures and '<th scope="col">Status</th>' in measures
    row = re.search(r"<tr>\s*<th scope=\"row\">Flere benker ved havna</th>(.*?)</tr>", measures,
                    re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["Partly adopted", "2", "10", "Vi setter ut ti benker."]
    assert "<strong>ti</strong>" in row


def test_appendix_lists_every_visible_line_by_question_with_its_gathering(page):
    appendix = section(page, "appendix-heading")
    questions = re.split(r"<h3>", appendix)[1:]
    line = r'<span lang="\w+">(.*?)</span> <span class="muted">\((.*?)\)'
    assert [re.findall(line, q) for q in questions] == [
        [("Flere benker ved havna", "Gjestebud 1"), ("Benker langs havna", "Gjestebud 2")],
        [("Bedre lys", "Gjestebud 1")],
        [("Kafé på torget", "Gjestebud 2")],
    ]
    assert questions[1].startswith("Question 2: Hva mangler i sentrum?</h3>")


def test_report_never_shows_host_names_contacts_hidden_lines_or_drafts(page):
    for secret in ("Kari Nordmann", "Ola Hansen", "Per Venter", "kari@example.org", "912 34 567",
                   "Et utkast"):
        assert secret not in page


def test_report_headings_are_in_order_and_the_menu_is_left_out_of_print(page):
    headings = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(headings, headings[1:], strict=False))
    assert re.search(r'<div class="no-print">\s*<nav class="planner-nav"', page)
    assert '<section aria-labelledby="appendix-heading" class="report-appendix">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"


def test_print_stylesheet_sets_a4_and_starts_the_appendix_on_a_new_page(app):
    css = (Path(app.static_folder) / "gjestebud.css").read_text(encoding="utf-8")
    printable = css[css.index("/* --- Printable report"):]
    assert "size: A4; margin: 18mm;" in printable
    assert re.search(r"\.report-appendix \{ break-before: page;", printable)
    assert ".planner-nav { display: none; }" in printable


@pytest.mark.parametrize("role, own, status", [
    (Role.PLANNER, True, 200), (Role.ORGANISER, True, 200), (Role.ADMIN, False, 200),
    (Role.PLANNER, False, 404), (None, True, 302),
])
def test_report_access(client, login, make_user, make_municipality, municipality, topic, role, own, status):
    if role is Role.ADMIN:
        login(make_user(role))
    elif role is not None:
        login(make_user(role,
                        municipality=municipality if own else make_municipality("lavangen", "Lavangen")))
    assert client.get(f"/staff/planner/topics/{topic.id}/report").status_code == status
