"""The planner's reading view: submitted lines grouped by question, groups by number, never by name."""

from datetime import date, datetime, timezone

from gjestebud.models import Report, ReportStatus, Suggestion


def _report(db, host, topic, lines_per_question, participants=6, status=ReportStatus.SUBMITTED):
    report = Report(host_id=host.id, topic_id=topic.id, status=status, held_on=date.today(),
                    participants=participants, submitted_at=datetime.now(timezone.utc))
    for question, lines in zip(topic.questions, lines_per_question, strict=False):
        for position, text in enumerate(lines):
            report.suggestions.append(Suggestion(question_id=question.id, position=position, text=text))
    db.add(report)
    db.commit()
    return report


def test_planner_reads_submitted_lines_by_question_without_host_names(
        client, db, login, make_user, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    first, _ = make_host(topic, email="a@example.org", name="Kari Nordmann")
    second, _ = make_host(topic, email="b@example.org", name="Ola Hansen", area="Laksvatn")
    drafting, _ = make_host(topic, email="c@example.org", name="Per Draft")
    _report(db, first, topic, [["Flere benker ved havna"], ["Kafé i Huset mot havet", "Bedre busstilbud"]])
    _report(db, second, topic, [["Lys i parken"]], participants=4)
    _report(db, drafting, topic, [["Utkast som ikke er sendt"]], status=ReportStatus.DRAFT)
    hidden = _report(db, make_host(topic, email="d@example.org")[0], topic, [["Ring Kari på 99999999"]])
    hidden.suggestions[0].hidden = True
    db.commit()

    login(make_user("planner", municipality))
    page = client.get(f"/staff/planner/topics/{topic.id}/suggestions").get_data(as_text=True)

    for text in ("Flere benker ved havna", "Kafé i Huset mot havet", "Bedre busstilbud", "Lys i parken"):
        assert text in page
    assert "Utkast som ikke er sendt" not in page, "drafts are not counted"
    assert "99999999" not in page, "hidden lines never reach planners"
    assert "Kari Nordmann" not in page and "Ola Hansen" not in page
    assert "Gjestebud 1" in page and "Gjestebud 2" in page
    assert "<strong>3</strong> reports" in page
    assert "<strong>16</strong> participants" in page
    assert "<strong>4</strong> suggestions" in page
    # grouped: the second question's heading comes before its lines
    assert page.index(topic.questions[1].text) < page.index("Kafé i Huset mot havet")
